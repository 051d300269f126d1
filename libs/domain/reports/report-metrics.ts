import type { WorkingClock } from '../calendar/working-clock';
import { caseStageFinishes, type StageFinish } from './critical-path';
import { median, p90 } from './percentiles';
import {
  caseRounds,
  dueAtAsOf,
  isOverdueAt,
  isWorkInProgress,
  roundTimes,
  type ReportCase,
  type RoundRecord,
  type TimeAmount,
} from './round-metrics';

/**
 * Which instant places what in a window `[from, to)` (from inclusive, to exclusive):
 * - arrivals: the round's task creation;
 * - throughput and everything measured on a finished round — the four times, breaches and the
 *   breach rate, deemed approvals, supplement requests: the round's decision. Its times are taken
 *   as of `to` (a supplement wait still open at `to` counts up to `to`), so a past window's report
 *   does not change when it is recomputed later;
 * - warnings, cards, urges, reassignments: the instant of each event;
 * - work in progress, overdue open tasks and the oldest of them: the state at the instant `to`;
 * - critical-path stages: the instant the stage finished (its last step's final decision).
 */
export interface ReportWindow {
  from: Date;
  to: Date;
}

/**
 * Median and p90 of one kind of time (Postgres `percentile_cont` semantics), elapsed and working.
 * Working hours are working days × 24, so they read the same on the demo clock, whose working day
 * lasts only seconds. Null when there is nothing to measure.
 */
export interface TimeSummary {
  count: number;
  p50Hours: number | null;
  p90Hours: number | null;
  p50WorkingHours: number | null;
  p90WorkingHours: number | null;
  p50WorkingDays: number | null;
  p90WorkingDays: number | null;
  /** Sums, so the parts of a department's time can be compared (0 when nothing was measured). */
  totalHours: number;
  totalWorkingDays: number;
}

export type ReportGrouping = 'department' | 'departmentService' | 'step';

export interface OverdueTask {
  applicationId: string;
  stepKey: string;
  round: number;
  dueAt: Date;
  /** How far past its due date the task is at the window's end. */
  overdue: TimeAmount;
}

export interface GroupMetrics {
  departmentCode: string;
  /** Present when grouped by department × service or by step. */
  serviceCode?: string;
  /** Present when grouped by step. */
  stepKey?: string;
  wip: number;
  arrivals: number;
  throughput: number;
  queueTime: TimeSummary;
  handlingTime: TimeSummary;
  applicantTime: TimeSummary;
  pausedTime: TimeSummary;
  breaches: number;
  /** breaches / throughput; null when nothing was decided. */
  breachRate: number | null;
  overdueOpen: number;
  oldestOverdue: OverdueTask | null;
  deemedApprovals: number;
  /** Supplement requests, and per case decided on in the window. */
  supplementRounds: { total: number; perCase: number | null };
  warnings: number;
  yellowCards: number;
  redCards: number;
  urges: number;
  reassignments: number;
}

/**
 * A department's share of the critical path: of the parallel stages it took part in (finished in
 * the window), how often it finished last, and the time it added then (previous finish → its own).
 */
export interface CriticalPathMetrics {
  departmentCode: string;
  serviceCode?: string;
  stages: number;
  timesLast: number;
  /** timesLast / stages; 0 for a department never in a parallel stage. */
  share: number;
  totalHoursAdded: number;
  medianHoursAdded: number;
  totalWorkingDaysAdded: number;
  medianWorkingDaysAdded: number;
}

export interface ReportMetrics {
  groups: GroupMetrics[];
  criticalPath: CriticalPathMetrics[];
}

const HOUR_MS = 3600 * 1000;

const within = (at: Date | null, window: ReportWindow): boolean =>
  at !== null && at.getTime() >= window.from.getTime() && at.getTime() < window.to.getTime();

const countWithin = (instants: readonly Date[], window: ReportWindow): number =>
  instants.filter((at) => within(at, window)).length;

/** What a time summary is computed from: how many, the percentiles and the sums of the ms amounts. */
export interface TimeFigures {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p50Wms: number | null;
  p90Wms: number | null;
  totalMs: number;
  totalWms: number;
}

/**
 * The summary in the report's units. One function for the in-memory replay and the SQL roll-ups,
 * so both do the same arithmetic on the same figures and give identical results.
 */
export function timeSummary(figures: TimeFigures, workingDayMs: number): TimeSummary {
  const hours = (ms: number | null) => (ms === null ? null : ms / HOUR_MS);
  const days = (ms: number | null) => (ms === null ? null : ms / workingDayMs);
  const workingHours = (ms: number | null) => (ms === null ? null : (ms / workingDayMs) * 24);
  return {
    count: figures.count,
    p50Hours: hours(figures.p50Ms),
    p90Hours: hours(figures.p90Ms),
    p50WorkingHours: workingHours(figures.p50Wms),
    p90WorkingHours: workingHours(figures.p90Wms),
    p50WorkingDays: days(figures.p50Wms),
    p90WorkingDays: days(figures.p90Wms),
    totalHours: figures.totalMs / HOUR_MS,
    totalWorkingDays: figures.totalWms / workingDayMs,
  };
}

