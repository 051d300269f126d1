/**
 * Custom search attributes set on application workflows, as plain data so workflow code can use
 * them (they have the shape of @temporalio/common's SearchAttributeKey). They must be registered
 * on the server: the local dev server gets them as start flags, a cluster via ensureSearchAttributes().
 */
export const APPLICATION_SEARCH_ATTRIBUTES = {
  applicationNumber: { name: 'ApplicationNumber', type: 'KEYWORD' },
  serviceCode: { name: 'ServiceCode', type: 'KEYWORD' },
  enterpriseId: { name: 'EnterpriseId', type: 'KEYWORD' },
  applicationStatus: { name: 'ApplicationStatus', type: 'KEYWORD' },
} as const;
