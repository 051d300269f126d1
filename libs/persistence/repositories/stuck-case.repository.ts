import type { DataSource } from 'typeorm';
import type { Card, TaskStatus, Urge } from '../../domain';
import { fullPrecisionTimestamp, sqlRows, toKeysetPage, type KeysetPage, type KeysetPosition } from './sql.helpers';

/**
 * Task statuses in which a case waits on the department: queued, held or paused by it. A task
 * awaiting the applicant's supplement waits on the enterprise instead, so it is not stuck there.
 * Written out in the SQL below (not a parameter) so the planner can match the partial indexes
 * tasks_waiting and tasks_waiting_on_department, whose predicate is the same list.
 */
export const WAITING_ON_DEPARTMENT_SQL = `t.status IN ('pending', 'claimed', 'paused')`;

/** One open task a department holds a case on, and where the case is. */
export interface StuckCaseRecord {
  /** The task's id: the keyset's tiebreaker. */
  id: string;
  applicationId: string;
  applicationNumber: string;
  enterpriseName: string;
  serviceCode: string;
  stepKey: string;
  round: number;
  departmentCode: string;
  status: Extract<TaskStatus, 'pending' | 'claimed' | 'paused'>;
  /** When the task of this round was created: the round has waited on the department since. */
  createdAt: Date;
  dueAt: Date;
  /** Past its limit: breached, or due with the clock running (the queue's `overdue` filter). */
  overdue: boolean;
  cards: Card[];
  urges: Urge[];
}

export interface StuckCaseFilter {
  departmentCode?: string;
  serviceCode?: string;
  after?: KeysetPosition;
  limit: number;
}

/** The open cases waiting on departments, longest waiting first. */
export class StuckCaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keyset-paginated by (created_at, id): the longest waiting first, ties in a stable order. */
  async page(filter: StuckCaseFilter): Promise<KeysetPage<StuckCaseRecord & { position: string }>> {
    const rows = await sqlRows<StuckCaseRecord & { position: string }>(
      this.dataSource,
      `SELECT t.id AS "id", t.application_id AS "applicationId", t.application_number AS "applicationNumber",
              t.enterprise_name AS "enterpriseName", t.service_code AS "serviceCode", t.step_key AS "stepKey",
              t.round AS "round", t.department_code AS "departmentCode", t.status AS "status",
              t.created_at AS "createdAt", t.due_at AS "dueAt",
              (t.breached_at IS NOT NULL OR (t.status IN ('pending', 'claimed') AND t.due_at < now())) AS "overdue",
              t.cards AS "cards", t.urges AS "urges",
              ${fullPrecisionTimestamp('t.created_at')} AS "position"
         FROM tasks t
        WHERE ${WAITING_ON_DEPARTMENT_SQL}
          AND t.kind = 'review'
          AND ($1::varchar IS NULL OR t.department_code = $1)
          AND ($2::varchar IS NULL OR t.service_code = $2)
          AND ($3::timestamptz IS NULL OR (t.created_at, t.id) > ($3::timestamptz, $4::uuid))
        ORDER BY t.created_at, t.id
        LIMIT $5`,
      [
        filter.departmentCode ?? null,
        filter.serviceCode ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        filter.limit + 1,
      ],
    );
    return toKeysetPage(rows, filter.limit);
  }

  /**
   * The applications of the `perGroup` longest-waiting cases of each department × service (the
   * first ones `page` would list for that pair), keyed `departmentCode|serviceCode`: the stuck cases
   * each ranked bottleneck links to. Reads the open tasks from the partial index, not the whole table.
   */
  async longestPerGroup(
    filter: Pick<StuckCaseFilter, 'departmentCode' | 'serviceCode'>,
    perGroup: number,
  ): Promise<Map<string, string[]>> {
    const rows = await sqlRows<{ departmentCode: string; serviceCode: string; applicationId: string }>(
      this.dataSource,
      `SELECT department_code AS "departmentCode", service_code AS "serviceCode", application_id AS "applicationId"
         FROM (SELECT t.department_code, t.service_code, t.application_id,
                      row_number() OVER (PARTITION BY t.department_code, t.service_code ORDER BY t.created_at, t.id) AS n
                 FROM tasks t
                WHERE ${WAITING_ON_DEPARTMENT_SQL} AND t.kind = 'review'
                  AND ($1::varchar IS NULL OR t.department_code = $1)
                  AND ($2::varchar IS NULL OR t.service_code = $2)) ranked
        WHERE n <= $3
        ORDER BY department_code, service_code, n`,
      [filter.departmentCode ?? null, filter.serviceCode ?? null, perGroup],
    );
    const groups = new Map<string, string[]>();
    for (const row of rows) {
      const key = `${row.departmentCode}|${row.serviceCode}`;
      const group = groups.get(key);
      if (group) group.push(row.applicationId);
      else groups.set(key, [row.applicationId]);
    }
    return groups;
  }
}
