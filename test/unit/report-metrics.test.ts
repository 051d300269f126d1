import {
  caseRounds,
  caseStageFinishes,
  median,
  p90,
  parallelStageGroups,
  percentileCont,
  reportMetrics,
  roundTimes,
  type GroupMetrics,
  type ReportCase,
} from '../../libs/domain';

import { caseA, caseB, clock, ev, HOUR, route, T } from '../support/report-cases';

const hours = (ms: number) => ms / HOUR;

describe('percentiles (Postgres percentile_cont semantics)', () => {
  test('interpolate linearly at fraction × (n − 1); nothing to measure is null', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(p90([1, 2, 3, 4])).toBeCloseTo(3.7, 10);
    expect(percentileCont([1, 2, 20], 0.9)).toBeCloseTo(16.4, 10);
    expect(median([7])).toBe(7);
    expect(p90([])).toBeNull();
    expect(() => percentileCont([1], 1.5)).toThrow(RangeError);
  });
});

describe('round metrics from the event log', () => {
  const rounds = caseRounds(caseA);
  const round = (stepKey: string, n: number) => rounds.find((r) => r.stepKey === stepKey && r.round === n)!;
  const timesOf = (stepKey: string, n: number) => roundTimes(round(stepKey, n), clock, T(200));

  test('one record per task, with its department from the route', () => {
    expect(rounds.map((r) => `${r.departmentCode}:${r.stepKey}#${r.round}`)).toEqual([
      'MKT:market#1',
      'FIRE:fire#1',
      'ENV:env#1',
      'FIRE:fire#2',
      'ADMIN:sign#1',
    ]);
  });

  test('a release sends the task back to the queue: queue time is all unclaimed time; a reassignment of a held task only changes hands', () => {
    const market = round('market', 1);
    expect(market.firstClaimedAt).toEqual(T(2));
    expect(market.releasedAt).toEqual([T(3)]);
    expect(market.reassignedAt).toEqual([T(6)]);
    const times = timesOf('market', 1);
    expect(hours(times.queue.elapsedMs)).toBe(4);
    expect(hours(times.handling.elapsedMs)).toBe(4);
    expect(times.paused.elapsedMs + times.applicant.elapsedMs).toBe(0);
  });

  test('a pause is paused time, not handling; a supplement request waits on the applicant until answered', () => {
    const fire1 = round('fire', 1);
    expect(fire1.outcome).toBe('request_supplement');
    expect(fire1.answeredAt).toEqual(T(30));
    expect(fire1.dueDates.map((d) => d.dueAt)).toEqual([T(56), T(64)]);
    const times = timesOf('fire', 1);
    expect(hours(times.queue.elapsedMs)).toBe(2);
    expect(hours(times.handling.elapsedMs)).toBe(4);
    expect(hours(times.paused.elapsedMs)).toBe(8);
    expect(hours(times.applicant.elapsedMs)).toBe(8);
    // An open supplement wait counts up to the instant asked about.
    expect(hours(roundTimes(fire1, clock, T(26)).applicant.elapsedMs)).toBe(4);
  });

  test('working time leaves out the weekend: the second fire round is held 80 h, 70 of them working', () => {
    const fire2 = round('fire', 2);
    expect(fire2.breachedAt).toEqual(T(72));
    expect(fire2.cards).toEqual([
      { level: 'warning', at: T(48) },
      { level: 'yellow', at: T(72) },
    ]);
    expect(fire2.urgedAt).toEqual([T(40)]);
    const times = timesOf('fire', 2);
    expect(hours(times.queue.elapsedMs)).toBe(20);
    expect(hours(times.handling.elapsedMs)).toBe(80);
    expect(hours(times.handling.workingMs)).toBe(70);
    const sign = timesOf('sign', 1);
    expect(hours(sign.queue.elapsedMs)).toBe(40);
    expect(hours(sign.queue.workingMs)).toBe(2);
  });

  test('a deemed approval is the decision of a round that was never claimed, and carries its breach', () => {
    const env = round('env', 1);
    expect(env).toMatchObject({ deemedApproved: true, basis: 'deemed', outcome: 'approve', firstClaimedAt: null });
    expect(env.breachedAt).toEqual(T(32));
    expect(hours(timesOf('env', 1).queue.elapsedMs)).toBe(24);
    expect(timesOf('env', 1).handling.elapsedMs).toBe(0);
  });
});

