import { defaultStepConfig } from '../../libs/domain';
import type { ApiUser } from './process-stack';

/** A valid step config (as JSON for the API); tests override what they are about. */
export const stepConfig = (overrides: Record<string, unknown> = {}) => ({
  ...defaultStepConfig({ timeLimitDays: 3 }),
  ...overrides,
});

export interface RouteStepInput {
  key: string;
  departmentCode: string;
  after: string[];
}

/**
 * Sets up a service through the API as the people who own each part would: the coordinating CIO
 * creates or re-routes it, each step's department CIO configures that step (with If-Match), and
 * the coordinating CIO publishes. Returns the published version number.
 */
export async function publishThroughApi(options: {
  coord: ApiUser;
  cios: Record<string, ApiUser>;
  code: string;
  route: RouteStepInput[];
  configs: Record<string, Record<string, unknown>>;
  overallLimitDays?: number;
}): Promise<number> {
  const { coord, cios, code, route, configs } = options;
  const existing = await coord.request('GET', `/services/${code}`);
  if (existing.status === 404) {
    const body = { code, name: `Test ${code}`, overallLimitDays: options.overallLimitDays ?? 30, steps: route };
    const created = await coord.request('POST', '/services', body);
    if (created.status !== 201) throw new Error(`create ${code}: ${created.status} ${JSON.stringify(created.body)}`);
  } else {
    const draft = existing.body.draft;
    const body = {
      name: draft.name,
      overallLimitDays: options.overallLimitDays ?? draft.overallLimitDays,
      steps: route,
    };
    const updated = await coord.request('PUT', `/services/${code}`, body, { 'if-match': `"${draft.routeRevision}"` });
    if (updated.status !== 200) throw new Error(`re-route ${code}: ${updated.status} ${JSON.stringify(updated.body)}`);
  }
  const draft = (await coord.request('GET', `/services/${code}`)).body.draft;
  for (const step of route) {
    const config = configs[step.key];
    if (!config) continue;
    const revision: number = draft.steps.find((s: { key: string }) => s.key === step.key).revision;
    const cio = cios[step.departmentCode];
    const done = await cio.request('PUT', `/services/${code}/steps/${step.key}`, config, {
      'if-match': `"${revision}"`,
    });
    if (done.status !== 200) throw new Error(`configure ${step.key}: ${done.status} ${JSON.stringify(done.body)}`);
  }
  const published = await coord.request('POST', `/services/${code}/publish`);
  if (published.status !== 201)
    throw new Error(`publish ${code}: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body.version as number;
}
