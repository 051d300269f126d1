import type { WindowMetrics, WorkingClock } from '../../domain';
import type { ReportFilter } from '../repositories/report.repository';
import { EntityManager } from 'typeorm';
import { sqlRows, type SqlExecutor } from '../repositories/sql.helpers';
import {
  checkTrendBounds,
  frameWindows,
  TIME_KINDS,
  type ArrivalRow,
  type DecidedRow,
  type Frame,
  type MarkRow,
  type OpenRow,
  type StageRow,
} from './rollup-rows';

/**
 * The bottleneck report's figures as SQL over the roll-ups. Each query groups by department and by
 * department × service in one pass (GROUPING SETS); percentiles are Postgres `percentile_cont`, which
 * libs/domain/reports/percentiles.ts mirrors, and the conversion to hours and working days is the
 * domain's own (`timeSummary`, `criticalPathRow`), so the result equals the in-memory replay's.
 * Window placement follows ReportWindow (libs/domain/reports/report-metrics.ts).
 */

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

/** Percentile and sum columns of one kind of time (elapsed `x_ms` and working `x_wms` columns). */
function timeColumns(kind: (typeof TIME_KINDS)[number]): string {
  const column = kind === 'applicant' ? 'app' : kind;
  return `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}_ms) AS "${kind}Ms",
          percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}_wms) AS "${kind}Wms",
          sum(${column}_ms)::float8 AS "${kind}TotalMs", sum(${column}_wms)::float8 AS "${kind}TotalWms"`;
}

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
  return sqlRows<ArrivalRow>(
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
  return sqlRows<OpenRow>(
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
  return sqlRows<MarkRow>(
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
  return withReportMemory<StageRow>(
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
  checkTrendBounds(bounds);
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
  return frameWindows(frame, { decided, arrived, open, marked, staged }, clock);
}
