import type { DataSource, EntityManager } from 'typeorm';
import type { ApplicationStatus, DecisionOutcome } from '../../domain';
import { TERMINAL_APPLICATION_STATUSES } from '../../domain';
import { ApplicationEventEntity } from '../entities/application-event.entity';
import { ApplicationEntity } from '../entities/application.entity';
import { TaskEntity } from '../entities/task.entity';

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

export interface TimelineEvent {
  applicationId: string;
  type: string;
  stepKey?: string;
  round?: number;
  actor?: string;
  at: Date;
  data?: Record<string, unknown>;
  /** Unique per logical event, so a retried write is a no-op. */
  dedupeKey: string;
}

/**
 * Writes of the application read models, called from activities. Every write is idempotent:
 * inserts are keyed (task: application + step + round; event: dedupe key) and updates only move a
 * row forward from the state they expect, so an activity retried after a crash changes nothing twice.
 */
export class ApplicationReadModelStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the task for one round of one step, or returns the existing one. */
  async openTask(task: NewStepTask): Promise<{ id: string; dueAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(TaskEntity)
        .values({ ...task, status: 'pending' })
        .orIgnore()
        .execute();
      const row = await manager.findOneOrFail(TaskEntity, {
        where: { applicationId: task.applicationId, stepKey: task.stepKey, round: task.round },
      });
      await this.appendEvent(manager, {
        applicationId: task.applicationId,
        type: 'step_started',
        stepKey: task.stepKey,
        round: task.round,
        at: task.createdAt,
        data: { departmentCode: task.departmentCode, dueAt: row.dueAt.toISOString() },
        dedupeKey: `${task.applicationId}:${task.stepKey}:${task.round}:started`,
      });
      return { id: row.id, dueAt: row.dueAt };
    });
  }

  async recordDecision(decision: {
    applicationId: string;
    stepKey: string;
    round: number;
    outcome: DecisionOutcome;
    opinion: string;
    decidedBy: string;
    decidedAt: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({
          // A supplement request keeps the task open until the applicant answers.
          status: decision.outcome === 'request_supplement' ? 'awaiting_applicant' : 'completed',
          outcome: decision.outcome,
          opinion: decision.opinion,
          decidedBy: decision.decidedBy,
          decidedAt: decision.decidedAt,
        })
        .where('application_id = :applicationId AND step_key = :stepKey AND round = :round', decision)
        .andWhere('decided_at IS NULL')
        .execute();
      await this.appendEvent(manager, {
        applicationId: decision.applicationId,
        type: 'step_decided',
        stepKey: decision.stepKey,
        round: decision.round,
        actor: decision.decidedBy,
        at: decision.decidedAt,
        data: { outcome: decision.outcome, opinion: decision.opinion },
        dedupeKey: `${decision.applicationId}:${decision.stepKey}:${decision.round}:decided`,
      });
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
    opinion: string;
    approvalNumber: number;
    reviewersRequired: number;
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE tasks
            SET approvals = approvals || jsonb_build_array(jsonb_build_object('username', $4::text, 'opinion', $5::text, 'at', $6::text)),
                status = 'pending', assignee = NULL, assignee_id = NULL, claimed_at = NULL
          WHERE application_id = $1 AND step_key = $2 AND round = $3
            AND decided_at IS NULL
            AND NOT approvals @> jsonb_build_array(jsonb_build_object('username', $4::text))`,
        [input.applicationId, input.stepKey, input.round, input.reviewer, input.opinion, input.at.toISOString()],
      );
      await this.appendEvent(manager, {
        applicationId: input.applicationId,
        type: 'step_reviewed',
        stepKey: input.stepKey,
        round: input.round,
        actor: input.reviewer,
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
    actor: string;
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const { stepKey, round } of input.rounds) {
        await manager
          .createQueryBuilder()
          .update(TaskEntity)
          .set({ status: 'completed' })
          .where('application_id = :applicationId AND step_key = :stepKey AND round = :round', {
            applicationId: input.applicationId,
            stepKey,
            round,
          })
          .andWhere(`status = 'awaiting_applicant'`)
          .execute();
      }
      await this.appendEvent(manager, {
        applicationId: input.applicationId,
        type: 'supplement_supplied',
        actor: input.actor,
        at: input.at,
        data: { note: input.note, steps: input.rounds.map((r) => r.stepKey) },
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
        await this.appendEvent(manager, {
          applicationId: input.applicationId,
          type: 'step_skipped',
          stepKey: step.stepKey,
          at: input.at,
          data: { reason: step.reason },
          dedupeKey: `${input.applicationId}:${step.stepKey}:skipped`,
        });
      }
    });
  }

  async cancelTasks(input: { applicationId: string; stepKeys: string[]; reason: string; at: Date }): Promise<void> {
    if (input.stepKeys.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({ status: 'cancelled' })
        .where('application_id = :applicationId', input)
        .andWhere('step_key IN (:...stepKeys)', input)
        .andWhere(`status IN ('pending','claimed','paused','awaiting_applicant')`)
        .execute();
      for (const stepKey of input.stepKeys) {
        await this.appendEvent(manager, {
          applicationId: input.applicationId,
          type: 'step_cancelled',
          stepKey,
          at: input.at,
          data: { reason: input.reason },
          dedupeKey: `${input.applicationId}:${stepKey}:cancelled`,
        });
      }
    });
  }

  async recordTimeLimitBreach(input: {
    applicationId: string;
    stepKey: string;
    round: number;
    dueAt: Date;
    at: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({ breachedAt: input.at })
        .where('application_id = :applicationId AND step_key = :stepKey AND round = :round', input)
        .andWhere('breached_at IS NULL')
        .execute();
      await this.appendEvent(manager, {
        applicationId: input.applicationId,
        type: 'time_limit_breached',
        stepKey: input.stepKey,
        round: input.round,
        at: input.at,
        data: { dueAt: input.dueAt.toISOString() },
        dedupeKey: `${input.applicationId}:${input.stepKey}:${input.round}:breached`,
      });
    });
  }

  /** `changeNumber` counts status changes within the workflow, so repeated statuses stay distinct events. */
  async setApplicationStatus(input: {
    applicationId: string;
    status: ApplicationStatus;
    changeNumber: number;
    reason?: string;
    actor?: string;
    at: Date;
  }): Promise<void> {
    const terminal = TERMINAL_APPLICATION_STATUSES.includes(input.status);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        ApplicationEntity,
        { id: input.applicationId },
        { status: input.status, closedAt: terminal ? input.at : null },
      );
      await this.appendEvent(manager, {
        applicationId: input.applicationId,
        type: 'status_changed',
        actor: input.actor,
        at: input.at,
        data: { status: input.status, ...(input.reason ? { reason: input.reason } : {}) },
        dedupeKey: `${input.applicationId}:status:${input.changeNumber}`,
      });
    });
  }

  private async appendEvent(manager: EntityManager, event: TimelineEvent): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ApplicationEventEntity)
      .values({
        applicationId: event.applicationId,
        type: event.type,
        stepKey: event.stepKey ?? null,
        round: event.round ?? null,
        actor: event.actor ?? null,
        at: event.at,
        // TypeORM's deep-partial type does not accept an open record for a jsonb column.
        data: (event.data ?? {}) as never,
        dedupeKey: event.dedupeKey,
      })
      .orIgnore()
      .execute();
  }
}
