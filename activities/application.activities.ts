import { dueAfter, remainingWorkingMs, supervisionSchedule, type Actor, type SupervisionConfig } from '../libs/domain';
import type { ApplicationReadModelStore } from '../libs/persistence/read-model/application-read-model.store';
import type { ClockSource } from './clock-sources';

export interface ApplicationActivityDeps {
  store: ApplicationReadModelStore;
  clock: ClockSource;
  /** Whether notifications are also POSTed to NOTIFY_WEBHOOK_URL (see notification-delivery.activities.ts). */
  webhookConfigured: boolean;
}

/**
 * Instants cross the workflow boundary as ISO strings: they come from workflow time, so a retried
 * activity writes the same values. `Wire<T>` is a store input with its dates in that form.
 */
type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
type StoreInput<M extends keyof ApplicationReadModelStore> = Wire<Parameters<ApplicationReadModelStore[M]>[0]>;

/** What a write that notified people answers: the workflow hands the ids to webhook delivery. */
export interface NotifiedResult {
  notificationIds: string[];
  /** True when a webhook is configured, so the workflow should schedule delivery. */
  deliver: boolean;
}

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
  /** A later round continues the step's clock with what it had left; absent: a fresh limit. */
  remainingWorkingMs?: number;
  /** Absent in inputs recorded before the supervision ladder. */
  supervision?: SupervisionConfig;
}

export interface StepSchedule {
  taskId: string;
  dueAt: string;
  warnAt?: string;
  redAt?: string;
}

const iso = (date: Date): string => date.toISOString();

/** The stored row of a step's task from the workflow's description of it (the due date aside). */
function taskRow(input: Omit<OpenStepTaskInput, 'remainingWorkingMs' | 'supervision'>) {
  return {
    applicationId: input.applicationId,
    applicationNumber: input.applicationNumber,
    enterpriseName: input.enterpriseName,
    serviceCode: input.serviceCode,
    stepKey: input.stepKey,
    departmentCode: input.departmentCode,
    handlingGroup: input.handlingGroup ?? null,
    round: input.round,
    createdAt: new Date(input.startedAt),
  };
}

/**
 * Activities of the application workflow: thin adapters from workflow calls to the read-model
 * store, plus the working-time arithmetic that needs the calendar (data in the database, so it
 * cannot run in the workflow; the workflow keeps each answer in its history). Built by a factory
 * so the worker (and tests) choose the store and the clock.
 */
