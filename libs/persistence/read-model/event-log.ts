import type { Actor, ApplicationEventKind } from '../../domain';
import { queueReportRefresh } from '../reports/report-facts';
import { sqlRows, type SqlExecutor } from '../repositories/sql.helpers';

export interface LoggedEvent {
  applicationId: string;
  kind: ApplicationEventKind;
  stepKey?: string;
  round?: number;
  /** Undefined: the system (a timer, the route moving on). */
  actor?: Actor;
  at: Date;
  data?: Record<string, unknown>;
  /** Unique per logical event, so a retried write is a no-op. */
  dedupeKey: string;
}

/**
 * Appends one event to an application's log unless an event with the same dedupe key exists.
 * Returns whether it was appended, and queues the case's report roll-ups for a refresh. Callers run it in the transaction of the change it records, so
 * the log and the read models never disagree.
 */
export async function appendEvent(executor: SqlExecutor, event: LoggedEvent): Promise<boolean> {
  const rows = await sqlRows<{ id: string }>(
    executor,
    `INSERT INTO application_events
            (application_id, kind, step_key, round, actor_id, actor_username, actor_role, actor_department, at, data, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id AS "id"`,
    [
      event.applicationId,
      event.kind,
      event.stepKey ?? null,
      event.round ?? null,
      // Actors recorded before ids were carried have a username only.
      event.actor?.userId || null,
      event.actor?.username ?? null,
      event.actor?.role ?? null,
      event.actor?.departmentCode ?? null,
      event.at,
      JSON.stringify(event.data ?? {}),
      event.dedupeKey,
    ],
  );
  // The report roll-ups of this case are now behind its log: queued in the same transaction.
  if (rows.length > 0) await queueReportRefresh(executor, event.applicationId);
  return rows.length > 0;
}
