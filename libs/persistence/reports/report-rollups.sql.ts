import {
  criticalPathRow,
  timeSummary,
  type CriticalPathMetrics,
  type GroupMetrics,
  type OverdueTask,
  type WindowMetrics,
  type WorkingClock,
} from '../../domain';
import type { ReportFilter } from '../repositories/report.repository';
import { EntityManager } from 'typeorm';
import { sqlRows, type SqlExecutor } from '../repositories/sql.helpers';

/**
 * The bottleneck report's figures as SQL over the roll-ups. Each query groups by department and by
 * department × service in one pass (GROUPING SETS); percentiles are Postgres `percentile_cont`, which
 * libs/domain/reports/percentiles.ts mirrors, and the conversion to hours and working days is the
 * domain's own (`timeSummary`, `criticalPathRow`), so the result equals the in-memory replay's.
 * Window placement follows ReportWindow (libs/domain/reports/report-metrics.ts).
 */

/**
 * What the queries below report over: consecutive windows [bounds[i], bounds[i + 1]) (one for a
 * report, one per week for the trend), in one pass each, and at which levels: departments,
 * department × service and steps (the report), or departments only (the trend).
 */
interface Frame {
  bounds: readonly Date[];
  serviceCode?: string;
  departmentCode?: string;
  levels: 'all' | 'departments';
}

/**
 * $1 from (the first bound), $2 to (the last), $3 service or null, $4 department or null, $5 the
 * bounds: every query below takes these first.
 */
const SCOPE = `($3::varchar IS NULL OR service_code = $3) AND ($4::varchar IS NULL OR department_code = $4)`;
const frameParameters = (frame: Frame) => [
  frame.bounds[0],
  frame.bounds[frame.bounds.length - 1],
  frame.serviceCode ?? null,
  frame.departmentCode ?? null,
  frame.bounds,
];
/**
 * The window (1-based) a time inside [$1, $2) falls in. A single window is 1 without asking: the
 * report, the common case, is then grouped exactly as before.
 */
const windowOf = (frame: Frame, column: string) =>
  frame.bounds.length === 2 ? `1` : `width_bucket(${column}, $5::timestamptz[])`;

/**
 * The select list and GROUP BY of a query over rows with a `bucket` column: rounds are grouped per
 * department, department × service and step; stages have no step (a department's part).
 */
function grouping(frame: Frame, withSteps: boolean): { columns: string; groupBy: string } {
  if (frame.levels === 'departments') {
    return {
      columns: `bucket AS "bucket", department_code AS "departmentCode", NULL::varchar AS "serviceCode", NULL::varchar AS "stepKey"`,
      groupBy: `GROUP BY bucket, department_code`,
    };
  }
  const sets = [`(bucket, department_code)`, `(bucket, department_code, service_code)`];
  if (withSteps) sets.push(`(bucket, department_code, service_code, step_key)`);
  return {
    columns: `bucket AS "bucket", department_code AS "departmentCode",
              CASE WHEN GROUPING(service_code) = 0 THEN service_code END AS "serviceCode",
              ${withSteps ? `CASE WHEN GROUPING(step_key) = 0 THEN step_key END` : `NULL::varchar`} AS "stepKey"`,
    groupBy: `GROUP BY GROUPING SETS (${sets.join(', ')})`,
  };
}

interface GroupKey {
  /** The window of the frame (1-based). */
  bucket: number;
  departmentCode: string;
  serviceCode: string | null;
  stepKey?: string | null;
}

const TIME_KINDS = ['queue', 'handling', 'paused', 'applicant'] as const;

/** Percentile and sum columns of one kind of time (elapsed `x_ms` and working `x_wms` columns). */
function timeColumns(kind: (typeof TIME_KINDS)[number]): string {
  const column = kind === 'applicant' ? 'app' : kind;
  return `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}_ms) AS "${kind}Ms",
          percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}_wms) AS "${kind}Wms",
          sum(${column}_ms)::float8 AS "${kind}TotalMs", sum(${column}_wms)::float8 AS "${kind}TotalWms"`;
}

