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
import { sqlRows, type SqlExecutor } from '../repositories/sql.helpers';

/**
 * The bottleneck report's figures as SQL over the roll-ups. Each query groups by department and by
 * department × service in one pass (GROUPING SETS); percentiles are Postgres `percentile_cont`, which
 * libs/domain/reports/percentiles.ts mirrors, and the conversion to hours and working days is the
 * domain's own (`timeSummary`, `criticalPathRow`), so the result equals the in-memory replay's.
 * Window placement follows ReportWindow (libs/domain/reports/report-metrics.ts).
 */

/** $1 from, $2 to, $3 service or null, $4 department or null: every query below takes these first. */
const SCOPE = `($3::varchar IS NULL OR service_code = $3) AND ($4::varchar IS NULL OR department_code = $4)`;
/** Rounds are grouped per department, department × service and step; stages have no step (a department's part). */
const GROUPS = `GROUP BY GROUPING SETS ((department_code), (department_code, service_code), (department_code, service_code, step_key))`;
const STAGE_GROUPS = `GROUP BY GROUPING SETS ((department_code), (department_code, service_code))`;
const SERVICE_OF_GROUP = `CASE WHEN GROUPING(service_code) = 0 THEN service_code END AS "serviceCode"`;
const STEP_OF_GROUP = `CASE WHEN GROUPING(step_key) = 0 THEN step_key END AS "stepKey"`;
const GROUP_COLUMNS = `department_code AS "departmentCode", ${SERVICE_OF_GROUP}, ${STEP_OF_GROUP}`;

