import { randomUUID } from 'node:crypto';
import type { TaskApproval } from '../entities/task.entity';
import type { DataSource } from 'typeorm';
import {
  HELD_TASK_STATUSES,
  type Actor,
  type Card,
  type DecisionBasis,
  type DecisionOutcome,
  type PauseReason,
  type PostCheckOutcome,
  type ServiceVersionSnapshot,
  type TaskKind,
  type TaskStatus,
  type Urge,
} from '../../domain';
import { appendEvent } from '../read-model/event-log';
import {
  fullPrecisionTimestamp,
  sqlRow,
  sqlRows,
  sqlRowsWithIsoInstants,
  toKeysetPage,
  type KeysetPage,
  type KeysetPosition,
  type SqlExecutor,
  type WithIsoInstants,
} from './sql.helpers';

/** One task (待办) row as the gateway reads it. */
export interface TaskRecord {
  id: string;
  applicationId: string;
  applicationNumber: string;
  enterpriseName: string;
  serviceCode: string;
  stepKey: string;
  departmentCode: string;
  round: number;
  status: TaskStatus;
  assignee: string | null;
  assigneeId: string | null;
  createdAt: Date;
  claimedAt: Date | null;
  dueAt: Date;
  decidedAt: Date | null;
  outcome: DecisionOutcome | PostCheckOutcome | null;
  opinion: string | null;
  decidedBy: string | null;
  breachedAt: Date | null;
  approvals: TaskApproval[];
  handlingGroup: string | null;
  firstClaimedAt: Date | null;
  clockStoppedAt: Date | null;
  /** bigint: the driver returns text. */
  remainingWorkingMs: string | null;
  pauseReason: PauseReason | null;
  cards: Card[];
  urges: Urge[];
  basis: DecisionBasis | null;
  /** review: a round of the step's review; post_check: the check of a pledge after approval. */
  kind: TaskKind;
}

/** A queue row: instants as ISO text, and none of the columns a queue page never sends. */
export type QueuedTaskRecord = WithIsoInstants<Omit<TaskRecord, 'assigneeId' | 'opinion' | 'decidedBy'>>;

export interface TaskQueueFilter {
  departmentCode: string;
  statuses: readonly TaskStatus[];
  /** Only tasks for anyone in the department or for one of these groups; undefined: every task. */
  staffGroups?: readonly string[];
  serviceCode?: string;
  dueBefore?: Date;
  /** Only tasks held by this user. */
  heldBy?: string;
  /** Only tasks held by someone other than this user. */
  heldByOthersThan?: string;
  /** Only tasks past their limit: due and the clock running, or breached. */
  overdue?: boolean;
  /** Only tasks the coordinating CIO urged. */
  urged?: boolean;
  /** Text contained in the application number or the enterprise name (case-insensitive). */
  text?: string;
  /** Only review rounds, or only post-checks of pledges. */
  kind?: TaskKind;
  /** created: oldest first by (created_at, id); urgency: earliest due first by (due_at, id). */
  sort?: 'created' | 'urgency';
  after?: KeysetPosition;
  limit: number;
}

/** How many tasks of a department's queue are in each tab of the workbench. */
export interface TaskQueueCounts {
  pending: number;
  mine: number;
  claimedByOthers: number;
  paused: number;
  awaitingApplicant: number;
  done: number;
}

/** A LIKE pattern matching `text` literally anywhere (\\ is the default escape character). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An active officer of a department and their current load. */
export interface OfficerRecord {
  userId: string;
  username: string;
  displayName: string;
  staffGroups: string[];
  /** Tasks the officer holds now: claimed or paused. */
  openTasks: number;
}

export interface Assignee {
  userId: string;
  username: string;
}

/** What a queue row sends: a task's columns less its opinion, its decider and its holder's id. */
const QUEUED_TASK_COLUMNS = `
  t.id AS "id", t.application_id AS "applicationId", t.application_number AS "applicationNumber",
  t.enterprise_name AS "enterpriseName", t.service_code AS "serviceCode", t.step_key AS "stepKey",
  t.department_code AS "departmentCode", t.round AS "round", t.status AS "status",
  t.assignee AS "assignee", t.created_at AS "createdAt",
  t.claimed_at AS "claimedAt", t.due_at AS "dueAt", t.decided_at AS "decidedAt",
  t.outcome AS "outcome", t.breached_at AS "breachedAt", t.approvals AS "approvals",
  t.handling_group AS "handlingGroup", t.first_claimed_at AS "firstClaimedAt",
  t.clock_stopped_at AS "clockStoppedAt", t.remaining_working_ms AS "remainingWorkingMs",
  t.pause_reason AS "pauseReason", t.cards AS "cards", t.urges AS "urges", t.basis AS "basis",
  t.kind AS "kind"`;

export const TASK_COLUMNS = `${QUEUED_TASK_COLUMNS},
  t.assignee_id AS "assigneeId", t.opinion AS "opinion", t.decided_by AS "decidedBy"`;

