import type { DataSource } from 'typeorm';
import {
  caseFacts,
  type ReportCase,
  type ReportEvent,
  type RouteStep,
  type ServiceVersionSnapshot,
  type WorkingClock,
} from '../../domain';
import { sqlRows, type SqlExecutor } from '../repositories/sql.helpers';

/**
 * The report roll-ups (report_rounds, report_marks, report_stage_members) are a function of each
 * application's event log: `refreshReportFacts` recomputes the rows of some applications from their
 * logs with the domain's `caseFacts`, replacing what was there. Every appended event queues its
 * application (report_refresh_queue, in the event's own transaction), and the queue is drained by
 * the worker in the background and by a report before it is computed, so a report always reflects
 * every committed event and a crash at any moment loses nothing (the queue entry outlives it).
 */

/** Queues an application's roll-ups for recomputation. Run in the transaction that appends to its log. */
export async function queueReportRefresh(executor: SqlExecutor, applicationId: string): Promise<void> {
  await executor.query(
    `INSERT INTO report_refresh_queue (application_id) VALUES ($1)
     ON CONFLICT (application_id) DO UPDATE SET seq = report_refresh_queue.seq + 1`,
    [applicationId],
  );
}

/**
 * How long after a calendar change its cases are rolled up again: processes keep the calendar for
 * up to a minute (CALENDAR_CACHE_TTL_MS), and a roll-up made with the old one would be wrong.
 */
export const CALENDAR_CHANGE_REFRESH_DELAY_SECONDS = 75;

/**
 * Queues every case whose life overlaps a calendar day that changed (its working time on that day
 * is different now), to be rolled up again once every process has the new calendar.
 */
export async function queueReportRefreshForDay(executor: SqlExecutor, date: string): Promise<void> {
  await executor.query(
    // A round measures working time from its creation to its end, or to the end of the supplement
    // wait that followed (open-ended while either lasts): those that overlap the day.
    `INSERT INTO report_refresh_queue (application_id, queued_at)
     SELECT DISTINCT application_id, now() + make_interval(secs => $2) FROM report_rounds
      WHERE tstzrange(created_at,
                      CASE WHEN outcome = 'request_supplement' THEN applicant_until ELSE ended_at END, '[)')
            && tstzrange($1::date::timestamp AT TIME ZONE 'Asia/Shanghai',
                         ($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', '[)')
     ON CONFLICT (application_id) DO UPDATE
        SET seq = report_refresh_queue.seq + 1,
            queued_at = GREATEST(report_refresh_queue.queued_at, EXCLUDED.queued_at)`,
    [date, CALENDAR_CHANGE_REFRESH_DELAY_SECONDS],
  );
}

/** The cases (route and full log) of these applications, for the replay. */
export async function loadReportCases(executor: SqlExecutor, applicationIds: readonly string[]): Promise<ReportCase[]> {
  if (applicationIds.length === 0) return [];
  const heads = await sqlRows<{ id: string; serviceCode: string; snapshot: ServiceVersionSnapshot }>(
    executor,
    `SELECT a.id AS "id", a.service_code AS "serviceCode", v.snapshot AS "snapshot"
       FROM applications a
       JOIN service_versions v ON v.service_code = a.service_code AND v.version = a.service_version
      WHERE a.id = ANY($1::uuid[])`,
    [applicationIds],
  );
  const events = await sqlRows<ReportEvent & { applicationId: string }>(
    executor,
    `SELECT application_id AS "applicationId", at AS "at", kind AS "kind", step_key AS "stepKey",
            round AS "round", data AS "data"
       FROM application_events WHERE application_id = ANY($1::uuid[])
      ORDER BY application_id, at, id`,
    [applicationIds],
  );
  const byCase = new Map<string, ReportEvent[]>();
  for (const { applicationId, ...event } of events) {
    const list = byCase.get(applicationId);
    if (list) list.push(event);
    else byCase.set(applicationId, [event]);
  }
  return heads.map((head) => ({
    applicationId: head.id,
    serviceCode: head.serviceCode,
    // A version row without steps (never written by the app, but a hand-made one must not stop the reports).
    steps: (head.snapshot.steps ?? []).map((step): RouteStep => ({
      key: step.key,
      departmentCode: step.departmentCode,
      after: step.after,
    })),
    events: byCase.get(head.id) ?? [],
  }));
}

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

/** A multirange literal of the paused stretches: `{[from,to),[from,)}`. */
function multirange(spans: readonly { from: Date; to: Date | null }[]): string {
  return `{${spans.map((span) => `[${span.from.toISOString()},${span.to ? span.to.toISOString() : ''})`).join(',')}}`;
}