export function createApplicationActivities({ store, clock, webhookConfigured }: ApplicationActivityDeps) {
  const notified = (result: { notificationIds: string[] }): NotifiedResult => ({
    notificationIds: result.notificationIds,
    deliver: webhookConfigured && result.notificationIds.length > 0,
  });

  return {
    async openStepTask(input: OpenStepTaskInput): Promise<StepSchedule> {
      const working = await clock();
      const createdAt = new Date(input.startedAt);
      const dueAt =
        input.remainingWorkingMs === undefined
          ? working.dueAt(createdAt, input.timeLimitDays)
          : dueAfter(working, createdAt, input.remainingWorkingMs);
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
        dueAt,
      });
      // The stored due date wins: a retried attempt must not move a due date a twin already wrote.
      const schedule = input.supervision ? supervisionSchedule(working, task.dueAt, input.supervision) : undefined;
      return {
        taskId: task.id,
        dueAt: iso(task.dueAt),
        ...(schedule?.warnAt ? { warnAt: iso(schedule.warnAt) } : {}),
        ...(schedule ? { redAt: iso(schedule.redAt) } : {}),
      };
    },

    /**
     * A step approved at once on the enterprise's pledge (告知承诺): its task row is written
     * completed, with the due date the limit would have had (shown on the step, never running).
     */
    async recordPledgeApproval(
      input: Omit<OpenStepTaskInput, 'remainingWorkingMs' | 'supervision'> & { opinion: string },
    ) {
      const createdAt = new Date(input.startedAt);
      const task = await store.recordPledgeApproval({
        ...taskRow(input),
        dueAt: (await clock()).dueAt(createdAt, input.timeLimitDays),
        opinion: input.opinion,
      });
      return { taskId: task.id };
    },

    /** The post-check of a pledged step, due within the step's own time limit. */
    async openPostCheck(input: Omit<OpenStepTaskInput, 'remainingWorkingMs' | 'supervision'>) {
      const createdAt = new Date(input.startedAt);
      const task = await store.openPostCheck({
        ...taskRow(input),
        dueAt: (await clock()).dueAt(createdAt, input.timeLimitDays),
      });
      return { taskId: task.id };
    },

    async recordPostCheckDecision(input: StoreInput<'recordPostCheckDecision'>): Promise<void> {
      await store.recordPostCheckDecision({ ...input, at: new Date(input.at) });
    },

    /**
     * Records a final decision. A supplement request stops the step's clock: given the round's due
     * date, it answers what the limit had left, which the next round continues from.
     */
    async recordDecision(
      input: Omit<StoreInput<'recordDecision'>, 'actor' | 'remainingWorkingMs'> & {
        /** Inputs recorded before actors carried ids name the officer only. */
        decidedBy?: string;
        actor?: Actor;
        dueAt?: string;
        /** A supplement request to collect into a notice: its window, in working days. */
        collectWindowDays?: number;
      },
    ): Promise<{ remainingWorkingMs?: number; collectUntil?: string }> {
      const decidedAt = new Date(input.decidedAt);
      const stopsClock = input.outcome === 'request_supplement' && input.dueAt !== undefined;
      const working = stopsClock || input.collectWindowDays !== undefined ? await clock() : undefined;
      const remaining = stopsClock ? remainingWorkingMs(working!, decidedAt, new Date(input.dueAt!)) : undefined;
      const collectUntil =
        input.collectWindowDays === undefined ? undefined : working!.dueAt(decidedAt, input.collectWindowDays);
      await store.recordDecision({
        applicationId: input.applicationId,
        stepKey: input.stepKey,
        round: input.round,
        outcome: input.outcome,
        opinion: input.opinion,
        ...(input.items ? { items: input.items } : {}),
        actor: input.actor ?? { userId: '', username: input.decidedBy ?? 'unknown' },
        decidedAt,
        ...(remaining !== undefined ? { remainingWorkingMs: remaining } : {}),
      });
      return {
        ...(remaining === undefined ? {} : { remainingWorkingMs: remaining }),
        ...(collectUntil ? { collectUntil: iso(collectUntil) } : {}),
      };
    },

    async recordReviewerApproval(input: StoreInput<'recordReviewerApproval'>): Promise<void> {
      await store.recordReviewerApproval({ ...input, at: new Date(input.at) });
    },

    async closeSupplementRounds(input: StoreInput<'closeSupplementRounds'>): Promise<void> {
      await store.closeSupplementRounds({ ...input, at: new Date(input.at) });
    },

    /** The consolidated supplement notice: stored, logged and told to the enterprise. */
    async issueNotice(input: StoreInput<'issueNotice'>): Promise<NotifiedResult> {
      return notified(await store.issueNotice({ ...input, at: new Date(input.at) }));
    },

    /** The enterprise's one answer to a notice; the rounds that waited on it are done. */
    async answerNotice(input: StoreInput<'answerNotice'>): Promise<void> {
      await store.answerNotice({ ...input, at: new Date(input.at) });
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

    async recordCard(input: StoreInput<'recordCard'>): Promise<NotifiedResult> {
      return notified(await store.recordCard({ ...input, dueAt: new Date(input.dueAt), at: new Date(input.at) }));
    },

    async recordDeemedApproval(input: StoreInput<'recordDeemedApproval'>): Promise<NotifiedResult> {
      return notified(
        await store.recordDeemedApproval({ ...input, dueAt: new Date(input.dueAt), at: new Date(input.at) }),
      );
    },

    /** Stops a step's clock for a pause; answers what its limit had left. */
    async pauseStep(
      input: Omit<StoreInput<'pauseTask'>, 'remainingWorkingMs'> & { dueAt: string },
    ): Promise<{ remainingWorkingMs: number }> {
      const at = new Date(input.at);
      const remaining = remainingWorkingMs(await clock(), at, new Date(input.dueAt));
      await store.pauseTask({
        applicationId: input.applicationId,
        stepKey: input.stepKey,
        round: input.round,
        reason: input.reason,
        opinion: input.opinion,
        actor: input.actor,
        at,
        remainingWorkingMs: remaining,
        pauseNumber: input.pauseNumber,
      });
      return { remainingWorkingMs: remaining };
    },

    /** Runs a paused step's clock again with what it had left; answers the new schedule. */
    async resumeStep(
      input: Omit<StoreInput<'resumeTask'>, 'dueAt'> & { remainingWorkingMs: number; supervision: SupervisionConfig },
    ): Promise<Omit<StepSchedule, 'taskId'>> {
      const working = await clock();
      const at = new Date(input.at);
      const dueAt = dueAfter(working, at, input.remainingWorkingMs);
      await store.resumeTask({
        applicationId: input.applicationId,
        stepKey: input.stepKey,
        round: input.round,
        ...(input.opinion ? { opinion: input.opinion } : {}),
        actor: input.actor,
        at,
        dueAt,
        pauseNumber: input.pauseNumber,
      });
      const schedule = supervisionSchedule(working, dueAt, input.supervision);
      return {
        dueAt: iso(dueAt),
        ...(schedule.warnAt ? { warnAt: iso(schedule.warnAt) } : {}),
        redAt: iso(schedule.redAt),
      };
    },

    async recordUrge(input: StoreInput<'recordUrge'>): Promise<NotifiedResult> {
      return notified(await store.recordUrge(input));
    },

    /**
     * The overall limit's clock. `start` counts `overallLimitDays` from filing; `stop` answers what
     * is left; `resume` continues from it.
     */
    async setApplicationClock(
      input:
        | { applicationId: string; action: 'start'; changeNumber: number; at: string; limitDays: number }
        | { applicationId: string; action: 'stop'; changeNumber: number; at: string; dueAt: string }
        | { applicationId: string; action: 'resume'; changeNumber: number; at: string; remainingWorkingMs: number },
    ): Promise<{ dueAt: string; remainingWorkingMs: number }> {
      const working = await clock();
      const at = new Date(input.at);
      let dueAt: Date;
      let remaining: number;
      switch (input.action) {
        case 'start':
          dueAt = working.dueAt(at, input.limitDays);
          remaining = remainingWorkingMs(working, at, dueAt);
          break;
        case 'stop':
          dueAt = new Date(input.dueAt);
          remaining = remainingWorkingMs(working, at, dueAt);
          break;
        case 'resume':
          remaining = input.remainingWorkingMs;
          dueAt = dueAfter(working, at, remaining);
          break;
      }
      await store.setApplicationClock({
        applicationId: input.applicationId,
        action: input.action,
        changeNumber: input.changeNumber,
        at,
        dueAt,
        remainingWorkingMs: remaining,
      });
      return { dueAt: iso(dueAt), remainingWorkingMs: remaining };
    },

    /** The deadline of each deferred material: `supplyWithinDays` working days from filing. */
    async scheduleDeferredMaterials(input: {
      applicationId: string;
      filedAt: string;
      materials: { code: string; stepKeys: string[]; supplyWithinDays: number }[];
    }): Promise<{ code: string; dueAt: string }[]> {
      const working = await clock();
      const filedAt = new Date(input.filedAt);
      const scheduled = await store.scheduleDeferredMaterials({
        applicationId: input.applicationId,
        at: filedAt,
        materials: input.materials.map((m) => ({ ...m, dueAt: working.dueAt(filedAt, m.supplyWithinDays) })),
      });
      // The stored deadline wins, as with due dates: a retry must not move it.
      return scheduled.map((s) => ({ code: s.code, dueAt: iso(s.dueAt) }));
    },

    async recordMaterialSupplied(
      input: StoreInput<'recordMaterialSupplied'>,
    ): Promise<{ fileId: string; suppliedAt: string }> {
      const stored = await store.recordMaterialSupplied({ ...input, at: new Date(input.at) });
      return { fileId: stored.fileId, suppliedAt: iso(stored.suppliedAt) };
    },

    async recordMaterialsOverdue(input: {
      applicationId: string;
      materials: { code: string; name: string; dueAt: string }[];
      at: string;
    }): Promise<NotifiedResult> {
      return notified(
        await store.recordMaterialsOverdue({
          applicationId: input.applicationId,
          materials: input.materials.map((m) => ({ ...m, dueAt: new Date(m.dueAt) })),
          at: new Date(input.at),
        }),
      );
    },

    async recordApplicationBreach(input: StoreInput<'recordApplicationBreach'>): Promise<NotifiedResult> {
      return notified(
        await store.recordApplicationBreach({ ...input, dueAt: new Date(input.dueAt), at: new Date(input.at) }),
      );
    },
  };
}

export type ApplicationActivities = ReturnType<typeof createApplicationActivities>;