type DecidedRow = GroupKey & {
  throughput: number;
  breaches: number;
  deemed: number;
  supplementRequests: number;
  cases: number;
} & Record<`${(typeof TIME_KINDS)[number]}${'Ms' | 'Wms'}`, number[]> &
  Record<`${(typeof TIME_KINDS)[number]}${'TotalMs' | 'TotalWms'}`, number>;

/**
 * Rounds decided in a window whose supplement wait was still on at the window's end: their
 * applicant time as of that end depends on the window, so it is worked out here (with the working
 * clock) and looked up by the decided rounds' statement: a JSON object from
 * `<application id> <step key> <round>` to `[elapsed ms, working ms]`.
 */
async function openSupplementWaits(executor: SqlExecutor, frame: Frame, clock: WorkingClock) {
  const rows = await sqlRows<{
    applicationId: string;
    stepKey: string;
    round: number;
    decidedAt: Date;
    bucket: number;
  }>(
    executor,
    `SELECT application_id AS "applicationId", step_key AS "stepKey", round AS "round", decided_at AS "decidedAt",
            bucket AS "bucket"
       FROM (SELECT *, ${windowOf(frame, 'decided_at')} AS bucket
               FROM report_rounds
              WHERE decided_at >= $1 AND decided_at < $2 AND ${SCOPE} AND outcome = 'request_supplement') r
      WHERE applicant_until IS NULL OR applicant_until > ($5::timestamptz[])[bucket + 1]`,
    frameParameters(frame),
  );
  const waits: Record<string, [number, number]> = {};
  for (const row of rows) {
    const end = frame.bounds[row.bucket];
    waits[`${row.applicationId} ${row.stepKey} ${row.round}`] = [
      end.getTime() - row.decidedAt.getTime(),
      clock.workingTimeBetween(row.decidedAt, end),
    ];
  }
  return waits;
}

/**
 * A year of rounds sorted for the grouping sets and the percentiles spills to disk with the default
 * work_mem (4 MB); the report's statements get more, for their own transaction only.
 */
const REPORT_WORK_MEM = '64MB';

function withReportMemory<T>(executor: SqlExecutor, sql: string, params: readonly unknown[]): Promise<T[]> {
  const run = async (manager: EntityManager) => {
    await manager.query(`SELECT set_config('work_mem', $1, true)`, [REPORT_WORK_MEM]);
    return sqlRows<T>(manager, sql, params);
  };
  // Inside a caller's transaction the setting lasts until that transaction ends, which is harmless.
  if (executor instanceof EntityManager && executor.queryRunner?.isTransactionActive) return run(executor);
  const dataSource = executor instanceof EntityManager ? executor.dataSource : executor;
  return dataSource.transaction(run);
}

async function decidedFigures(executor: SqlExecutor, frame: Frame, clock: WorkingClock) {
  const waits = await openSupplementWaits(executor, frame, clock);
  const { columns, groupBy } = grouping(frame, true);
  // A supplement wait still on at the window's end is looked up (few rows; no join of every round).
  const waitOf = (index: 0 | 1, stored: string) =>
    `CASE WHEN r.outcome = 'request_supplement'
          THEN COALESCE(($6::jsonb -> (r.application_id::text || ' ' || r.step_key || ' ' || r.round::text) ->> ${index})::bigint,
                        r.${stored})
          ELSE r.${stored} END`;
  return withReportMemory<DecidedRow>(
    executor,
    `WITH decided AS (
       SELECT ${windowOf(frame, 'r.decided_at')} AS bucket,
              r.department_code, r.service_code, r.step_key, r.application_id, r.breached, r.deemed, r.outcome,
              r.queue_ms, r.queue_wms, r.handling_ms, r.handling_wms, r.paused_ms, r.paused_wms,
              ${waitOf(0, 'applicant_ms')} AS app_ms, ${waitOf(1, 'applicant_wms')} AS app_wms
         FROM report_rounds r
        WHERE r.decided_at >= $1 AND r.decided_at < $2
          AND ($3::varchar IS NULL OR r.service_code = $3) AND ($4::varchar IS NULL OR r.department_code = $4)
          AND $5::timestamptz[] IS NOT NULL)
     SELECT ${columns},
            count(*)::int AS "throughput",
            ${TIME_KINDS.map(timeColumns).join(',\n')},
            count(*) FILTER (WHERE breached)::int AS "breaches",
            count(*) FILTER (WHERE deemed)::int AS "deemed",
            count(*) FILTER (WHERE outcome = 'request_supplement')::int AS "supplementRequests",
            count(DISTINCT application_id)::int AS "cases"
       FROM decided ${groupBy}`,
    [...frameParameters(frame), JSON.stringify(waits)],
  );
}

