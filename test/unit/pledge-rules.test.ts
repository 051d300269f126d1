import {
  caseRounds,
  defaultStepConfig,
  pledgeProblems,
  postCheckSampled,
  roundTimes,
  samplePoint,
  type ReportEvent,
  type ServiceVersionSnapshot,
  type WorkingClock,
} from '../../libs/domain';

/** Every instant counts: elapsed and working time agree. */
const continuousClock = { workingTimeBetween: (from: Date, to: Date) => to.getTime() - from.getTime() } as WorkingClock;

const version: ServiceVersionSnapshot = {
  serviceCode: 'restaurant-opening',
  name: 'Restaurant',
  version: 1,
  overallLimitDays: 30,
  steps: [
    {
      key: 'licence',
      departmentCode: 'market',
      after: [],
      config: defaultStepConfig({ pledge: { allowed: true, postCheckRate: 0.2 } }),
    },
    { key: 'fire', departmentCode: 'fire', after: [], config: defaultStepConfig() },
    {
      key: 'environment',
      departmentCode: 'environment',
      after: [],
      config: defaultStepConfig({
        pledge: { allowed: true, postCheckRate: 1 },
        fields: [{ key: 'area', label: { zh: '面积', en: 'Area' }, type: 'number', required: false }],
        includeWhen: { field: 'area', op: 'gt', value: 150 },
      }),
    },
  ],
};

describe('pledges at filing (告知承诺)', () => {
  test('a pledge for a step that allows it and applies is accepted', () => {
    expect(pledgeProblems(version, { area: 200 }, { licence: true, environment: true })).toEqual([]);
    expect(pledgeProblems(version, {}, {})).toEqual([]);
  });

  test('each wrong pledge is named at pledges.<key> with its rule', () => {
    const problems = pledgeProblems(
      version,
      { area: 100 },
      {
        fire: true,
        nosuch: true,
        licence: false,
        environment: true,
      },
    );
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['pledges.fire', 'PLEDGE_NOT_ALLOWED'],
      ['pledges.nosuch', 'PLEDGE_UNKNOWN_STEP'],
      ['pledges.licence', 'PLEDGE_NOT_TRUE'],
      ['pledges.environment', 'PLEDGE_STEP_NOT_APPLICABLE'],
    ]);
    expect(problems[0].message).toBe('step "fire" does not allow approval on pledge (告知承诺)');
  });

  test('a pledged step cannot also wait for a material deferred at filing: it approves at once', () => {
    const withMaterial: ServiceVersionSnapshot = {
      ...version,
      steps: version.steps.map((step) =>
        step.key === 'licence'
          ? {
              ...step,
              config: {
                ...step.config,
                materials: [{ code: 'hygiene-plan', name: '卫生制度', kind: 'non-core' }],
                deferrable: { allowed: true, supplyWithinDays: 5 },
              },
            }
          : step,
      ),
    };
    expect(pledgeProblems(withMaterial, {}, { licence: true }, ['hygiene-plan'])).toEqual([
      expect.objectContaining({
        path: 'pledges.licence',
        rule: 'PLEDGE_WITH_DEFERRED_MATERIAL',
        params: { step: 'licence', codes: 'hygiene-plan' },
      }),
    ]);
    // Supplied at filing instead, or deferred without the pledge: both fine.
    expect(pledgeProblems(withMaterial, {}, { licence: true }, [])).toEqual([]);
  });
});

describe('post-check sampling', () => {
  test('rate 0 never samples and rate 1 always does', () => {
    for (let i = 0; i < 200; i += 1) {
      expect(postCheckSampled(`case-${i}`, 'licence', 0)).toBe(false);
      expect(postCheckSampled(`case-${i}`, 'licence', 1)).toBe(true);
    }
  });

  test('the same case and step always give the same answer; a rate samples about that share', () => {
    expect(postCheckSampled('a1', 'licence', 0.5)).toBe(postCheckSampled('a1', 'licence', 0.5));
    const ids = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const share = ids.filter((id) => postCheckSampled(id, 'licence', 0.2)).length / ids.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
  });

  test('the sample point lies in [0, 1)', () => {
    for (const text of ['', 'a', 'licence', '中文']) {
      expect(samplePoint(text)).toBeGreaterThanOrEqual(0);
      expect(samplePoint(text)).toBeLessThan(1);
    }
  });
});

describe('the reports’ replay of a pledge', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 9, 12, 1, 0, s)).toISOString();
  const events: ReportEvent[] = [
    { at: at(0), kind: 'filed' },
    { at: at(1), kind: 'step_started', stepKey: 'licence', round: 1 },
    { at: at(1), kind: 'task_created', stepKey: 'licence', round: 1, data: { dueAt: at(50) } },
    { at: at(1), kind: 'decided', stepKey: 'licence', round: 1, data: { outcome: 'approve', basis: 'pledge' } },
    { at: at(2), kind: 'approved' },
    { at: at(3), kind: 'post_check_opened', stepKey: 'licence', data: { taskId: 't' } },
    { at: at(4), kind: 'claimed', stepKey: 'licence', data: { taskId: 't', taskKind: 'post_check' } },
    { at: at(9), kind: 'post_check_failed', stepKey: 'licence', data: { outcome: 'post_check_fail' } },
  ];

  test('a pledge approval is a finish with zero queue and handling time; the post-check makes no round', () => {
    const rounds = caseRounds({ applicationId: 'a', serviceCode: 's', steps: version.steps, events });
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ stepKey: 'licence', outcome: 'approve', basis: 'pledge', firstClaimedAt: null });
    const times = roundTimes(rounds[0], continuousClock, new Date(at(60)));
    expect([times.queue.elapsedMs, times.handling.elapsedMs, times.paused.elapsedMs]).toEqual([0, 0, 0]);
  });
});
