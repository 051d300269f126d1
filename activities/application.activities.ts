import type { ApplicationStatus, DecisionOutcome } from '../libs/domain';
import type { ApplicationReadModelStore } from '../libs/persistence/read-model/application-read-model.store';
import type { DeadlineCalculator } from './deadlines';

export interface ApplicationActivityDeps {
  store: ApplicationReadModelStore;
  deadlines: DeadlineCalculator;
}

/** Instants cross the workflow boundary as ISO strings: they come from workflow time, so retries agree. */
export interface OpenStepTaskInput {
  applicationId: string;
  applicationNumber: string;
  enterpriseName: string;
  serviceCode: string;
  stepKey: string;
  departmentCode: string;
  /** Absent in inputs recorded before handling groups existed. */
  handlingGroup?: string;
  round: number;
  timeLimitDays: number;
  startedAt: string;
}

/**
 * Activities of the application workflow: thin adapters from workflow calls to the read-model store.
 * Built by a factory so the worker (and tests) choose the store and the deadline calculator.
 */
export function createApplicationActivities({ store, deadlines }: ApplicationActivityDeps) {
  return {
    async openStepTask(input: OpenStepTaskInput): Promise<{ taskId: string; dueAt: string }> {
      const createdAt = new Date(input.startedAt);
      const task = await store.openTask({
        applicationId: input.applicationId,
        applicationNumber: input.applicationNumber,
        enterpriseName: input.enterpriseName,
        serviceCode: input.serviceCode,
        stepKey: input.stepKey,
        departmentCode: input.departmentCode,
        handlingGroup: input.handlingGroup ?? null,
        round: input.round,
        createdAt,
        dueAt: await deadlines.dueAt(createdAt, input.timeLimitDays),
      });
      return { taskId: task.id, dueAt: task.dueAt.toISOString() };
    },

    async recordDecision(input: {
      applicationId: string;
      stepKey: string;
      round: number;
      outcome: DecisionOutcome;
      opinion: string;
      decidedBy: string;
      decidedAt: string;
    }): Promise<void> {
      await store.recordDecision({ ...input, decidedAt: new Date(input.decidedAt) });
    },

    async recordReviewerApproval(input: {
      applicationId: string;
      stepKey: string;
      round: number;
      reviewer: string;
      opinion: string;
      approvalNumber: number;
      reviewersRequired: number;
      at: string;
    }): Promise<void> {
      await store.recordReviewerApproval({ ...input, at: new Date(input.at) });
    },

    async closeSupplementRounds(input: {
      applicationId: string;
      rounds: { stepKey: string; round: number }[];
      supplementNumber: number;
      note: string;
      actor: string;
      at: string;
    }): Promise<void> {
      await store.closeSupplementRounds({ ...input, at: new Date(input.at) });
    },

    async recordStepsSkipped(input: {
      applicationId: string;
      steps: { stepKey: string; reason: string }[];
      at: string;
    }): Promise<void> {
      await store.recordStepsSkipped({ ...input, at: new Date(input.at) });
    },

    async cancelStepTasks(input: {
      applicationId: string;
      stepKeys: string[];
      reason: string;
      at: string;
    }): Promise<void> {
      await store.cancelTasks({ ...input, at: new Date(input.at) });
    },

    async recordTimeLimitBreach(input: {
      applicationId: string;
      stepKey: string;
      round: number;
      dueAt: string;
      at: string;
    }): Promise<void> {
      await store.recordTimeLimitBreach({ ...input, dueAt: new Date(input.dueAt), at: new Date(input.at) });
    },

    async setApplicationStatus(input: {
      applicationId: string;
      status: ApplicationStatus;
      changeNumber: number;
      reason?: string;
      actor?: string;
      at: string;
    }): Promise<void> {
      await store.setApplicationStatus({ ...input, at: new Date(input.at) });
    },
  };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