/** Summarises time amounts: percentiles of the elapsed and of the working figures, each on its own. */
export function summariseTimes(amounts: readonly TimeAmount[], clock: WorkingClock): TimeSummary {
  const elapsed = amounts.map((a) => a.elapsedMs);
  const working = amounts.map((a) => a.workingMs);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return timeSummary(
    {
      count: amounts.length,
      p50Ms: median(elapsed),
      p90Ms: p90(elapsed),
      p50Wms: median(working),
      p90Wms: p90(working),
      totalMs: sum(elapsed),
      totalWms: sum(working),
    },
    clock.workingDayMs,
  );
}

/** What a critical-path row is computed from (sums and medians of the time the last finisher added). */
export interface CriticalPathFigures {
  stages: number;
  timesLast: number;
  totalMs: number;
  totalWms: number;
  medianMs: number | null;
  medianWms: number | null;
}

/** The critical-path row in the report's units (shared by the replay and the SQL roll-ups). */
export function criticalPathRow(
  key: { departmentCode: string; serviceCode?: string },
  figures: CriticalPathFigures,
  workingDayMs: number,
): CriticalPathMetrics {
  return {
    ...key,
    stages: figures.stages,
    timesLast: figures.timesLast,
    share: figures.stages > 0 ? figures.timesLast / figures.stages : 0,
    totalHoursAdded: figures.totalMs / HOUR_MS,
    medianHoursAdded: (figures.medianMs ?? 0) / HOUR_MS,
    totalWorkingDaysAdded: figures.totalWms / workingDayMs,
    medianWorkingDaysAdded: (figures.medianWms ?? 0) / workingDayMs,
  };
}

/** Whether a group has anything to show in the window (a listed department is one that does). */
export function hasActivity(group: GroupMetrics, path: CriticalPathMetrics | undefined): boolean {
  return (
    group.wip + group.arrivals + group.throughput + group.overdueOpen > 0 ||
    group.warnings + group.yellowCards + group.redCards + group.urges + group.reassignments > 0 ||
    (path?.stages ?? 0) > 0
  );
}

function groupKeyOf(round: { departmentCode: string; serviceCode: string; stepKey: string }, by: ReportGrouping) {
  switch (by) {
    case 'department':
      return { departmentCode: round.departmentCode };
    case 'departmentService':
      return { departmentCode: round.departmentCode, serviceCode: round.serviceCode };
    case 'step':
      return { departmentCode: round.departmentCode, serviceCode: round.serviceCode, stepKey: round.stepKey };
  }
}

/** The metrics of one group of rounds over a window (see ReportWindow for what counts where). */
export function groupMetrics(
  key: { departmentCode: string; serviceCode?: string; stepKey?: string },
  rounds: readonly RoundRecord[],
  clock: WorkingClock,
  window: ReportWindow,
): GroupMetrics {
  const decided = rounds.filter((round) => within(round.decidedAt, window));
  const times = decided.map((round) => roundTimes(round, clock, window.to));
  const breached = decided.filter((round) => round.breachedAt !== null);
  const supplementRequests = decided.filter((round) => round.outcome === 'request_supplement').length;
  const decidedCases = new Set(decided.map((round) => round.applicationId)).size;
  const overdue: OverdueTask[] = rounds
    .filter((round) => isOverdueAt(round, window.to))
    .map((round) => {
      const dueAt = dueAtAsOf(round, window.to)!;
      return {
        applicationId: round.applicationId,
        stepKey: round.stepKey,
        round: round.round,
        dueAt,
        overdue: {
          elapsedMs: window.to.getTime() - dueAt.getTime(),
          workingMs: clock.workingTimeBetween(dueAt, window.to),
        },
      };
    })
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const cardsOf = (level: 'warning' | 'yellow' | 'red') =>
    rounds.reduce(
      (sum, round) =>
        sum +
        countWithin(
          round.cards.filter((card) => card.level === level).map((c) => c.at),
          window,
        ),
      0,
    );
  return {
    ...key,
    wip: rounds.filter((round) => isWorkInProgress(round, window.to)).length,
    arrivals: rounds.filter((round) => within(round.createdAt, window)).length,
    throughput: decided.length,
    queueTime: summariseTimes(
      times.map((t) => t.queue),
      clock,
    ),
    handlingTime: summariseTimes(
      times.map((t) => t.handling),
      clock,
    ),
    applicantTime: summariseTimes(
      times.map((t) => t.applicant),
      clock,
    ),
    pausedTime: summariseTimes(
      times.map((t) => t.paused),
      clock,
    ),
    breaches: breached.length,
    breachRate: decided.length > 0 ? breached.length / decided.length : null,
    overdueOpen: overdue.length,
    oldestOverdue: overdue[0] ?? null,
    deemedApprovals: decided.filter((round) => round.deemedApproved).length,
    supplementRounds: {
      total: supplementRequests,
      perCase: decidedCases > 0 ? supplementRequests / decidedCases : null,
    },
    warnings: cardsOf('warning'),
    yellowCards: cardsOf('yellow'),
    redCards: cardsOf('red'),
    urges: rounds.reduce((sum, round) => sum + countWithin(round.urgedAt, window), 0),
    reassignments: rounds.reduce((sum, round) => sum + countWithin(round.reassignedAt, window), 0),
  };
}