interface GroupKey {
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
 * Rounds decided in the window whose supplement wait was still on at `to`: their applicant time as
 * of `to` depends on the window, so it is worked out here (with the working clock) and joined in.
 */
async function openSupplementWaits(executor: SqlExecutor, filter: ReportFilter, clock: WorkingClock) {
  const rows = await sqlRows<{ applicationId: string; stepKey: string; round: number; decidedAt: Date }>(
    executor,
    `SELECT application_id AS "applicationId", step_key AS "stepKey", round AS "round", decided_at AS "decidedAt"
       FROM report_rounds
      WHERE decided_at >= $1 AND decided_at < $2 AND ${SCOPE}
        AND outcome = 'request_supplement' AND (applicant_until IS NULL OR applicant_until > $2)`,
    [filter.from, filter.to, filter.serviceCode ?? null, filter.departmentCode ?? null],
  );
  return {
    applicationIds: rows.map((r) => r.applicationId),
    stepKeys: rows.map((r) => r.stepKey),
    rounds: rows.map((r) => r.round),
    ms: rows.map((r) => filter.to.getTime() - r.decidedAt.getTime()),
    wms: rows.map((r) => clock.workingTimeBetween(r.decidedAt, filter.to)),
  };
}

async function decidedFigures(executor: SqlExecutor, filter: ReportFilter, clock: WorkingClock) {
  const waits = await openSupplementWaits(executor, filter, clock);
  return sqlRows<DecidedRow>(
    executor,
    `WITH decided AS (
       SELECT r.department_code, r.service_code, r.step_key, r.application_id, r.breached, r.deemed, r.outcome,
              r.queue_ms, r.queue_wms, r.handling_ms, r.handling_wms, r.paused_ms, r.paused_wms,
              COALESCE(w.ms, r.applicant_ms) AS app_ms, COALESCE(w.wms, r.applicant_wms) AS app_wms
         FROM report_rounds r
         LEFT JOIN unnest($5::uuid[], $6::varchar[], $7::int[], $8::bigint[], $9::bigint[])
                AS w(application_id, step_key, round, ms, wms)
                ON w.application_id = r.application_id AND w.step_key = r.step_key AND w.round = r.round
        WHERE r.decided_at >= $1 AND r.decided_at < $2
          AND ($3::varchar IS NULL OR r.service_code = $3) AND ($4::varchar IS NULL OR r.department_code = $4))
     SELECT ${GROUP_COLUMNS},
            count(*)::int AS "throughput",
            ${TIME_KINDS.map(timeColumns).join(',\n')},
            count(*) FILTER (WHERE breached)::int AS "breaches",
            count(*) FILTER (WHERE deemed)::int AS "deemed",
            count(*) FILTER (WHERE outcome = 'request_supplement')::int AS "supplementRequests",
            count(DISTINCT application_id)::int AS "cases"
       FROM decided ${GROUPS}`,
    [
      filter.from,
      filter.to,
      filter.serviceCode ?? null,
      filter.departmentCode ?? null,
      waits.applicationIds,
      waits.stepKeys,
      waits.rounds,
      waits.ms,
      waits.wms,
    ],
  );
}

function arrivals(executor: SqlExecutor, filter: ReportFilter) {
  return sqlRows<GroupKey & { arrivals: number }>(
    executor,
    `SELECT ${GROUP_COLUMNS}, count(*)::int AS "arrivals"
       FROM report_rounds WHERE created_at >= $1 AND created_at < $2 AND ${SCOPE} ${GROUPS}`,
    [filter.from, filter.to, filter.serviceCode ?? null, filter.departmentCode ?? null],
  );
}

/**
 * The state at `to`: rounds open then (the lifespan index finds them), and of those the overdue ones:
 * clock running (not paused) and the due date in force at `to` (the last one set by then) passed.
 */
function openAtEnd(executor: SqlExecutor, filter: ReportFilter) {
  return sqlRows<
    GroupKey & {
      wip: number;
      overdueOpen: number;
      oldest: { applicationId: string; stepKey: string; round: number; dueAt: string } | null;
    }
  >(
    executor,
    `WITH open AS (
       SELECT r.department_code, r.service_code, r.application_id, r.step_key, r.round,
              (SELECT d.due FROM unnest(r.due_set_at, r.due_at) WITH ORDINALITY AS d(set_at, due, n)
                WHERE d.set_at <= $2 ORDER BY d.n DESC LIMIT 1) AS due,
              r.pauses @> $2::timestamptz AS paused
         FROM report_rounds r
        WHERE tstzrange(r.created_at, r.ended_at, '[)') @> $2::timestamptz
          AND ($3::varchar IS NULL OR r.service_code = $3) AND ($4::varchar IS NULL OR r.department_code = $4)
          -- The state at the end does not depend on the start; $1 is named only so every query takes the same parameters.
          AND $1::timestamptz IS NOT NULL),
     marked AS (SELECT *, (NOT paused AND due < $2) IS TRUE AS overdue FROM open)
     SELECT ${GROUP_COLUMNS},
            count(*)::int AS "wip",
            count(*) FILTER (WHERE overdue)::int AS "overdueOpen",
            (array_agg(json_build_object('applicationId', application_id, 'stepKey', step_key, 'round', round,
                                         'dueAt', due)
                       ORDER BY due, application_id, step_key, round) FILTER (WHERE overdue))[1] AS "oldest"
       FROM marked ${GROUPS}`,
    [filter.from, filter.to, filter.serviceCode ?? null, filter.departmentCode ?? null],
  );
}

function marks(executor: SqlExecutor, filter: ReportFilter) {
  return sqlRows<
    GroupKey & { warnings: number; yellowCards: number; redCards: number; urges: number; reassignments: number }
  >(
    executor,
    `SELECT ${GROUP_COLUMNS},
            count(*) FILTER (WHERE kind = 'warning')::int AS "warnings",
            count(*) FILTER (WHERE kind = 'yellow')::int AS "yellowCards",
            count(*) FILTER (WHERE kind = 'red')::int AS "redCards",
            count(*) FILTER (WHERE kind = 'urge')::int AS "urges",
            count(*) FILTER (WHERE kind = 'reassign')::int AS "reassignments"
       FROM report_marks WHERE at >= $1 AND at < $2 AND ${SCOPE} ${GROUPS}`,
    [filter.from, filter.to, filter.serviceCode ?? null, filter.departmentCode ?? null],
  );
}

function stages(executor: SqlExecutor, filter: ReportFilter) {
  return sqlRows<
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
    `SELECT department_code AS "departmentCode", ${SERVICE_OF_GROUP},
            count(*)::int AS "stages",
            count(*) FILTER (WHERE is_last)::int AS "timesLast",
            COALESCE(sum(added_ms) FILTER (WHERE is_last), 0)::float8 AS "totalMs",
            COALESCE(sum(added_wms) FILTER (WHERE is_last), 0)::float8 AS "totalWms",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY added_ms) FILTER (WHERE is_last) AS "medianMs",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY added_wms) FILTER (WHERE is_last) AS "medianWms"
       FROM report_stage_members WHERE finished_at >= $1 AND finished_at < $2 AND ${SCOPE} ${STAGE_GROUPS}`,
    [filter.from, filter.to, filter.serviceCode ?? null, filter.departmentCode ?? null],
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
  const [decided, arrived, open, marked, staged] = await Promise.all([
    decidedFigures(executor, filter, clock),
    arrivals(executor, filter),
    openAtEnd(executor, filter),
    marks(executor, filter),
    stages(executor, filter),
  ]);
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
            elapsedMs: filter.to.getTime() - new Date(o.oldest.dueAt).getTime(),
            workingMs: clock.workingTimeBetween(new Date(o.oldest.dueAt), filter.to),
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