/**
 * The department task queue. Claim and release are single conditional UPDATEs, so two officers
 * racing for one task cannot both win; the caller re-reads the row to explain a lost race.
 */
export class TaskQueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Oldest first, keyset-paginated by (created_at, id): the order tasks should be worked; or, with
   * sort urgency, earliest due first by (due_at, id).
   */
  async list(filter: TaskQueueFilter): Promise<KeysetPage<QueuedTaskRecord & { position: string }>> {
    const key = filter.sort === 'urgency' ? 't.due_at' : 't.created_at';
    // One status as `=`: with `= ANY(array)` Postgres cannot take the order from tasks_queue
    // (department, status, created_at, id) and sorts every task of the department after the cursor
    // (the whole history for the done tab). Several statuses (the open tab) are served by the partial
    // index on open tasks (tasks_open_queue), which ANY over a subset of its statuses matches.
    const single = filter.statuses.length === 1;
    const rows = await sqlRowsWithIsoInstants<QueuedTaskRecord & { position: string }>(
      this.dataSource,
      `SELECT ${QUEUED_TASK_COLUMNS}, ${fullPrecisionTimestamp(key)} AS "position"
         FROM tasks t
        WHERE t.department_code = $1
          AND ${single ? 't.status = $2::varchar' : 't.status = ANY($2::varchar[])'}
          AND ($3::varchar IS NULL OR t.service_code = $3)
          AND ($4::timestamptz IS NULL OR t.due_at < $4)
          AND ($5::timestamptz IS NULL OR (${key}, t.id) > ($5::timestamptz, $6::uuid))
          AND ($8::varchar[] IS NULL OR t.handling_group IS NULL OR t.handling_group = ANY($8::varchar[]))
          AND ($9::uuid IS NULL OR t.assignee_id = $9)
          AND ($10::uuid IS NULL OR (t.assignee_id IS NOT NULL AND t.assignee_id <> $10))
          AND (NOT $11::boolean OR t.breached_at IS NOT NULL
               OR (t.status IN ('pending', 'claimed') AND t.due_at < now()))
          AND (NOT $12::boolean OR jsonb_array_length(t.urges) > 0)
          AND ($13::text IS NULL OR t.application_number ILIKE $13 OR t.enterprise_name ILIKE $13)
          AND ($14::varchar IS NULL OR t.kind = $14)
        ORDER BY ${key}, t.id
        LIMIT $7`,
      [
        filter.departmentCode,
        single ? filter.statuses[0] : filter.statuses,
        filter.serviceCode ?? null,
        filter.dueBefore ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        filter.limit + 1,
        filter.staffGroups ?? null,
        filter.heldBy ?? null,
        filter.heldByOthersThan ?? null,
        filter.overdue ?? false,
        filter.urged ?? false,
        filter.text ? containsPattern(filter.text) : null,
        filter.kind ?? null,
      ],
      // Four texts (one status or several, by creation or by due date), each prepared once per session.
      { prepared: true },
    );
    return toKeysetPage(rows, filter.limit);
  }

  /** The workbench tabs' counts, over the same tasks the queue shows the caller. */
  async counts(filter: {
    departmentCode: string;
    staffGroups?: readonly string[];
    userId: string;
  }): Promise<TaskQueueCounts> {
    const row = await sqlRow<Record<keyof TaskQueueCounts, number>>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE t.status = 'pending')::int AS "pending",
              count(*) FILTER (WHERE t.status IN ('claimed', 'paused', 'awaiting_applicant')
                                 AND t.assignee_id = $3)::int AS "mine",
              count(*) FILTER (WHERE t.status = 'claimed' AND t.assignee_id <> $3)::int AS "claimedByOthers",
              count(*) FILTER (WHERE t.status = 'paused')::int AS "paused",
              count(*) FILTER (WHERE t.status = 'awaiting_applicant')::int AS "awaitingApplicant",
              count(*) FILTER (WHERE t.status = 'completed')::int AS "done"
         FROM tasks t
        WHERE t.department_code = $1
          AND ($2::varchar[] IS NULL OR t.handling_group IS NULL OR t.handling_group = ANY($2::varchar[]))`,
      [filter.departmentCode, filter.staffGroups ?? null, filter.userId],
    );
    return row ?? { pending: 0, mine: 0, claimedByOthers: 0, paused: 0, awaitingApplicant: 0, done: 0 };
  }

  findById(id: string, executor: SqlExecutor = this.dataSource): Promise<TaskRecord | null> {
    return sqlRow<TaskRecord>(executor, `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = $1`, [id]);
  }

  /**
   * Claims a pending task; null when it was not pending (claimed, decided, cancelled, …). The claim
   * and its `claimed` event commit together, so the log times queue and handling exactly.
   */
  claim(id: string, assignee: Actor): Promise<TaskRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const task = await sqlRow<TaskRecord>(
        manager,
        `UPDATE tasks t
            SET status = 'claimed', assignee = $2, assignee_id = $3, claimed_at = now(),
                first_claimed_at = COALESCE(first_claimed_at, now())
          WHERE t.id = $1 AND t.status = 'pending'
          RETURNING ${TASK_COLUMNS}`,
        [id, assignee.username, assignee.userId],
      );
      if (task) await appendEvent(manager, taskEvent(task, 'claimed', assignee, task.claimedAt!, {}));
      return task;
    });
  }

  /**
   * Gives a claimed task back to the queue; null unless it was claimed by `assigneeId`. claimed_at
   * is cleared so queue time keeps running until someone claims it again; first_claimed_at stays.
   */
  release(id: string, holder: Actor): Promise<TaskRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const task = await sqlRow<TaskRecord & { releasedAt: Date }>(
        manager,
        `UPDATE tasks t
            SET status = 'pending', assignee = NULL, assignee_id = NULL, claimed_at = NULL
          WHERE t.id = $1 AND t.status = 'claimed' AND t.assignee_id = $2
          RETURNING ${TASK_COLUMNS}, now() AS "releasedAt"`,
        [id, holder.userId],
      );
      if (task) await appendEvent(manager, taskEvent(task, 'released', holder, task.releasedAt, {}));
      return task;
    });
  }

  /**
   * A department CIO hands an open task to a named officer: a pending task becomes theirs (claimed),
   * a claimed or paused one changes hands and keeps its state. Null when the task was not open.
   */
  reassign(id: string, to: Actor, by: Actor, reason: string): Promise<TaskRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const task = await sqlRow<TaskRecord & { previousAssignee: string | null; at: Date }>(
        manager,
        `UPDATE tasks t
            SET status = CASE WHEN before.status = 'pending' THEN 'claimed' ELSE before.status END,
                assignee = $2, assignee_id = $3, claimed_at = now(),
                first_claimed_at = COALESCE(t.first_claimed_at, now())
           FROM tasks before
          WHERE before.id = t.id AND t.id = $1 AND t.status IN ('pending','claimed','paused')
          RETURNING ${TASK_COLUMNS}, before.assignee AS "previousAssignee", now() AS "at"`,
        [id, to.username, to.userId],
      );
      if (task) {
        await appendEvent(
          manager,
          taskEvent(task, 'reassigned', by, task.at, { from: task.previousAssignee, to: to.username, reason }),
        );
      }
      return task;
    });
  }

  /** The service version the task's application runs on. */
  async findSnapshot(taskId: string): Promise<ServiceVersionSnapshot | null> {
    const row = await sqlRow<{ snapshot: ServiceVersionSnapshot }>(
      this.dataSource,
      `SELECT v.snapshot AS "snapshot"
         FROM tasks t
         JOIN applications a ON a.id = t.application_id
         JOIN service_versions v ON v.service_code = a.service_code AND v.version = a.service_version
        WHERE t.id = $1`,
      [taskId],
    );
    return row?.snapshot ?? null;
  }

  /**
   * The active officers of a department (or the one named), each with how many tasks they hold now
   * (claimed or paused), least loaded first. Who of them may work a given task is the domain's
   * `whyOfficerCannotWork`.
   */
  officers(departmentCode: string, username?: string): Promise<OfficerRecord[]> {
    return sqlRows<OfficerRecord>(
      this.dataSource,
      `SELECT a.id AS "userId", a.username AS "username", a.display_name AS "displayName",
              a.staff_groups AS "staffGroups", COALESCE(held.count, 0)::int AS "openTasks"
         FROM accounts a
         LEFT JOIN (SELECT t.assignee_id, count(*) AS count
                      FROM tasks t
                     WHERE t.department_code = $1 AND t.status = ANY($3::varchar[])
                     GROUP BY t.assignee_id) held ON held.assignee_id = a.id
        WHERE a.role = 'staff' AND a.department_code = $1 AND a.active
          AND ($2::varchar IS NULL OR a.username = $2)
        ORDER BY "openTasks", a.username`,
      [departmentCode, username ?? null, HELD_TASK_STATUSES],
    );
  }

  async findOfficer(username: string, departmentCode: string): Promise<OfficerRecord | null> {
    return (await this.officers(departmentCode, username))[0] ?? null;
  }
}

/**
 * The log entry of a change of hands: one per claim, release or reassignment (never deduplicated).
 * A post-check is no round of the step's review: its entries carry no round (so the reports'
 * replay of review rounds and the XES export leave them out) and say their kind.
 */
function taskEvent(
  task: TaskRecord,
  kind: 'claimed' | 'released' | 'reassigned',
  actor: Actor,
  at: Date,
  data: Record<string, unknown>,
) {
  return {
    applicationId: task.applicationId,
    kind,
    stepKey: task.stepKey,
    ...(task.kind === 'post_check' ? {} : { round: task.round }),
    actor,
    at,
    data: { taskId: task.id, ...(task.kind === 'post_check' ? { taskKind: task.kind } : {}), ...data },
    dedupeKey: `${task.id}:${kind}:${randomUUID()}`,
  };
}