/**
 * Critical-path share per department (or department × service) of the stages finished in the
 * window. Every department on the cases' routes is listed, so one never in a parallel stage reports
 * zero rather than being absent.
 */
export function criticalPathShare(
  finishes: readonly StageFinish[],
  departments: readonly { departmentCode: string; serviceCode?: string }[],
  clock: WorkingClock,
  window: ReportWindow,
): CriticalPathMetrics[] {
  const inWindow = finishes.filter((finish) => within(finish.finishedAt, window));
  return departments.map((key) => {
    const sameService = (finish: StageFinish) =>
      key.serviceCode === undefined || finish.serviceCode === key.serviceCode;
    const stages = inWindow.filter(
      (finish) => sameService(finish) && finish.departmentCodes.includes(key.departmentCode),
    );
    const last = stages.filter((finish) => finish.lastDepartmentCode === key.departmentCode);
    const elapsed = last.map((finish) => finish.added.elapsedMs);
    const working = last.map((finish) => finish.added.workingMs);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return criticalPathRow(
      key,
      {
        stages: stages.length,
        timesLast: last.length,
        totalMs: sum(elapsed),
        totalWms: sum(working),
        medianMs: median(elapsed),
        medianWms: median(working),
      },
      clock.workingDayMs,
    );
  });
}

/**
 * Every metric of the bottleneck report over a window, from the cases' event logs: per department,
 * department × service or step, with the critical-path share alongside (per department, or per
 * department × service when grouped finer), sorted by key. A group is listed when it has anything
 * in the window (see `hasActivity`); a listed department never in a parallel stage shows zero there.
 */
export function reportMetrics(input: {
  cases: readonly ReportCase[];
  clock: WorkingClock;
  window: ReportWindow;
  groupBy: ReportGrouping;
}): ReportMetrics {
  const { cases, clock, window, groupBy } = input;
  const rounds = cases.flatMap((reportCase) => caseRounds(reportCase));
  const keys = new Map<string, ReturnType<typeof groupKeyOf>>();
  for (const reportCase of cases) {
    for (const step of reportCase.steps) {
      const key = groupKeyOf({ ...step, stepKey: step.key, serviceCode: reportCase.serviceCode }, groupBy);
      keys.set(JSON.stringify(key), key);
    }
  }
  const byKey = new Map<string, RoundRecord[]>();
  for (const round of rounds) {
    const id = JSON.stringify(groupKeyOf(round, groupBy));
    if (!keys.has(id)) keys.set(id, groupKeyOf(round, groupBy));
    const list = byKey.get(id);
    if (list) list.push(round);
    else byKey.set(id, [round]);
  }
  const sortedIds = [...keys.keys()].sort();
  const groups = sortedIds.map((id) => groupMetrics(keys.get(id)!, byKey.get(id) ?? [], clock, window));

  const pathKeys = new Map<string, { departmentCode: string; serviceCode?: string }>();
  for (const id of sortedIds) {
    const { departmentCode, serviceCode } = keys.get(id)!;
    const key = groupBy === 'department' ? { departmentCode } : { departmentCode, serviceCode };
    pathKeys.set(JSON.stringify(key), key);
  }
  const finishes = cases.flatMap((reportCase) => caseStageFinishes(reportCase, clock));
  const criticalPath = criticalPathShare(finishes, [...pathKeys.values()], clock, window);
  // Only what has something to show in the window is listed: the SQL roll-ups list exactly these.
  const pathOf = new Map(criticalPath.map((path) => [`${path.departmentCode}|${path.serviceCode ?? ''}`, path]));
  const pathKeyOf = (group: GroupMetrics) =>
    `${group.departmentCode}|${groupBy === 'department' ? '' : (group.serviceCode ?? '')}`;
  // A step's own figures decide whether it is listed: the stage figures are its department's, not its own.
  const listed = groups.filter((group) =>
    hasActivity(group, groupBy === 'step' ? undefined : pathOf.get(pathKeyOf(group))),
  );
  const listedPaths = new Set(listed.map(pathKeyOf));
  return {
    groups: listed,
    criticalPath: criticalPath.filter((path) => listedPaths.has(`${path.departmentCode}|${path.serviceCode ?? ''}`)),
  };
}
