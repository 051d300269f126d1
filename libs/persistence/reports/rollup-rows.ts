import {
  criticalPathRow,
  timeSummary,
  type CriticalPathFigures,
  type CriticalPathMetrics,
  type GroupMetrics,
  type OverdueTask,
  type WindowMetrics,
  type WorkingClock,
} from '../../domain';

/**
 * The roll-up figures of a frame as rows, whichever engine computed them (the SQL statements of
 * report-rollups.sql.ts or the in-memory copy of rollup-memory.ts), and how the rows become the
 * report's WindowMetrics: one assembly for both, so they can only differ in the rows.
 */

/**
 * What a frame's figures are computed over: consecutive windows [bounds[i], bounds[i + 1]) (one for a
 * report, one per week for the trend), in one pass each, and at which levels: departments,
 * department × service and steps (the report), or departments only (the trend).
 */
export interface Frame {
  bounds: readonly Date[];
  serviceCode?: string;
  departmentCode?: string;
  levels: 'all' | 'departments';
}

export interface GroupKey {
  /** The window of the frame (1-based). */
  bucket: number;
  departmentCode: string;
  serviceCode: string | null;
  stepKey?: string | null;
}

export const TIME_KINDS = ['queue', 'handling', 'paused', 'applicant'] as const;

export type DecidedRow = GroupKey & {
  throughput: number;
  breaches: number;
  deemed: number;
  supplementRequests: number;
  cases: number;
} & Record<`${(typeof TIME_KINDS)[number]}${'Ms' | 'Wms'}`, number[] | null> &
  Record<`${(typeof TIME_KINDS)[number]}${'TotalMs' | 'TotalWms'}`, number>;

/** Work in progress and overdue open rounds at a window's end. */
export type OpenRow = GroupKey & {
  wip: number;
  overdueOpen: number;
  oldest: { applicationId: string; stepKey: string; round: number; dueAt: string } | null;
};

/** Supervision marks in a window, by kind. */
export type MarkRow = GroupKey & {
  warnings: number;
  yellowCards: number;
  redCards: number;
  urges: number;
  reassignments: number;
};

/** Parallel stages finished in a window (department and department × service rows only). */
export type StageRow = GroupKey & CriticalPathFigures;

export type ArrivalRow = GroupKey & { arrivals: number };

/** The group's key as the replay writes it (departmentCode[, serviceCode[, stepKey]]), which also orders the rows. */
function groupKey(row: GroupKey): { departmentCode: string; serviceCode?: string; stepKey?: string } {
  if (row.serviceCode === null) return { departmentCode: row.departmentCode };
  if (row.stepKey === null || row.stepKey === undefined)
    return { departmentCode: row.departmentCode, serviceCode: row.serviceCode };
  return { departmentCode: row.departmentCode, serviceCode: row.serviceCode, stepKey: row.stepKey };
}
const keyOf = (row: GroupKey) => JSON.stringify(groupKey(row));

/** A trend's bounds: two or more, none before the one ahead of it. */
export function checkTrendBounds(bounds: readonly Date[]): void {
  if (bounds.length < 2 || bounds.some((bound, i) => i > 0 && bound.getTime() < bounds[i - 1].getTime())) {
    throw new RangeError('a trend needs two or more bounds, none before the one ahead of it');
  }
}

/** Each window's figures from the rows of a whole frame (split by `bucket`). */
export function frameWindows(frame: Frame, rows: FrameRows, clock: WorkingClock): WindowMetrics[] {
  const windows = frame.bounds.length - 1;
  // One pass per list (a trend has 52 windows of thousands of rows: no filter per window).
  const split = <T extends GroupKey>(list: T[]): T[][] => {
    const parts = Array.from({ length: windows }, (): T[] => []);
    for (const row of list) parts[row.bucket - 1].push(row);
    return parts;
  };
  const [decided, arrived, open, marked, staged] = [
    split(rows.decided),
    split(rows.arrived),
    split(rows.open),
    split(rows.marked),
    split(rows.staged),
  ];
  return frame.bounds
    .slice(1)
    .map((to, i) =>
      windowFigures(
        { decided: decided[i], arrived: arrived[i], open: open[i], marked: marked[i], staged: staged[i] },
        to,
        clock,
      ),
    );
}