describe('critical path', () => {
  test('a parallel stage is the steps with the same predecessors', () => {
    expect(parallelStageGroups(route)).toEqual([['market'], ['fire', 'env'], ['sign']]);
  });

  test('the department that finished last held the case up from the previous finish to its own', () => {
    const [stage, ...others] = caseStageFinishes(caseA, clock);
    expect(others).toEqual([]);
    expect(stage).toMatchObject({
      applicationId: 'case-a',
      stepKeys: ['fire', 'env'],
      departmentCodes: ['FIRE', 'ENV'],
      lastStepKey: 'fire',
      lastDepartmentCode: 'FIRE',
      finishedAt: T(130),
      previousFinishAt: T(32),
    });
    expect(hours(stage.added.elapsedMs)).toBe(98);
    expect(hours(stage.added.workingMs)).toBe(88);
    expect(caseStageFinishes(caseB, clock)[0]).toMatchObject({ lastDepartmentCode: 'ENV' });
  });

  test('skipped steps do not count, a stage of one is not parallel, an unfinished stage has no last finisher', () => {
    const skipped: ReportCase = {
      ...caseB,
      events: [ev('step_skipped', 0, 'env'), ...caseB.events.filter((e) => e.stepKey !== 'env')],
    };
    expect(caseStageFinishes(skipped, clock)).toEqual([]);
    const unfinished: ReportCase = {
      ...caseB,
      events: caseB.events.filter((e) => !(e.stepKey === 'env' && e.kind === 'decided')),
    };
    expect(caseStageFinishes(unfinished, clock)).toEqual([]);
  });
});