function arrivals(executor: SqlExecutor, frame: Frame) {
  const { columns, groupBy } = grouping(frame, true);
  return sqlRows<GroupKey & { arrivals: number }>(
    executor,
    `SELECT ${columns}, count(*)::int AS "arrivals"
       FROM (SELECT *, ${windowOf(frame, 'created_at')} AS bucket
               FROM report_rounds WHERE created_at >= $1 AND created_at < $2 AND ${SCOPE}
                AND $5::timestamptz[] IS NOT NULL) r
      ${groupBy}`,
    frameParameters(frame),
  );
}

/**
 * The state at each window's end: rounds open then (the lifespan index finds them), and of those the
 * overdue ones: clock running (not paused) and the due date in force then (the last one set by then) passed.
 */
function openAtEnd(executor: SqlExecutor, frame: Frame) {
  const { columns, groupBy } = grouping(frame, true);
  return sqlRows<
    GroupKey & {
      wip: number;
      overdueOpen: number;
      oldest: { applicationId: string; stepKey: string; round: number; dueAt: string } | null;
    }
  >(
    executor,
    `WITH ends AS (
       -- The end of window i is bound i + 1; $1 and $2 are named only so every query takes the same parameters.
       SELECT e.at, e.i::int - 1 AS bucket
         FROM unnest($5::timestamptz[]) WITH ORDINALITY AS e(at, i)
        WHERE e.i > 1 AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL),
     open AS (
       SELECT e.bucket, e.at, r.department_code, r.service_code, r.application_id, r.step_key, r.round,
              (SELECT d.due FROM unnest(r.due_set_at, r.due_at) WITH ORDINALITY AS d(set_at, due, n)
                WHERE d.set_at <= e.at ORDER BY d.n DESC LIMIT 1) AS due,
              r.pauses @> e.at AS paused
         FROM ends e
         JOIN report_rounds r ON tstzrange(r.created_at, r.ended_at, '[)') @> e.at
        WHERE ($3::varchar IS NULL OR r.service_code = $3) AND ($4::varchar IS NULL OR r.department_code = $4)),
     marked AS (SELECT *, (NOT paused AND due < at) IS TRUE AS overdue FROM open)
     SELECT ${columns},
            count(*)::int AS "wip",
            count(*) FILTER (WHERE overdue)::int AS "overdueOpen",
            (array_agg(json_build_object('applicationId', application_id, 'stepKey', step_key, 'round', round,
                                         'dueAt', due)
                       ORDER BY due, application_id, step_key, round) FILTER (WHERE overdue))[1] AS "oldest"
       FROM marked ${groupBy}`,
    frameParameters(frame),
  );
}

function marks(executor: SqlExecutor, frame: Frame) {
  const { columns, groupBy } = grouping(frame, true);
  return sqlRows<
    GroupKey & { warnings: number; yellowCards: number; redCards: number; urges: number; reassignments: number }
  >(
    executor,
    `SELECT ${columns},
            count(*) FILTER (WHERE kind = 'warning')::int AS "warnings",
            count(*) FILTER (WHERE kind = 'yellow')::int AS "yellowCards",
            count(*) FILTER (WHERE kind = 'red')::int AS "redCards",
            count(*) FILTER (WHERE kind = 'urge')::int AS "urges",
            count(*) FILTER (WHERE kind = 'reassign')::int AS "reassignments"
       FROM (SELECT *, ${windowOf(frame, 'at')} AS bucket
               FROM report_marks WHERE at >= $1 AND at < $2 AND ${SCOPE} AND $5::timestamptz[] IS NOT NULL) m
      ${groupBy}`,
    frameParameters(frame),
  );
}

