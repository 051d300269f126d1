import type { DataSource, EntityManager } from 'typeorm';
import type {
  Actor,
  ApplicationStatus,
  CardLevel,
  DecisionOutcome,
  NoticeAnswer,
  NoticeItem,
  PauseReason,
  SupplementItem,
  Urge,
} from '../../domain';
import { TERMINAL_APPLICATION_STATUSES } from '../../domain';
import { issueCertificates } from '../repositories/certificate.repository';
import { recordFileUses } from '../repositories/file.repository';
import { sqlRow, sqlRows } from '../repositories/sql.helpers';
import { appendEvent } from './event-log';
import { notify, type Audience } from './notification-writer';
import * as deferredMaterials from './deferred-materials.writes';
import { openPostCheck, recordPledgeApproval, recordPostCheckDecision, type PostCheckDecision } from './pledge-writes';

export interface NewStepTask {
  applicationId: string;
  applicationNumber: string;
  enterpriseName: string;
  serviceCode: string;
  stepKey: string;
  departmentCode: string;
  handlingGroup: string | null;
  round: number;
  createdAt: Date;
  dueAt: Date;
}

/** Notifications a write produced, for webhook delivery. */
export interface Notified {
  notificationIds: string[];
}

const OPEN_FOR_DECISION = `status IN ('pending','claimed')`;

const CARD_EVENT: Record<CardLevel, 'warning' | 'yellow_card' | 'red_card'> = {
  warning: 'warning',
  yellow: 'yellow_card',
  red: 'red_card',
};

/**
 * Writes of the application read models, called from activities. Every write is idempotent and
 * guarded by the state it expects: inserts are keyed (task: application + step + round; event and
 * notification: dedupe key) and updates only move a row forward from the state they expect, so an
 * activity retried after a crash, or a late attempt overtaken by a newer fact, changes nothing.
 * Each change and the events that record it commit together.
 */
export class ApplicationReadModelStore {
  constructor(private readonly dataSource: DataSource) {}

  /** A step approved at once on the enterprise's pledge (see pledge-writes.ts). */
  recordPledgeApproval(task: NewStepTask & { opinion: string }): Promise<{ id: string; dueAt: Date }> {
    return recordPledgeApproval(this.dataSource, task);
  }

  /** The post-check of a pledged step, in its department's queue. */
  openPostCheck(task: NewStepTask): Promise<{ id: string }> {
    return openPostCheck(this.dataSource, task);
  }

  /** The department's post-check decision; a failure goes on the enterprise's record. */
  recordPostCheckDecision(decision: PostCheckDecision): Promise<void> {
    return recordPostCheckDecision(this.dataSource, decision);
  }

