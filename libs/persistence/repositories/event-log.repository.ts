import type { DataSource } from 'typeorm';
import type { ApplicationEventKind, ApplicationStatus } from '../../domain';
import { fullPrecisionTimestamp, sqlRow, sqlRows, type KeysetPosition } from './sql.helpers';

/**
 * The kinds of event that make up a step's life in the exported event log (process mining wants
 * when a step was queued, picked up, held and finished, not every notice or card). Each of these
 * carries a step key and round, so the task row says which department held the step.
 */
export const STEP_LIFECYCLE_EVENT_KINDS = [
  'step_started',
  'task_created',
  'claimed',
  'reassigned',
  'paused',
  'resumed',
  'decided',
  'step_cancelled',
] as const satisfies readonly ApplicationEventKind[];
export type StepLifecycleEventKind = (typeof STEP_LIFECYCLE_EVENT_KINDS)[number];

/** Which applications an export covers. */
export interface EventLogFilter {
  serviceCode: string;
  /** Applications filed in [filedFrom, filedTo). */
  filedFrom: Date;
  filedTo: Date;
  /**
   * A department CIO's export: only applications on which the department had a task, and of
   * those only the events of the department's own steps.
   */
  departmentCode?: string;
}

export interface EventLogCase {
  id: string;
  number: string;
  status: ApplicationStatus;
  serviceCode: string;
  serviceVersion: number;
  filedAt: Date;
  events: EventLogStepEvent[];
}

export interface EventLogStepEvent {
  id: string;
  kind: StepLifecycleEventKind;
  stepKey: string;
  round: number;
  /** The department that holds the step (the task's), whatever the actor's own department. */
  departmentCode: string;
  at: Date;
  /** Username; null for the system (timers, the route moving on). */
  actorUsername: string | null;
  actorRole: string | null;
  /** decided: approve, reject, request_supplement …; null for other kinds. */
  outcome: string | null;
  /** decided: decision, deemed or pledge. */
  basis: string | null;
}

type CaseRow = Omit<EventLogCase, 'events'> & { position: string };
type EventRow = EventLogStepEvent & { applicationId: string };

/** Applications per round trip: bounds memory whatever the window, and keeps each query small. */
const DEFAULT_CASES_PER_PAGE = 200;

/**
 * Reads the event log for export, a page of applications at a time, so an export of a long
 * window streams out without holding the whole log in memory.
 */
export class EventLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async serviceExists(serviceCode: string): Promise<boolean> {
    const row = await sqlRow<{ found: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM services WHERE code = $1) AS "found"`,
      [serviceCode],
    );
    return row?.found === true;
  }

  /**
   * The filtered applications oldest first (by filing time), each with its step events oldest
   * first, yielded page by page (keyset on (filed_at, id)).
   */
  async *cases(filter: EventLogFilter, casesPerPage = DEFAULT_CASES_PER_PAGE): AsyncGenerator<EventLogCase[]> {
    let after: KeysetPosition | null = null;
    do {
      const rows: CaseRow[] = await this.casePage(filter, after, casesPerPage + 1);
      const page = rows.slice(0, casesPerPage);
      if (page.length === 0) return;
      const events = await this.stepEvents(
        page.map((c) => c.id),
        filter.departmentCode,
      );
      yield page.map(({ position: _position, ...head }) => ({ ...head, events: events.get(head.id) ?? [] }));
      const last = page[page.length - 1];
      after = rows.length > casesPerPage ? { at: last.position, id: last.id } : null;
    } while (after);
  }

  private casePage(filter: EventLogFilter, after: KeysetPosition | null, limit: number): Promise<CaseRow[]> {
    return sqlRows<CaseRow>(
      this.dataSource,
      `SELECT a.id AS "id", a.number AS "number", a.status AS "status", a.service_code AS "serviceCode",
              a.service_version AS "serviceVersion", a.filed_at AS "filedAt",
              ${fullPrecisionTimestamp('a.filed_at')} AS "position"
         FROM applications a
        WHERE a.service_code = $1 AND a.filed_at >= $2 AND a.filed_at < $3
          AND ($4::varchar IS NULL OR EXISTS (
                SELECT 1 FROM tasks t WHERE t.application_id = a.id AND t.department_code = $4))
          AND ($5::timestamptz IS NULL OR (a.filed_at, a.id) > ($5::timestamptz, $6::uuid))
        ORDER BY a.filed_at, a.id
        LIMIT $7`,
      [
        filter.serviceCode,
        filter.filedFrom,
        filter.filedTo,
        filter.departmentCode ?? null,
        after?.at ?? null,
        after?.id ?? null,
        limit,
      ],
    );
  }

  /** The step events of these applications, grouped by application, each group oldest first. */
  private async stepEvents(
    applicationIds: string[],
    departmentCode: string | undefined,
  ): Promise<Map<string, EventLogStepEvent[]>> {
    const rows = await sqlRows<EventRow>(
      this.dataSource,
      // A round after the first is queued again (task_created) without a new step_started; the
      // first round's task_created says nothing step_started did not.
      `SELECT ev.application_id AS "applicationId", ev.id AS "id", ev.kind AS "kind", ev.step_key AS "stepKey",
              ev.round AS "round", t.department_code AS "departmentCode", ev.at AS "at",
              ev.actor_username AS "actorUsername", ev.actor_role AS "actorRole",
              CASE WHEN ev.kind = 'decided' THEN ev.data->>'outcome' END AS "outcome",
              CASE WHEN ev.kind = 'decided' THEN ev.data->>'basis' END AS "basis"
         FROM application_events ev
         JOIN tasks t ON t.application_id = ev.application_id AND t.step_key = ev.step_key AND t.round = ev.round
                     AND t.kind = 'review'
        WHERE ev.application_id = ANY($1::uuid[])
          AND ev.kind = ANY($2::varchar[])
          AND NOT (ev.kind = 'task_created' AND ev.round = 1)
          AND ($3::varchar IS NULL OR t.department_code = $3)
        ORDER BY ev.application_id, ev.at, ev.id`,
      [applicationIds, STEP_LIFECYCLE_EVENT_KINDS, departmentCode ?? null],
    );
    const byApplication = new Map<string, EventLogStepEvent[]>();
    for (const { applicationId, ...event } of rows) {
      const events = byApplication.get(applicationId) ?? [];
      events.push(event);
      byApplication.set(applicationId, events);
    }
    return byApplication;
  }
}
