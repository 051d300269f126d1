import type { RuleProblem } from '../../../libs/domain';

/** Error codes that belong to no single feature: input, infrastructure and the unknown. */
export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  /** The body could not be parsed at all (broken JSON). */
  MalformedRequest = 'MALFORMED_REQUEST',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  /** Too many attempts in a short time (sign-in is throttled); retry after the Retry-After header. */
  TooManyRequests = 'TOO_MANY_REQUESTS',
  TemporalUnavailable = 'TEMPORAL_UNAVAILABLE',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

/**
 * One reason a request was refused as malformed; `field` is a dotted path, a query parameter or a
 * header. The rule and its params say it for translation, the message in English.
 */
export type FieldProblem = RuleProblem & { field: string };