function stages(executor: SqlExecutor, frame: Frame) {
  const { columns, groupBy } = grouping(frame, false);
  return withReportMemory<
    GroupKey & {
      stages: number;
      timesLast: number;
      totalMs: number;
      totalWms: number;
      medianMs: number | null;
      medianWms: number | null;
    }
  >(
    executor,
    `SELECT ${columns},
            count(*)::int AS "stages",
            count(*) FILTER (WHERE is_last)::int AS "timesLast",
            COALESCE(sum(added_ms) FILTER (WHERE is_last), 0)::float8 AS "totalMs",
            COALESCE(sum(added_wms) FILTER (WHERE is_last), 0)::float8 AS "totalWms",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY added_ms) FILTER (WHERE is_last) AS "medianMs",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY added_wms) FILTER (WHERE is_last) AS "medianWms"
       FROM (SELECT *, ${windowOf(frame, 'finished_at')} AS bucket
               FROM report_stage_members WHERE finished_at >= $1 AND finished_at < $2 AND ${SCOPE}
                AND $5::timestamptz[] IS NOT NULL) s
      ${groupBy}`,
    frameParameters(frame),
  );
}

/** The group's key as the replay writes it (departmentCode[, serviceCode[, stepKey]]), which also orders the rows. */
function groupKey(row: GroupKey): { departmentCode: string; serviceCode?: string; stepKey?: string } {
  if (row.serviceCode === null) return { departmentCode: row.departmentCode };
  if (row.stepKey === null || row.stepKey === undefined)
    return { departmentCode: row.departmentCode, serviceCode: row.serviceCode };
  return { departmentCode: row.departmentCode, serviceCode: row.serviceCode, stepKey: row.stepKey };
}
const keyOf = (row: GroupKey) => JSON.stringify(groupKey(row));

/** The report's figures for a window from the roll-ups (which must be up to date: see drainReportRefreshQueue). */
export async function rollupWindowMetrics(
  executor: SqlExecutor,
  filter: ReportFilter,
  clock: WorkingClock,
): Promise<WindowMetrics> {
  const frame: Frame = { ...filter, bounds: [filter.from, filter.to], levels: 'all' };
  return (await frameMetrics(executor, frame, clock))[0];
}

/**
 * The department rows (`departments`, `departmentPaths`; the other levels empty) of consecutive
 * windows [bounds[i], bounds[i + 1]), one WindowMetrics per window, each equal to what
 * rollupWindowMetrics gives for that window alone: the trend's weeks in one pass per query.
 */
export async function rollupDepartmentTrend(
  executor: SqlExecutor,
  scope: Omit<ReportFilter, 'from' | 'to'>,
  bounds: readonly Date[],
  clock: WorkingClock,
): Promise<WindowMetrics[]> {
  if (bounds.length < 2 || bounds.some((bound, i) => i > 0 && bound.getTime() < bounds[i - 1].getTime())) {
    throw new RangeError('a trend needs two or more bounds, none before the one ahead of it');
  }
  return frameMetrics(executor, { ...scope, bounds, levels: 'departments' }, clock);
}

async function frameMetrics(executor: SqlExecutor, frame: Frame, clock: WorkingClock): Promise<WindowMetrics[]> {
  const [decided, arrived, open, marked, staged] = await Promise.all([
    decidedFigures(executor, frame, clock),
    arrivals(executor, frame),
    openAtEnd(executor, frame),
    marks(executor, frame),
    stages(executor, frame),
  ]);
  const inWindow =
    (bucket: number) =>
    <T extends GroupKey>(rows: T[]): T[] =>
      rows.filter((row) => row.bucket === bucket);
  return frame.bounds.slice(1).map((to, i) => {
    const only = inWindow(i + 1);
    return windowFigures(
      { decided: only(decided), arrived: only(arrived), open: only(open), marked: only(marked), staged: only(staged) },
      to,
      clock,
    );
  });
}

interface FrameRows {
  decided: DecidedRow[];
  arrived: Awaited<ReturnType<typeof arrivals>>;
  open: Awaited<ReturnType<typeof openAtEnd>>;
  marked: Awaited<ReturnType<typeof marks>>;
  staged: Awaited<ReturnType<typeof stages>>;
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