/** The rows of every window of a frame, each tagged with its window (`bucket`). */
export interface FrameRows {
  decided: DecidedRow[];
  arrived: ArrivalRow[];
  open: OpenRow[];
  marked: MarkRow[];
  staged: StageRow[];
}

/** One window's rows put together as the replay writes them; `to` is the window's end. */
function windowFigures(rows: FrameRows, to: Date, clock: WorkingClock): WindowMetrics {
  const { decided, arrived, open, marked, staged } = rows;
  const index = <T extends GroupKey>(rows: T[]) => new Map(rows.map((row) => [keyOf(row), row]));
  const byKey = {
    decided: index(decided),
    arrived: index(arrived),
    open: index(open),
    marked: index(marked),
    staged: index(staged),
  };
  const keys = new Map<string, GroupKey>();
  for (const row of [...decided, ...arrived, ...open, ...marked, ...staged]) keys.set(keyOf(row), row);
  const sortedKeys = [...keys.keys()].sort();

  const groups: GroupMetrics[] = [];
  const paths: CriticalPathMetrics[] = [];
  for (const id of sortedKeys) {
    const key = groupKey(keys.get(id)!);
    const d = byKey.decided.get(id);
    const o = byKey.open.get(id);
    const m = byKey.marked.get(id);
    const s = byKey.staged.get(id);
    const time = (kind: (typeof TIME_KINDS)[number]) =>
      timeSummary(
        {
          count: d?.throughput ?? 0,
          p50Ms: d?.[`${kind}Ms`]?.[0] ?? null,
          p90Ms: d?.[`${kind}Ms`]?.[1] ?? null,
          p50Wms: d?.[`${kind}Wms`]?.[0] ?? null,
          p90Wms: d?.[`${kind}Wms`]?.[1] ?? null,
          totalMs: d?.[`${kind}TotalMs`] ?? 0,
          totalWms: d?.[`${kind}TotalWms`] ?? 0,
        },
        clock.workingDayMs,
      );
    const oldest: OverdueTask | null = o?.oldest
      ? {
          ...o.oldest,
          dueAt: new Date(o.oldest.dueAt),
          overdue: {
            elapsedMs: to.getTime() - new Date(o.oldest.dueAt).getTime(),
            workingMs: clock.workingTimeBetween(new Date(o.oldest.dueAt), to),
          },
        }
      : null;
    const throughput = d?.throughput ?? 0;
    groups.push({
      ...key,
      wip: o?.wip ?? 0,
      arrivals: byKey.arrived.get(id)?.arrivals ?? 0,
      throughput,
      queueTime: time('queue'),
      handlingTime: time('handling'),
      applicantTime: time('applicant'),
      pausedTime: time('paused'),
      breaches: d?.breaches ?? 0,
      breachRate: throughput > 0 ? (d?.breaches ?? 0) / throughput : null,
      overdueOpen: o?.overdueOpen ?? 0,
      oldestOverdue: oldest,
      deemedApprovals: d?.deemed ?? 0,
      supplementRounds: {
        total: d?.supplementRequests ?? 0,
        perCase: d && d.cases > 0 ? d.supplementRequests / d.cases : null,
      },
      warnings: m?.warnings ?? 0,
      yellowCards: m?.yellowCards ?? 0,
      redCards: m?.redCards ?? 0,
      urges: m?.urges ?? 0,
      reassignments: m?.reassignments ?? 0,
    });
    if (key.stepKey !== undefined) continue;
    paths.push(
      criticalPathRow(
        key,
        {
          stages: s?.stages ?? 0,
          timesLast: s?.timesLast ?? 0,
          totalMs: s?.totalMs ?? 0,
          totalWms: s?.totalWms ?? 0,
          medianMs: s?.medianMs ?? null,
          medianWms: s?.medianWms ?? null,
        },
        clock.workingDayMs,
      ),
    );
  }
  const isDepartmentRow = (row: { serviceCode?: string }) => row.serviceCode === undefined;
  const isServiceRow = (row: { serviceCode?: string; stepKey?: string }) =>
    row.serviceCode !== undefined && row.stepKey === undefined;
  return {
    departments: groups.filter(isDepartmentRow),
    departmentPaths: paths.filter(isDepartmentRow),
    services: groups.filter(isServiceRow),
    servicePaths: paths.filter(isServiceRow),
    steps: groups.filter((row) => row.stepKey !== undefined),
  };
}