/**
 * Recomputes the roll-up rows of these applications from their event logs (replacing the old rows).
 * A case whose log cannot be replayed (e.g. an instant that is not a date) is left without rows and
 * returned, so one bad case never stops the others' reports; the caller logs it.
 */
export async function refreshReportFacts(
  executor: SqlExecutor,
  applicationIds: readonly string[],
  clock: WorkingClock,
): Promise<{ unreadable: { applicationId: string; error: string }[] }> {
  const unreadable: { applicationId: string; error: string }[] = [];
  if (applicationIds.length === 0) return { unreadable };
  const facts = (await loadReportCases(executor, applicationIds)).flatMap((reportCase) => {
    try {
      return [caseFacts(reportCase, clock)];
    } catch (error) {
      unreadable.push({ applicationId: reportCase.applicationId, error: (error as Error).message });
      return [];
    }
  });
  const ids = [...applicationIds];
  await executor.query(`DELETE FROM report_rounds WHERE application_id = ANY($1::uuid[])`, [ids]);
  await executor.query(`DELETE FROM report_marks WHERE application_id = ANY($1::uuid[])`, [ids]);
  await executor.query(`DELETE FROM report_stage_members WHERE application_id = ANY($1::uuid[])`, [ids]);

  const rounds = facts.flatMap((fact) => fact.rounds);
  if (rounds.length > 0) {
    await executor.query(
      `INSERT INTO report_rounds (application_id, step_key, round, service_code, department_code, created_at, ended_at,
                                  decided_at, outcome, deemed, breached, queue_ms, queue_wms, handling_ms, handling_wms,
                                  paused_ms, paused_wms, applicant_until, applicant_ms, applicant_wms, pauses,
                                  due_set_at, due_at)
       SELECT r.application_id, r.step_key, r.round, r.service_code, r.department_code, r.created_at, r.ended_at,
              r.decided_at, r.outcome, r.deemed, r.breached, r.queue_ms, r.queue_wms, r.handling_ms, r.handling_wms,
              r.paused_ms, r.paused_wms, r.applicant_until, r.applicant_ms, r.applicant_wms, r.pauses::tstzmultirange,
              ARRAY(SELECT jsonb_array_elements_text(r.due -> 'at')::timestamptz),
              ARRAY(SELECT jsonb_array_elements_text(r.due -> 'dueAt')::timestamptz)
         FROM jsonb_to_recordset($1::jsonb) AS r(
                application_id uuid, step_key varchar, round int, service_code varchar, department_code varchar,
                created_at timestamptz, ended_at timestamptz, decided_at timestamptz, outcome varchar, deemed boolean,
                breached boolean, queue_ms bigint, queue_wms bigint, handling_ms bigint, handling_wms bigint,
                paused_ms bigint, paused_wms bigint, applicant_until timestamptz, applicant_ms bigint,
                applicant_wms bigint, pauses text, due jsonb)`,
      [
        JSON.stringify(
          rounds.map((r) => ({
            application_id: r.applicationId,
            step_key: r.stepKey,
            round: r.round,
            service_code: r.serviceCode,
            department_code: r.departmentCode,
            created_at: iso(r.createdAt),
            ended_at: iso(r.endedAt),
            decided_at: iso(r.decidedAt),
            outcome: r.outcome,
            deemed: r.deemed,
            breached: r.breached,
            queue_ms: r.queue.ms,
            queue_wms: r.queue.wms,
            handling_ms: r.handling.ms,
            handling_wms: r.handling.wms,
            paused_ms: r.paused.ms,
            paused_wms: r.paused.wms,
            applicant_until: iso(r.applicantUntil),
            applicant_ms: r.applicant?.ms ?? null,
            applicant_wms: r.applicant?.wms ?? null,
            pauses: multirange(r.pauses),
            due: { at: r.dueDates.map((d) => iso(d.at)), dueAt: r.dueDates.map((d) => iso(d.dueAt)) },
          })),
        ),
      ],
    );
  }
  const marks = facts.flatMap((fact) => fact.marks);
  if (marks.length > 0) {
    await executor.query(
      `INSERT INTO report_marks (application_id, step_key, round, service_code, department_code, kind, at)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::varchar[], $5::varchar[], $6::varchar[], $7::timestamptz[])`,
      [
        marks.map((m) => m.applicationId),
        marks.map((m) => m.stepKey),
        marks.map((m) => m.round),
        marks.map((m) => m.serviceCode),
        marks.map((m) => m.departmentCode),
        marks.map((m) => m.kind),
        marks.map((m) => m.at.toISOString()),
      ],
    );
  }
  const members = facts.flatMap((fact) => fact.stageMembers);
  if (members.length > 0) {
    await executor.query(
      `INSERT INTO report_stage_members (application_id, stage, department_code, service_code, finished_at, is_last,
                                         added_ms, added_wms)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[], $6::boolean[],
                            $7::bigint[], $8::bigint[])`,
      [
        members.map((m) => m.applicationId),
        members.map((m) => m.stage),
        members.map((m) => m.departmentCode),
        members.map((m) => m.serviceCode),
        members.map((m) => m.finishedAt.toISOString()),
        members.map((m) => m.isLast),
        members.map((m) => m.addedMs),
        members.map((m) => m.addedWms),
      ],
    );
  }
  // Last, in the same transaction as the rows (when the caller has one): a report answer kept in
  // memory under the old count is never served for the new rows (see ReportAnswerCache), and the
  // in-memory copies of the roll-ups learn which cases to read again (see ReportRollupMirror).
  await executor.query(
    `WITH moved AS (UPDATE report_rollup_version SET version = version + 1 RETURNING version)
     INSERT INTO report_rollup_changes (version, application_id)
     SELECT moved.version, changed.id FROM moved, unnest($1::uuid[]) AS changed(id)`,
    [ids],
  );
  return { unreadable };
}

