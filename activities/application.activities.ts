import type { ApplicationReadModelStore } from '../libs/persistence/read-model/application-read-model.store';
import type { DeadlineCalculator } from './deadlines';

export interface ApplicationActivityDeps {
  store: ApplicationReadModelStore;
  deadlines: DeadlineCalculator;
}

/**
 * Instants cross the workflow boundary as ISO strings: they come from workflow time, so a retried
 * activity writes the same values. `Wire<T>` is a store input with its dates in that form.
 */
type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
type StoreInput<M extends keyof ApplicationReadModelStore> = Wire<Parameters<ApplicationReadModelStore[M]>[0]>;

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

    async recordDecision(input: StoreInput<'recordDecision'>): Promise<void> {
      await store.recordDecision({ ...input, decidedAt: new Date(input.decidedAt) });
    },

    async recordReviewerApproval(input: StoreInput<'recordReviewerApproval'>): Promise<void> {
      await store.recordReviewerApproval({ ...input, at: new Date(input.at) });
    },

    async closeSupplementRounds(input: StoreInput<'closeSupplementRounds'>): Promise<void> {
      await store.closeSupplementRounds({ ...input, at: new Date(input.at) });
    },

    async recordStepsSkipped(input: StoreInput<'recordStepsSkipped'>): Promise<void> {
      await store.recordStepsSkipped({ ...input, at: new Date(input.at) });
    },

    async cancelStepTasks(input: StoreInput<'cancelTasks'>): Promise<void> {
      await store.cancelTasks({ ...input, at: new Date(input.at) });
    },

    async recordTimeLimitBreach(input: StoreInput<'recordTimeLimitBreach'>): Promise<void> {
      await store.recordTimeLimitBreach({ ...input, dueAt: new Date(input.dueAt), at: new Date(input.at) });
    },

    async setApplicationStatus(input: StoreInput<'setApplicationStatus'>): Promise<void> {
      await store.setApplicationStatus({ ...input, at: new Date(input.at) });
    },
  };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
