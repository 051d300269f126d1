import {
  applyRouteEdit,
  applyStepEdit,
  draftFromVersion,
  newDraft,
  snapshotOfDraft,
} from '../../libs/domain/service/service-draft';
import { defaultStepConfig } from '../../libs/domain/service/step-config';
import { RESTAURANT_OPENING_V1 } from '../../libs/persistence/seed/demo-data';

describe('service drafts', () => {
  test('a service without a draft starts one from its published version, configs kept, revisions 1', () => {
    const draft = draftFromVersion(RESTAURANT_OPENING_V1);
    expect(draft.routeRevision).toBe(1);
    expect(draft.overallLimitDays).toBe(20);
    expect(draft.steps.map((s) => [s.key, s.revision, s.config?.timeLimitDays])).toEqual([
      ['business-licence', 1, 3],
      ['fire-safety', 1, 5],
      ['environment-review', 1, 5],
      ['health-permit', 1, 5],
      ['tax-registration', 1, 2],
    ]);
  });

  test('a new service starts with every step unconfigured', () => {
    const draft = newDraft({
      name: 'x',
      overallLimitDays: 5,
      steps: [{ key: 'a', departmentCode: 'market', after: [] }],
    });
    expect(draft).toEqual({
      name: 'x',
      overallLimitDays: 5,
      routeRevision: 1,
      steps: [{ key: 'a', departmentCode: 'market', after: [], config: null, revision: 1 }],
    });
  });

  test('a route edit keeps configs of steps that stay with their department and clears moved ones', () => {
    const start = applyStepEdit(
      draftFromVersion(RESTAURANT_OPENING_V1),
      'tax-registration',
      defaultStepConfig({ timeLimitDays: 1 }),
    );
    const edited = applyRouteEdit(start, {
      name: 'renamed',
      overallLimitDays: 15,
      steps: [
        { key: 'business-licence', departmentCode: 'market', after: [] },
        { key: 'fire-safety', departmentCode: 'fire', after: ['business-licence'] },
        { key: 'tax-registration', departmentCode: 'market', after: ['fire-safety'] },
        { key: 'signage', departmentCode: 'housing', after: [] },
      ],
    });
    expect(edited.routeRevision).toBe(2);
    expect(edited.name).toBe('renamed');
    expect(edited.steps.map((s) => [s.key, s.revision, s.config === null])).toEqual([
      ['business-licence', 1, false],
      ['fire-safety', 1, false],
      // Was tax's at revision 2; the new owner starts from nothing, and old-owner edits are stale.
      ['tax-registration', 3, true],
      ['signage', 1, true],
    ]);
    expect(edited.steps[1].after).toEqual(['business-licence']);
  });

  test('a step edit bumps only that step', () => {
    const draft = applyStepEdit(
      draftFromVersion(RESTAURANT_OPENING_V1),
      'fire-safety',
      defaultStepConfig({ timeLimitDays: 4 }),
    );
    expect(draft.routeRevision).toBe(1);
    expect(draft.steps.map((s) => s.revision)).toEqual([1, 2, 1, 1, 1]);
    expect(draft.steps[1].config?.timeLimitDays).toBe(4);
  });

  test('a snapshot of a draft is the version a workflow runs on', () => {
    const snapshot = snapshotOfDraft('restaurant-opening', 2, draftFromVersion(RESTAURANT_OPENING_V1));
    expect(snapshot).toEqual({ ...RESTAURANT_OPENING_V1, version: 2 });
  });
});