/** How long the cases each refresh changed are listed (report_rollup_changes) before they are pruned. */
export const ROLLUP_CHANGES_KEPT_SECONDS = 3600;

/** Prunes the list of changed cases: a copy of the roll-ups further behind than that reloads them all. */
export async function pruneReportRollupChanges(
  executor: SqlExecutor,
  keptSeconds = ROLLUP_CHANGES_KEPT_SECONDS,
): Promise<void> {
  await executor.query(`DELETE FROM report_rollup_changes WHERE at < now() - make_interval(secs => $1)`, [keptSeconds]);
}

/** The count of roll-up refreshes so far: any change to the roll-ups moves it. */
export async function reportRollupVersion(executor: SqlExecutor): Promise<string> {
  const rows = await sqlRows<{ version: string }>(
    executor,
    `SELECT version::text AS "version" FROM report_rollup_version`,
  );
  return rows[0]?.version ?? '0';
}

/**
 * Recomputes queued applications, a batch per transaction, until the queue is empty; returns how
 * many were refreshed. `wait` (a report about to be computed) waits for entries another process is
 * refreshing right now instead of skipping them, so the report sees their result; the background
 * drain skips them. An entry is removed only if no event was appended since it was read (same seq).
 * Entries queued for later (a calendar change) wait until their time.
 */
export async function drainReportRefreshQueue(
  dataSource: DataSource,
  clock: WorkingClock,
  options: {
    batchSize?: number;
    wait?: boolean;
    /** Told of each case that could not be rolled up (it is dequeued all the same: retrying cannot help). */
    onUnreadable?: (applicationId: string, error: string) => void;
  } = {},
): Promise<number> {
  const onUnreadable =
    options.onUnreadable ??
    ((applicationId: string, error: string) =>
      console.warn(`report roll-up: case ${applicationId} cannot be replayed and is left out: ${error}`));
  const batchSize = options.batchSize ?? 200;
  let refreshed = 0;
  for (;;) {
    const count = await dataSource.transaction(async (manager) => {
      const entries = await sqlRows<{ applicationId: string; seq: string }>(
        manager,
        `SELECT application_id AS "applicationId", seq AS "seq" FROM report_refresh_queue
          WHERE queued_at <= now()
          ORDER BY application_id LIMIT $1 FOR UPDATE ${options.wait ? '' : 'SKIP LOCKED'}`,
        [batchSize],
      );
      if (entries.length === 0) return 0;
      const { unreadable } = await refreshReportFacts(
        manager,
        entries.map((entry) => entry.applicationId),
        clock,
      );
      for (const { applicationId, error } of unreadable) onUnreadable(applicationId, error);
      await manager.query(
        `DELETE FROM report_refresh_queue q
          USING unnest($1::uuid[], $2::bigint[]) AS done(application_id, seq)
          WHERE q.application_id = done.application_id AND q.seq = done.seq`,
        [entries.map((entry) => entry.applicationId), entries.map((entry) => entry.seq)],
      );
      return entries.length;
    });
    // Not `count < batchSize`: entries waited for and found done drop out of a batch, yet more may follow.
    if (count === 0) return refreshed;
    refreshed += count;
  }
}