  /** Creates the task for one round of one step, or returns the existing one. */
  async openTask(task: NewStepTask): Promise<{ id: string; dueAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      await sqlRows(
        manager,
        `INSERT INTO tasks (application_id, application_number, enterprise_name, service_code, step_key,
                            department_code, handling_group, round, status, created_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10)
         ON CONFLICT ON CONSTRAINT tasks_application_step_round DO NOTHING`,
        [
          task.applicationId,
          task.applicationNumber,
          task.enterpriseName,
          task.serviceCode,
          task.stepKey,
          task.departmentCode,
          task.handlingGroup,
          task.round,
          task.createdAt,
          task.dueAt,
        ],
      );
      const row = await sqlRow<{ id: string; dueAt: Date }>(
        manager,
        `SELECT id AS "id", due_at AS "dueAt" FROM tasks WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review'`,
        [task.applicationId, task.stepKey, task.round],
      );
      if (!row) throw new Error(`task ${task.stepKey} round ${task.round} vanished after insert`);
      const base = { applicationId: task.applicationId, stepKey: task.stepKey, round: task.round, at: task.createdAt };
      const key = `${task.applicationId}:${task.stepKey}:${task.round}`;
      if (task.round === 1) {
        await appendEvent(manager, {
          ...base,
          kind: 'step_started',
          data: { departmentCode: task.departmentCode },
          dedupeKey: `${key}:started`,
        });
      }
      await appendEvent(manager, {
        ...base,
        kind: 'task_created',
        data: { taskId: row.id, departmentCode: task.departmentCode, dueAt: row.dueAt.toISOString() },
        dedupeKey: `${key}:task`,
      });
      return row;
    });
  }

  /**
   * An officer's final decision on a round. A supplement request keeps the task open, waiting on
   * the applicant with the step's clock stopped (`remainingWorkingMs` is what it had left). A task
   * cancelled meanwhile (a sibling rejected, the applicant withdrew) stays cancelled.
   */
  async recordDecision(decision: {
    applicationId: string;
    stepKey: string;
    round: number;
    outcome: DecisionOutcome;
    opinion: string;
    items?: SupplementItem[];
    actor: Actor;
    decidedAt: Date;
    remainingWorkingMs?: number;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const waiting = decision.outcome === 'request_supplement';
      const updated = await sqlRows(
        manager,
        `UPDATE tasks
            SET status = $4, outcome = $5, opinion = $6, decided_by = $7, decided_at = $8, basis = 'decision',
                clock_stopped_at = CASE WHEN $9 THEN $8::timestamptz END,
                remaining_working_ms = CASE WHEN $9 THEN $10::bigint END
          WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review'
            AND decided_at IS NULL AND ${OPEN_FOR_DECISION}
          RETURNING id`,
        [
          decision.applicationId,
          decision.stepKey,
          decision.round,
          waiting ? 'awaiting_applicant' : 'completed',
          decision.outcome,
          decision.opinion,
          decision.actor.username,
          decision.decidedAt,
          waiting,
          decision.remainingWorkingMs ?? null,
        ],
      );
      // Nothing changed: either this attempt's twin committed already (its events exist) or the
      // task was cancelled first, and a decision that did not take effect is not a fact.
      if (updated.length === 0) return;
      const base = {
        applicationId: decision.applicationId,
        stepKey: decision.stepKey,
        round: decision.round,
        actor: decision.actor,
        at: decision.decidedAt,
      };
      const key = `${decision.applicationId}:${decision.stepKey}:${decision.round}`;
      await appendEvent(manager, {
        ...base,
        kind: 'decided',
        data: { outcome: decision.outcome, opinion: decision.opinion, basis: 'decision' },
        dedupeKey: `${key}:decided`,
      });
      if (waiting) {
        await appendEvent(manager, {
          ...base,
          kind: 'supplement_requested',
          data: {
            items: decision.items ?? [],
            opinion: decision.opinion,
            remainingWorkingMs: decision.remainingWorkingMs ?? null,
          },
          dedupeKey: `${key}:supplement_requested`,
        });
      }
    });
  }

  /**
   * One reviewer approved a step that needs more: the approval is kept on the task, which goes
   * back to the queue unclaimed for the next reviewer.
   */
  async recordReviewerApproval(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    reviewer: string;
    actor?: Actor;
    opinion: string;
    approvalNumber: number;
    reviewersRequired: number;
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const updated = await sqlRows(
        manager,
        `UPDATE tasks
            SET approvals = approvals || jsonb_build_array(jsonb_build_object('username', $4::text, 'opinion', $5::text, 'at', $6::text)),
                status = 'pending', assignee = NULL, assignee_id = NULL, claimed_at = NULL
          WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review'
            AND decided_at IS NULL AND ${OPEN_FOR_DECISION}
            AND NOT approvals @> jsonb_build_array(jsonb_build_object('username', $4::text))
          RETURNING id`,
        [input.applicationId, input.stepKey, input.round, input.reviewer, input.opinion, input.at.toISOString()],
      );
      if (updated.length === 0) return;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'reviewed',
        stepKey: input.stepKey,
        round: input.round,
        actor: input.actor ?? { userId: '', username: input.reviewer },
        at: input.at,
        data: { opinion: input.opinion, approvals: input.approvalNumber, reviewersRequired: input.reviewersRequired },
        dedupeKey: `${input.applicationId}:${input.stepKey}:${input.round}:review:${input.approvalNumber}`,
      });
    });
  }

  /** The applicant answered: the rounds that waited on them are done. */
  async closeSupplementRounds(input: {
    applicationId: string;
    rounds: { stepKey: string; round: number }[];
    supplementNumber: number;
    note: string;
    actor: string | Actor;
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const { stepKey, round } of input.rounds) {
        await sqlRows(
          manager,
          `UPDATE tasks SET status = 'completed'
            WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review' AND status = 'awaiting_applicant'`,
          [input.applicationId, stepKey, round],
        );
      }
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'supplement_answered',
        // Workflows started before actors carried ids pass the username alone.
        actor: typeof input.actor === 'string' ? { userId: '', username: input.actor } : input.actor,
        at: input.at,
        data: { note: input.note, steps: input.rounds.map((r) => r.stepKey) },
        dedupeKey: `${input.applicationId}:supplement:${input.supplementNumber}`,
      });
    });
  }

  /**
   * The consolidated supplement notice: one row (keyed by the workflow's id), a `notice_issued`
   * event, and an inbox notification to every applicant account of the enterprise.
   */
  async issueNotice(input: {
    applicationId: string;
    noticeId: string;
    number: number;
    steps: { stepKey: string; round: number }[];
    items: NoticeItem[];
    at: Date;
  }): Promise<Notified> {
    return this.dataSource.transaction(async (manager) => {
      await sqlRows(
        manager,
        `INSERT INTO supplement_notices (id, application_id, number, issued_at, steps, items)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb) ON CONFLICT (id) DO NOTHING`,
        [
          input.noticeId,
          input.applicationId,
          input.number,
          input.at,
          JSON.stringify(input.steps),
          JSON.stringify(input.items),
        ],
      );
      const key = `${input.applicationId}:notice:${input.number}`;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'notice_issued',
        at: input.at,
        data: {
          noticeId: input.noticeId,
          number: input.number,
          steps: input.steps.map((s) => s.stepKey),
          items: input.items,
        },
        dedupeKey: key,
      });
      const application = await sqlRow<{ enterpriseId: string }>(
        manager,
        `SELECT enterprise_id AS "enterpriseId" FROM applications WHERE id = $1`,
        [input.applicationId],
      );
      if (!application) throw new Error(`application ${input.applicationId} not found for its notice`);
      const notificationIds = await notify(
        manager,
        {
          kind: 'notice_issued',
          applicationId: input.applicationId,
          message: input.items.map((i) => i.materialCode ?? i.fieldKey ?? i.reason).join('、'),
          createdAt: input.at,
          sourceKey: key,
        },
        { applicantsOf: application.enterpriseId },
      );
      return { notificationIds };
    });
  }

  /**
   * The enterprise's one answer to a notice: kept on the notice; changed form values and handed-in
   * files become the case's (the files recorded as used by it); the rounds that waited on it are
   * done. Written only while the notice is unanswered, in one transaction, so a retry is a no-op.
   */
  async answerNotice(input: {
    applicationId: string;
    noticeId: string;
    rounds: { stepKey: string; round: number }[];
    supplementNumber: number;
    answer: NoticeAnswer;
    actor: Actor;
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const answered = await sqlRows(
        manager,
        `UPDATE supplement_notices SET answered_at = $3, answered_by = $4, answer = $5::jsonb
          WHERE id = $1 AND application_id = $2 AND answered_at IS NULL
          RETURNING id`,
        [input.noticeId, input.applicationId, input.at, input.actor.username, JSON.stringify(input.answer)],
      );
      if (answered.length === 0) return;
      const codes = input.answer.materials.map((m) => m.code);
      await sqlRows(
        manager,
        `UPDATE applications
            SET form = form || $2::jsonb,
                materials = COALESCE((SELECT jsonb_agg(m) FROM jsonb_array_elements(materials) m
                                       WHERE NOT (m->>'code' = ANY($3::text[]))), '[]'::jsonb) || $4::jsonb,
                updated_at = now()
          WHERE id = $1`,
        [input.applicationId, JSON.stringify(input.answer.form), codes, JSON.stringify(input.answer.materials)],
      );
      await recordFileUses(
        manager,
        input.applicationId,
        input.answer.materials.map((m) => ({ materialCode: m.code, fileId: m.fileId })),
        'supplement',
      );
      for (const { stepKey, round } of input.rounds) {
        await sqlRows(
          manager,
          `UPDATE tasks SET status = 'completed'
            WHERE application_id = $1 AND step_key = $2 AND round = $3 AND status = 'awaiting_applicant'`,
          [input.applicationId, stepKey, round],
        );
      }
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'supplement_answered',
        actor: input.actor,
        at: input.at,
        data: {
          note: input.answer.note,
          steps: input.rounds.map((r) => r.stepKey),
          noticeId: input.noticeId,
          fields: Object.keys(input.answer.form),
          materials: codes,
        },
        dedupeKey: `${input.applicationId}:supplement:${input.supplementNumber}`,
      });
    });
  }

  /** Steps whose include condition does not hold: recorded once, with the reason, on the timeline. */
  async recordStepsSkipped(input: {
    applicationId: string;
    steps: { stepKey: string; reason: string }[];
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const step of input.steps) {
        await appendEvent(manager, {
          applicationId: input.applicationId,
          kind: 'step_skipped',
          stepKey: step.stepKey,
          at: input.at,
          data: { reason: step.reason },
          dedupeKey: stepSkippedKey(input.applicationId, step.stepKey),
        });
      }
    });
  }

  /** Cancels the open tasks of these steps; only a task that was open gets a `step_cancelled` event. */
  async cancelTasks(input: { applicationId: string; stepKeys: string[]; reason: string; at: Date }): Promise<void> {
    if (input.stepKeys.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const cancelled = await sqlRows<{ stepKey: string; round: number }>(
        manager,
        `UPDATE tasks SET status = 'cancelled', clock_stopped_at = COALESCE(clock_stopped_at, $3)
          WHERE application_id = $1 AND step_key = ANY($2::varchar[]) AND kind = 'review'
            AND status IN ('pending','claimed','paused','awaiting_applicant')
          RETURNING step_key AS "stepKey", round AS "round"`,
        [input.applicationId, input.stepKeys, input.at],
      );
      for (const { stepKey, round } of cancelled) {
        await appendEvent(manager, {
          applicationId: input.applicationId,
          kind: 'step_cancelled',
          stepKey,
          round,
          at: input.at,
          data: { reason: input.reason },
          dedupeKey: `${input.applicationId}:${stepKey}:cancelled`,
        });
      }
    });
  }

  /** The limit of a round passed (workflows from before the supervision ladder). */
  async recordTimeLimitBreach(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    dueAt: Date;
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await sqlRows(
        manager,
        `UPDATE tasks SET breached_at = $4
          WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review' AND breached_at IS NULL`,
        [input.applicationId, input.stepKey, input.round, input.at],
      );
      await appendEvent(manager, breachEvent(input, 'round'));
    });
  }

  /**
   * A rung of the supervision ladder. A yellow card is issued at the limit, so it also records the
   * breach. Each level is issued at most once per task; recipients follow DESIGN.md: a warning goes
   * to the holder (or the department's officers while unclaimed) and the department CIO, cards to
   * both CIOs (red marked urgent).
   */
  async recordCard(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    level: CardLevel;
    dueAt: Date;
    at: Date;
  }): Promise<Notified> {
    return this.dataSource.transaction(async (manager) => {
      const task = await sqlRow<{ assigneeId: string | null; departmentCode: string; handlingGroup: string | null }>(
        manager,
        `UPDATE tasks
            SET cards = CASE WHEN cards @> jsonb_build_array(jsonb_build_object('level', $4::text)) THEN cards
                             ELSE cards || jsonb_build_array(jsonb_build_object('level', $4::text, 'at', $5::text)) END,
                breached_at = CASE WHEN $4 = 'yellow' THEN COALESCE(breached_at, $6::timestamptz) ELSE breached_at END
          WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review'
          RETURNING assignee_id AS "assigneeId", department_code AS "departmentCode", handling_group AS "handlingGroup"`,
        [input.applicationId, input.stepKey, input.round, input.level, input.at.toISOString(), input.at],
      );
      if (!task) throw new Error(`no task ${input.stepKey} round ${input.round} for a ${input.level} card`);
      if (input.level === 'yellow') await appendEvent(manager, breachEvent(input, 'step'));
      const key = `${input.applicationId}:${input.stepKey}:card:${input.level}`;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: CARD_EVENT[input.level],
        stepKey: input.stepKey,
        round: input.round,
        at: input.at,
        data: { dueAt: input.dueAt.toISOString(), departmentCode: task.departmentCode },
        dedupeKey: key,
      });
      const audience: Audience =
        input.level === 'warning'
          ? { ...holderOrOfficers(task), cioOf: task.departmentCode }
          : { cioOf: task.departmentCode, coordinatingCio: true };
      const notificationIds = await notify(
        manager,
        {
          kind: CARD_EVENT[input.level],
          applicationId: input.applicationId,
          stepKey: input.stepKey,
          departmentCode: task.departmentCode,
          dueAt: input.dueAt,
          createdAt: input.at,
          sourceKey: key,
        },
        audience,
      );
      return { notificationIds };
    });
  }

  /**
   * The limit passed under `deemed_approval`: the system approves the round (basis `deemed`), the
   * breach is recorded against the department, and both CIOs are told. A task decided or cancelled
   * meanwhile is left alone.
   */
  async recordDeemedApproval(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    dueAt: Date;
    at: Date;
    opinion: string;
  }): Promise<Notified & { applied: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const task = await sqlRow<{ departmentCode: string }>(
        manager,
        `UPDATE tasks
            SET status = 'completed', outcome = 'approve', opinion = $5, decided_at = $4, basis = 'deemed',
                breached_at = COALESCE(breached_at, $4)
          WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review'
            AND decided_at IS NULL AND ${OPEN_FOR_DECISION}
          RETURNING department_code AS "departmentCode"`,
        [input.applicationId, input.stepKey, input.round, input.at, input.opinion],
      );
      if (!task) return { notificationIds: [], applied: false };
      const key = `${input.applicationId}:${input.stepKey}:${input.round}`;
      const base = { applicationId: input.applicationId, stepKey: input.stepKey, round: input.round, at: input.at };
      await appendEvent(manager, breachEvent(input, 'step'));
      await appendEvent(manager, {
        ...base,
        kind: 'deemed_approved',
        data: { dueAt: input.dueAt.toISOString(), departmentCode: task.departmentCode },
        dedupeKey: `${key}:deemed`,
      });
      await appendEvent(manager, {
        ...base,
        kind: 'decided',
        data: { outcome: 'approve', opinion: input.opinion, basis: 'deemed' },
        dedupeKey: `${key}:decided`,
      });
      const notificationIds = await notify(
        manager,
        {
          kind: 'deemed_approved',
          applicationId: input.applicationId,
          stepKey: input.stepKey,
          departmentCode: task.departmentCode,
          dueAt: input.dueAt,
          createdAt: input.at,
          sourceKey: `${key}:deemed`,
        },
        { cioOf: task.departmentCode, coordinatingCio: true },
      );
      return { notificationIds, applied: true };
    });
  }

  /** The officer holding a claimed task stops its clock; `remainingWorkingMs` is what the limit had left. */
  async pauseTask(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    reason: PauseReason;
    opinion: string;
    actor: Actor;
    at: Date;
    remainingWorkingMs: number;
    pauseNumber: number;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const updated = await sqlRows(
        manager,
        `UPDATE tasks SET status = 'paused', clock_stopped_at = $4, pause_reason = $5, remaining_working_ms = $6
          WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review' AND status = 'claimed'
          RETURNING id`,
        [input.applicationId, input.stepKey, input.round, input.at, input.reason, input.remainingWorkingMs],
      );
      if (updated.length === 0) return;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'paused',
        stepKey: input.stepKey,
        round: input.round,
        actor: input.actor,
        at: input.at,
        data: { reason: input.reason, opinion: input.opinion, remainingWorkingMs: input.remainingWorkingMs },
        dedupeKey: `${input.applicationId}:${input.stepKey}:${input.round}:pause:${input.pauseNumber}`,
      });
    });
  }

  /** The clock runs again with the remaining time: the task gets its new due date back in the holder's hands. */
  async resumeTask(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    opinion?: string;
    actor: Actor;
    at: Date;
    dueAt: Date;
    pauseNumber: number;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const resumed = await sqlRow<{ stoppedAt: Date; reason: string }>(
        manager,
        `UPDATE tasks t
            SET status = CASE WHEN t.assignee_id IS NULL THEN 'pending' ELSE 'claimed' END,
                due_at = $4, clock_stopped_at = NULL, pause_reason = NULL, remaining_working_ms = NULL
           FROM tasks before
          WHERE before.id = t.id AND t.application_id = $1 AND t.step_key = $2 AND t.round = $3 AND t.kind = 'review' AND t.status = 'paused'
          RETURNING before.clock_stopped_at AS "stoppedAt", before.pause_reason AS "reason"`,
        [input.applicationId, input.stepKey, input.round, input.dueAt],
      );
      if (!resumed) return;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'resumed',
        stepKey: input.stepKey,
        round: input.round,
        actor: input.actor,
        at: input.at,
        data: {
          reason: resumed.reason,
          pausedSince: resumed.stoppedAt.toISOString(),
          pausedMs: input.at.getTime() - resumed.stoppedAt.getTime(),
          dueAt: input.dueAt.toISOString(),
          ...(input.opinion ? { opinion: input.opinion } : {}),
        },
        dedupeKey: `${input.applicationId}:${input.stepKey}:${input.round}:resume:${input.pauseNumber}`,
      });
    });
  }

  /** The coordinating CIO urges an open step: kept on the task, told to its holder (or officers) and the department CIO. */
  async recordUrge(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    urge: Urge;
    actor: Actor;
  }): Promise<Notified> {
    return this.dataSource.transaction(async (manager) => {
      const at = new Date(input.urge.at);
      const task = await sqlRow<{ assigneeId: string | null; departmentCode: string; handlingGroup: string | null }>(
        manager,
        `UPDATE tasks
            SET urges = CASE WHEN urges @> jsonb_build_array(jsonb_build_object('id', $4::text)) THEN urges
                             ELSE urges || jsonb_build_array($5::jsonb) END
          WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review'
          RETURNING assignee_id AS "assigneeId", department_code AS "departmentCode", handling_group AS "handlingGroup"`,
        [input.applicationId, input.stepKey, input.round, input.urge.id, JSON.stringify(input.urge)],
      );
      if (!task) throw new Error(`no task ${input.stepKey} round ${input.round} to urge`);
      const key = `${input.applicationId}:urge:${input.urge.id}`;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'urged',
        stepKey: input.stepKey,
        round: input.round,
        actor: input.actor,
        at,
        data: { urgeId: input.urge.id, message: input.urge.message, departmentCode: task.departmentCode },
        dedupeKey: key,
      });
      const notificationIds = await notify(
        manager,
        {
          kind: 'urged',
          applicationId: input.applicationId,
          stepKey: input.stepKey,
          departmentCode: task.departmentCode,
          message: input.urge.message,
          createdAt: at,
          sourceKey: key,
        },
        { ...holderOrOfficers(task), cioOf: task.departmentCode },
      );
      return { notificationIds };
    });
  }

  /**
   * The overall limit's clock: `start` sets the due date at filing; `stop` when nobody in
   * government holds the case (everything open waits on the applicant or is paused); `resume` with
   * the remaining working time. `changeNumber` orders the changes, so a late attempt is ignored.
   */
  async setApplicationClock(input: {
    applicationId: string;
    action: 'start' | 'stop' | 'resume';
    changeNumber: number;
    at: Date;
    dueAt: Date;
    remainingWorkingMs: number;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const stopped = input.action === 'stop';
      const updated = await sqlRows(
        manager,
        `UPDATE applications
            SET due_at = $2, clock_change_number = $3,
                clock_stopped_at = CASE WHEN $4 THEN $5::timestamptz END,
                remaining_working_ms = CASE WHEN $4 THEN $6::bigint END
          WHERE id = $1 AND clock_change_number < $3
          RETURNING id`,
        [input.applicationId, input.dueAt, input.changeNumber, stopped, input.at, input.remainingWorkingMs],
      );
      if (updated.length === 0 || input.action === 'start') return;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: stopped ? 'clock_stopped' : 'clock_resumed',
        at: input.at,
        data: { dueAt: input.dueAt.toISOString(), remainingWorkingMs: input.remainingWorkingMs },
        dedupeKey: `${input.applicationId}:clock:${input.changeNumber}`,
      });
    });
  }

  /** The overall limit passed with the case open: recorded once, and the coordinating CIO is told. */
  async recordApplicationBreach(input: { applicationId: string; dueAt: Date; at: Date }): Promise<Notified> {
    return this.dataSource.transaction(async (manager) => {
      await sqlRows(manager, `UPDATE applications SET breached_at = $2 WHERE id = $1 AND breached_at IS NULL`, [
        input.applicationId,
        input.at,
      ]);
      const key = `${input.applicationId}:overall:breached`;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'breached',
        at: input.at,
        data: { dueAt: input.dueAt.toISOString(), scope: 'application' },
        dedupeKey: key,
      });
      const notificationIds = await notify(
        manager,
        {
          kind: 'breached',
          applicationId: input.applicationId,
          dueAt: input.dueAt,
          createdAt: input.at,
          sourceKey: key,
        },
        { coordinatingCio: true },
      );
      return { notificationIds };
    });
  }

  /** Deferred materials (容缺受理): see deferred-materials.writes.ts. */
  scheduleDeferredMaterials(input: Parameters<typeof deferredMaterials.scheduleDeferredMaterials>[1]) {
    return deferredMaterials.scheduleDeferredMaterials(this.dataSource, input);
  }

  recordMaterialSupplied(input: Parameters<typeof deferredMaterials.recordMaterialSupplied>[1]) {
    return deferredMaterials.recordMaterialSupplied(this.dataSource, input);
  }

  recordMaterialsOverdue(input: Parameters<typeof deferredMaterials.recordMaterialsOverdue>[1]) {
    return deferredMaterials.recordMaterialsOverdue(this.dataSource, input);
  }

  /**
   * `changeNumber` counts status changes within the workflow, so repeated statuses stay distinct
   * events, and a late attempt of an older change never moves the status back. Approval issues the
   * certificates in the same transaction.
   */
  async setApplicationStatus(input: {
    applicationId: string;
    status: ApplicationStatus;
    changeNumber: number;
    reason?: string;
    actor?: string | Actor;
    at: Date;
  }): Promise<void> {
    const terminal = TERMINAL_APPLICATION_STATUSES.includes(input.status);
    await this.dataSource.transaction(async (manager: EntityManager) => {
      const updated = await sqlRows(
        manager,
        `UPDATE applications SET status = $2, closed_at = $3, status_change_number = $4
          WHERE id = $1 AND status_change_number < $4
          RETURNING id`,
        [input.applicationId, input.status, terminal ? input.at : null, input.changeNumber],
      );
      if (updated.length === 0) return;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: terminal ? (input.status as 'approved' | 'rejected' | 'withdrawn' | 'terminated') : 'status_changed',
        ...(input.actor
          ? { actor: typeof input.actor === 'string' ? { userId: '', username: input.actor } : input.actor }
          : {}),
        at: input.at,
        data: { status: input.status, ...(input.reason ? { reason: input.reason } : {}) },
        dedupeKey: `${input.applicationId}:status:${input.changeNumber}`,
      });
      // Each approving department's certificate is part of the approval: both commit or neither.
      if (input.status === 'approved')
        await issueCertificates(manager, { applicationId: input.applicationId, at: input.at });
    });
  }
}

/** Shared by the filing (which knows the skipped steps first) and the workflow's later write. */
export function stepSkippedKey(applicationId: string, stepKey: string): string {
  return `${applicationId}:${stepKey}:skipped`;
}

/**
 * A step's limit passing. With accountable clocks a limit carries over a step's rounds, so it can
 * pass once per step; workflows from before them had a fresh limit, and a breach, per round.
 */
function breachEvent(
  input: { applicationId: string; stepKey: string; round: number; dueAt: Date; at: Date },
  per: 'step' | 'round',
) {
  return {
    applicationId: input.applicationId,
    kind: 'breached' as const,
    stepKey: input.stepKey,
    round: input.round,
    at: input.at,
    data: { dueAt: input.dueAt.toISOString() },
    dedupeKey:
      per === 'step'
        ? `${input.applicationId}:${input.stepKey}:breached`
        : `${input.applicationId}:${input.stepKey}:${input.round}:breached`,
  };
}

function holderOrOfficers(task: { assigneeId: string | null; departmentCode: string; handlingGroup: string | null }) {
  return task.assigneeId
    ? { holderId: task.assigneeId }
    : { officersOf: { departmentCode: task.departmentCode, handlingGroup: task.handlingGroup } };
}