describe('report metrics over a window', () => {
  const full = reportMetrics({
    cases: [caseA, caseB],
    clock,
    window: { from: T(0), to: T(192) },
    groupBy: 'department',
  });
  const group = (metrics: { groups: GroupMetrics[] }, code: string) =>
    metrics.groups.find((g) => g.departmentCode === code)!;

  test('every department on the routes is a group, sorted', () => {
    expect(full.groups.map((g) => g.departmentCode)).toEqual(['ADMIN', 'ENV', 'FIRE', 'MKT']);
  });

  test('the fire department over the whole scenario: medians and p90 of each kind of time, breaches, cards, urges', () => {
    const fire = group(full, 'FIRE');
    expect(fire).toMatchObject({
      wip: 0,
      arrivals: 3,
      throughput: 3,
      breaches: 1,
      overdueOpen: 0,
      oldestOverdue: null,
      deemedApprovals: 0,
      supplementRounds: { total: 1, perCase: 0.5 },
      warnings: 1,
      yellowCards: 1,
      redCards: 0,
      urges: 1,
      reassignments: 0,
    });
    expect(fire.breachRate).toBeCloseTo(1 / 3, 10);
    // Queue [1, 2, 20] h: median 2, p90 at position 1.8 → 2 + 0.8 × 18.
    expect(fire.queueTime).toMatchObject({ count: 3, p50Hours: 2 });
    expect(fire.queueTime.p90Hours).toBeCloseTo(16.4, 10);
    expect(fire.queueTime.p90WorkingDays).toBeCloseTo(16.4 / 24, 10);
    // Handling [1, 4, 80] h elapsed, [1, 4, 70] working.
    expect(fire.handlingTime.p50Hours).toBe(4);
    expect(fire.handlingTime.p90Hours).toBeCloseTo(64.8, 10);
    expect(fire.handlingTime.p50WorkingDays).toBeCloseTo(4 / 24, 10);
    expect(fire.handlingTime.p90WorkingHours).toBeCloseTo(56.8, 10);
    expect(fire.handlingTime.p90WorkingDays).toBeCloseTo(56.8 / 24, 10);
    // Paused and applicant [0, 0, 8] h.
    expect(fire.pausedTime.p50Hours).toBe(0);
    expect(fire.pausedTime.p90Hours).toBeCloseTo(6.4, 10);
    expect(fire.applicantTime.p50Hours).toBe(0);
    expect(fire.applicantTime.p90Hours).toBeCloseTo(6.4, 10);
  });

  test('the other departments: a deemed approval with its breach, a reassignment, weekend queue time', () => {
    const env = group(full, 'ENV');
    expect(env).toMatchObject({ throughput: 2, breaches: 1, breachRate: 0.5, deemedApprovals: 1 });
    expect(env.queueTime.p50Hours).toBe(12.5);
    expect(env.handlingTime.p50Hours).toBe(3.5);
    const market = group(full, 'MKT');
    expect(market).toMatchObject({ throughput: 2, reassignments: 1, breaches: 0, breachRate: 0 });
    expect(market.queueTime.p50Hours).toBe(2.5);
    expect(market.queueTime.p90Hours).toBeCloseTo(3.7, 10);
    const admin = group(full, 'ADMIN');
    expect(admin.queueTime.p50Hours).toBe(20.5);
    expect(admin.queueTime.p50WorkingHours).toBeCloseTo(1.5, 10);
    expect(admin.queueTime.p50WorkingDays).toBeCloseTo(1.5 / 24, 10);
  });

  test('critical-path share: how often each department finished its parallel stages last, and the time it added', () => {
    const share = Object.fromEntries(full.criticalPath.map((c) => [c.departmentCode, c]));
    expect(share.FIRE).toMatchObject({
      stages: 2,
      timesLast: 1,
      share: 0.5,
      totalHoursAdded: 98,
      medianHoursAdded: 98,
    });
    expect(share.FIRE.totalWorkingDaysAdded).toBeCloseTo(88 / 24, 10);
    expect(share.ENV).toMatchObject({ stages: 2, timesLast: 1, share: 0.5, totalHoursAdded: 6, medianHoursAdded: 6 });
    expect(share.ENV.medianWorkingDaysAdded).toBeCloseTo(0.25, 10);
    // Never in a parallel stage: zero, not absent.
    for (const code of ['MKT', 'ADMIN']) {
      expect(share[code]).toEqual({
        departmentCode: code,
        stages: 0,
        timesLast: 0,
        share: 0,
        totalHoursAdded: 0,
        medianHoursAdded: 0,
        totalWorkingDaysAdded: 0,
        medianWorkingDaysAdded: 0,
      });
    }
  });

  test('a window ending mid-case: decided rounds by their decision, open work and the oldest overdue task at its end', () => {
    const early = reportMetrics({
      cases: [caseA, caseB],
      clock,
      window: { from: T(0), to: T(80) },
      groupBy: 'department',
    });
    const fire = group(early, 'FIRE');
    expect(fire).toMatchObject({
      wip: 1,
      arrivals: 3,
      throughput: 2,
      breaches: 0,
      breachRate: 0,
      overdueOpen: 1,
      supplementRounds: { total: 1, perCase: 0.5 },
      warnings: 1,
      yellowCards: 1,
      urges: 1,
    });
    expect(fire.oldestOverdue).toMatchObject({ applicationId: 'case-a', stepKey: 'fire', round: 2, dueAt: T(72) });
    expect(hours(fire.oldestOverdue!.overdue.workingMs)).toBe(8);
    // Queue [1, 2], handling [1, 4], paused and applicant [0, 8].
    expect(fire.queueTime.p50Hours).toBe(1.5);
    expect(fire.queueTime.p90Hours).toBeCloseTo(1.9, 10);
    expect(fire.handlingTime.p90Hours).toBeCloseTo(3.7, 10);
    expect(fire.pausedTime.p50Hours).toBe(4);
    expect(fire.applicantTime.p90Hours).toBeCloseTo(7.2, 10);
    // Case A's stage finished at 130, after this window; only case B's (env last) is in it.
    const share = Object.fromEntries(early.criticalPath.map((c) => [c.departmentCode, c]));
    expect(share.FIRE).toMatchObject({ stages: 1, timesLast: 0, share: 0 });
    expect(share.ENV).toMatchObject({ stages: 1, timesLast: 1, share: 1, totalHoursAdded: 6 });
    // Work in progress at 30: fire round 2 just created (queued) and env in its queue.
    const at30 = reportMetrics({ cases: [caseA], clock, window: { from: T(0), to: T(30) }, groupBy: 'department' });
    expect(group(at30, 'FIRE').wip).toBe(1);
    expect(group(at30, 'ENV').wip).toBe(1);
  });

  test('grouped by department × service and by step, with the critical path per department × service', () => {
    const bySteps = reportMetrics({
      cases: [caseA, caseB],
      clock,
      window: { from: T(0), to: T(192) },
      groupBy: 'step',
    });
    expect(bySteps.groups.map((g) => `${g.departmentCode}/${g.serviceCode}/${g.stepKey}`)).toEqual([
      'ADMIN/restaurant/sign',
      'ENV/restaurant/env',
      'FIRE/restaurant/fire',
      'MKT/restaurant/market',
    ]);
    const byService = reportMetrics({
      cases: [caseA, caseB],
      clock,
      window: { from: T(0), to: T(192) },
      groupBy: 'departmentService',
    });
    expect(byService.groups.find((g) => g.departmentCode === 'FIRE')).toMatchObject({
      serviceCode: 'restaurant',
      throughput: 3,
    });
    expect(byService.criticalPath.find((c) => c.departmentCode === 'FIRE')).toMatchObject({
      serviceCode: 'restaurant',
      timesLast: 1,
      share: 0.5,
    });
  });
});
