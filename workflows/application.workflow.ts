import * as wf from '@temporalio/workflow';
import type { ApplicationActivities, NotifiedResult } from '../activities/application.activities';
import type { NotificationDeliveryActivities } from '../activities/notification-delivery.activities';
import {
  APPLICATION_SEARCH_ATTRIBUTES,
  TERMINAL_APPLICATION_STATUSES,
  deferredMaterialPlans,
  deriveApplicationStatus,
  PLEDGE_OPINION,
  readySteps,
  stepApplicability,
  supervisionOf,
  supplementPolicyOf,
  type Actor,
  type ApplicationProgress,
  type ApplicationStatus,
  type ApplicationWorkflowInput,
  type CardLevel,
  type ClockChangeResult,
  type DecisionRequest,
  type DecisionResult,
  type PauseRequest,
  type PostCheckRequest,
  type PostCheckResult,
  type ResumeRequest,
  type StepProgress,
  type StepStatus,
  type SupplementRequest,
  type SupplyMaterialRequest,
  type Urge,
  type UrgeRequest,
  type WithdrawRequest,
} from '../libs/domain';
import {
  decidePostCheckUpdate,
  decideUpdate,
  pauseUpdate,
  progressQuery,
  resumeUpdate,
  supplyMaterialUpdate,
  supplySupplementUpdate,
  urgeUpdate,
  withdrawUpdate,
} from './application.messages';
import {
  deferredMaterialProgress,
  initialDeferredMaterials,
  missingFor,
  refuseApprovalWhileMissing,
  refuseSupply,
} from './deferred-materials';
import { PATCHES } from './patches';
import { approvesOnPledge, refusePostCheck, sampledForPostCheck } from './pledge';
import { beginRound, initialStepStates, isOpen, stepProgress, stepStatusAfter, type StepState } from './step-state';
import {
  closedCase,
  collectDeadline,
  newNoticeCollection,
  noticeOfHeld,
  refuseNoticeAnswer,
  refuseSupplementAsk,
} from './supplement-notice';
import {
  refuseDecision,
  refusePause,
  refuseResume,
  refuseSupplement,
  refuseUrge,
  refuseWithdrawal,
  type CaseState,
  type Refusal,
} from './update.rules';

const activities = wf.proxyActivities<ApplicationActivities>({
  // Each activity is one short database transaction. The timeout is also how long an attempt on a
  // crashed worker blocks the case before it is retried elsewhere, so keep it short.
  startToCloseTimeout: '10 seconds',
  // Read-model writes are idempotent, so retrying for as long as Postgres is down is safe.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Webhook delivery retries with back-off for about an hour, then gives up (the inbox still has it). */
const delivery = wf.proxyActivities<NotificationDeliveryActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 minutes', backoffCoefficient: 2, maximumAttempts: 12 },
});

export interface ApplicationOutcome {
  status: ApplicationStatus;
  steps: StepProgress[];
}

/** Update validators throw: the update is refused with a typed failure and leaves no history. */
function refuseIf(refusal: Refusal | undefined): void {
  if (refusal) throw wf.ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
}

const nowIso = (): string => new Date(Date.now()).toISOString();

/** Sleeps until an ISO instant (at once when it has passed). */
const sleepUntil = (instant: string): Promise<void> => wf.sleep(Math.max(0, Date.parse(instant) - Date.now()));

const ignoreCancellation = (error: unknown): void => {
  if (!wf.isCancellation(error)) throw error;
};

const DEEMED_OPINION = '承诺时限届满未作决定，按超时默认规则视为通过 (deemed approved: no decision by the time limit)';

/**
 * The route interpreter: one execution per application. It walks the service version's route,
 * opening a task for every step whose predecessors are approved (in parallel where the graph
 * allows), takes staff decisions as Updates, and closes the case when a step rejects, every step
 * approves, or the applicant withdraws. It keeps the accountable clocks: each step's limit (stopped
 * while the case waits on the applicant or the step is paused) with its supervision ladder, and the
 * case's overall limit. It never touches the database; activities do.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationOutcome> {
  const { version } = input;
  // Decided once, before any other command: executions started before accountable clocks replay
  // (and keep running) on the code paths they were recorded with.
  const clocks = wf.patched(PATCHES.accountableClocks);
  // Only executions filed with deferred materials carry the marker; the others replay unchanged.
  const deferral = (input.deferredMaterials?.length ?? 0) > 0 && wf.patched(PATCHES.deferredMaterials);
  const deferred = initialDeferredMaterials(
    deferral ? deferredMaterialPlans(version, input.form, input.deferredMaterials ?? []) : [],
  );
  /** Set when a deferred material's deadline passes without it: the case is terminated. */
  let termination: { reason: string; codes: string[] } | undefined;
  const pledging = wf.patched(PATCHES.pledgeApproval);
  const pledged = new Set(pledging ? (input.pledges ?? []) : []);
  // Supplement requests are collected into one notice (needs the clocks' stopped step clocks).
  const notices = clocks && wf.patched(PATCHES.supplementNotice);
  const collection = newNoticeCollection();
  const steps = initialStepStates(version);
  let persistedStatus: ApplicationStatus = 'in_progress';
  let statusChanges = 0;
  let supplements = 0;
  let withdrawal: { reason: string; actor: Actor } | undefined;
  /** Work started from timers and handlers that must finish before the execution completes. */
  let backgroundWork = 0;
  const overall: {
    dueAt?: string;
    stoppedAt?: string;
    remainingWorkingMs?: number;
    breached: boolean;
    changes: number;
    timer?: wf.CancellationScope;
  } = { breached: false, changes: 0 };

  const progress = (): ApplicationProgress => ({
    applicationId: input.applicationId,
    status: persistedStatus,
    serviceCode: version.serviceCode,
    serviceVersion: version.version,
    steps: [...steps.values()].map(stepProgress),
    ...(overall.dueAt ? { dueAt: overall.dueAt, clock: overall.stoppedAt ? 'stopped' : 'running' } : {}),
    ...(deferred.size > 0 ? { deferredMaterials: [...deferred.values()].map(deferredMaterialProgress) } : {}),
  });
  const stepStatuses = (): StepStatus[] => [...steps.values()].map((s) => s.status);
  /** What the main loop reacts to: step statuses, and whether each step's clock is paused. */
  const routeSignature = (): string =>
    JSON.stringify([...steps.values()].map((s) => [s.status, s.pause !== undefined]));
  const isClosed = (): boolean => TERMINAL_APPLICATION_STATUSES.includes(persistedStatus);
  const openSteps = (): StepState[] => [...steps.values()].filter(isOpen);
  const caseState = (): CaseState => ({
    status: persistedStatus,
    closed: isClosed(),
    withdrawing: withdrawal !== undefined || termination !== undefined,
    clocks,
  });

  /** Runs `work` to completion even if the execution is winding down (it waits for it). */
  const inBackground = (work: () => Promise<void>): void => {
    backgroundWork += 1;
    void wf.CancellationScope.nonCancellable(work).finally(() => (backgroundWork -= 1));
  };

  /** Hands the notifications a write produced to webhook delivery, without holding up the case. */
  const deliver = (result: NotifiedResult): void => {
    if (!result.deliver) return;
    inBackground(async () => {
      // A receiver down for longer than the retries is recorded on each notification; the case goes on.
      await delivery.deliverNotifications({ notificationIds: result.notificationIds }).catch(() => undefined);
    });
  };

  wf.setHandler(progressQuery, progress);

  wf.setHandler(
    decideUpdate,
    async (request: DecisionRequest): Promise<DecisionResult> => {
      const step = steps.get(request.stepKey)!;
      const reviewersRequired = wf.patched(PATCHES.multipleReviewers) ? step.definition.config.handling.reviewers : 1;
      step.reviewersRequired = reviewersRequired;
      if (request.outcome === 'approve' && step.reviewers.length + 1 < reviewersRequired) {
        return recordReviewerApproval(step, request, reviewersRequired);
      }
      // Claimed synchronously so a concurrent duplicate fails validation, but the step's status
      // changes only once the decision is stored: the route moves on from persisted facts, and
      // the timeline reads "decided" before whatever the decision causes.
      step.decidedRound = request.round;
      step.timeLimit?.cancel();
      step.supervision?.cancel();
      const decidedAt = nowIso();
      const stored = await activities.recordDecision({
        applicationId: input.applicationId,
        stepKey: step.key,
        round: step.round,
        outcome: request.outcome,
        opinion: request.opinion,
        ...(request.items ? { items: request.items } : {}),
        decidedBy: request.actor.username,
        decidedAt,
        ...(clocks ? { actor: request.actor, dueAt: step.dueAt } : {}),
        ...(notices && request.outcome === 'request_supplement'
          ? { collectWindowDays: supplementPolicyOf(step.definition.config).windowDays }
          : {}),
      });
      // A sibling's rejection or a withdrawal may have cancelled the step while the decision was
      // stored (executions from before accountable clocks; newer ones leave a deciding step alone).
      if (step.status === 'active') step.status = stepStatusAfter(request.outcome);
      step.outcome = request.outcome;
      step.opinion = request.opinion;
      step.decidedAt = decidedAt;
      if (request.outcome === 'approve') step.approvals = step.reviewers.length + 1;
      if (clocks) {
        step.clock = 'stopped';
        if (request.outcome === 'request_supplement') step.remainingWorkingMs = stored?.remainingWorkingMs;
        else step.basis = 'decision';
        // The case closed (a sibling rejected, the applicant withdrew) while this supplement request
        // was being stored: nobody will answer it, so its task is cancelled like the others.
        if (isOpen(step) && (isClosed() || withdrawal || deriveApplicationStatus(stepStatuses()) === 'rejected')) {
          await cancelSteps([step], withdrawal ? 'withdrawn by the applicant' : 'the case closed');
        }
      }
      if (notices && request.outcome === 'request_supplement' && step.status === 'awaiting_applicant') {
        await holdForNotice(step, request, stored.collectUntil!);
      }
      return {
        stepKey: step.key,
        round: step.round,
        outcome: request.outcome,
        stepStatus: step.status,
        applicationStatus: deriveApplicationStatus(stepStatuses()),
        approvals: step.approvals ?? 0,
        reviewersRequired,
      };
    },
    {
      validator: (request: DecisionRequest) => {
        const step = steps.get(request.stepKey);
        refuseIf(refuseDecision(step, request, caseState()) ?? refuseApprovalWhileMissing(deferred.values(), request));
        if (notices) refuseIf(refuseSupplementAsk(step!, request));
      },
    },
  );

  wf.setHandler(
    pauseUpdate,
    async (request: PauseRequest): Promise<ClockChangeResult> => {
      const step = steps.get(request.stepKey)!;
      const since = nowIso();
      // Set synchronously: a decision or a second pause arriving now is refused by its validator.
      step.pause = { reason: request.reason, since };
      step.clock = 'stopped';
      step.pauses += 1;
      step.supervision?.cancel();
      const { remainingWorkingMs } = await activities.pauseStep({
        applicationId: input.applicationId,
        stepKey: step.key,
        round: step.round,
        reason: request.reason,
        opinion: request.opinion,
        actor: request.actor,
        at: since,
        dueAt: step.dueAt!,
        pauseNumber: step.pauses,
      });
      step.remainingWorkingMs = remainingWorkingMs;
      return { stepKey: step.key, round: step.round, clock: 'stopped', dueAt: step.dueAt!, remainingWorkingMs };
    },
    { validator: (request: PauseRequest) => refuseIf(refusePause(steps.get(request.stepKey), request, caseState())) },
  );

  wf.setHandler(
    resumeUpdate,
    async (request: ResumeRequest): Promise<ClockChangeResult> => {
      const step = steps.get(request.stepKey)!;
      step.resuming = true;
      const remaining = step.remainingWorkingMs ?? 0;
      const schedule = await activities.resumeStep({
        applicationId: input.applicationId,
        stepKey: step.key,
        round: step.round,
        ...(request.opinion ? { opinion: request.opinion } : {}),
        actor: request.actor,
        at: nowIso(),
        remainingWorkingMs: remaining,
        supervision: supervisionOf(step.definition.config),
        pauseNumber: step.pauses,
      });
      step.resuming = false;
      step.pause = undefined;
      step.remainingWorkingMs = undefined;
      step.dueAt = schedule.dueAt;
      step.warnAt = schedule.warnAt;
      step.redAt = schedule.redAt;
      const running = step.status === 'active';
      if (running) {
        step.clock = 'running';
        superviseStep(step);
      }
      return {
        stepKey: step.key,
        round: step.round,
        clock: running ? 'running' : 'stopped',
        dueAt: schedule.dueAt,
        remainingWorkingMs: remaining,
      };
    },
    {
      validator: (request: ResumeRequest) => refuseIf(refuseResume(steps.get(request.stepKey), request, caseState())),
    },
  );

  wf.setHandler(
    urgeUpdate,
    async (request: UrgeRequest): Promise<Urge> => {
      const step = steps.get(request.stepKey)!;
      // The step is active from the moment it starts; its task row may still be being written.
      await wf.condition(() => step.taskId !== undefined);
      const urge: Urge = { id: wf.uuid4(), at: nowIso(), message: request.message, by: request.actor.username };
      step.urges = [...(step.urges ?? []), urge];
      const result = await activities.recordUrge({
        applicationId: input.applicationId,
        stepKey: step.key,
        round: step.round,
        urge,
        actor: request.actor,
      });
      deliver(result);
      return urge;
    },
    {
      validator: (request: UrgeRequest) =>
        refuseIf(refuseUrge(steps.get(request.stepKey), request.stepKey, caseState())),
    },
  );

  wf.setHandler(
    supplySupplementUpdate,
    async (request: SupplementRequest) => {
      if (notices) return answerNotice(request);
      const waiting = [...steps.values()].filter((s) => s.status === 'awaiting_applicant');
      supplements += 1;
      for (const step of waiting) step.status = 'waiting';
      await activities.closeSupplementRounds({
        applicationId: input.applicationId,
        rounds: waiting.map((s) => ({ stepKey: s.key, round: s.round })),
        supplementNumber: supplements,
        note: request.note,
        actor: clocks ? request.actor : request.actor.username,
        at: nowIso(),
      });
      // Answer once the steps are back in their departments' queues.
      await wf.condition(() => isClosed() || waiting.every((s) => s.status !== 'waiting' && s.taskId !== undefined));
      return progress();
    },
    {
      validator: (request: SupplementRequest) =>
        refuseIf(
          notices
            ? refuseNoticeAnswer(collection, request, closedCase(caseState()))
            : refuseSupplement(steps.values(), caseState()),
        ),
    },
  );

  wf.setHandler(
    supplyMaterialUpdate,
    async (request: SupplyMaterialRequest) => {
      const material = deferred.get(request.materialCode)!;
      // A retry of a supply already stored (or being stored) answers once it is stored.
      if (material.fileId === undefined && material.supplying === undefined) {
        material.supplying = request.fileId;
        const stored = await activities.recordMaterialSupplied({
          applicationId: input.applicationId,
          materialCode: material.code,
          fileId: request.fileId,
          actor: request.actor,
          at: nowIso(),
        });
        material.fileId = stored.fileId;
        material.suppliedAt = stored.suppliedAt;
        material.supplying = undefined;
      }
      await wf.condition(() => material.suppliedAt !== undefined);
      return deferredMaterialProgress(material);
    },
    {
      validator: (request: SupplyMaterialRequest) =>
        refuseIf(refuseSupply(deferred.get(request.materialCode), request, caseState())),
    },
  );

  wf.setHandler(
    decidePostCheckUpdate,
    async (request: PostCheckRequest): Promise<PostCheckResult> => {
      const step = steps.get(request.stepKey)!;
      step.postCheckDeciding = true;
      const at = nowIso();
      await activities.recordPostCheckDecision({
        applicationId: input.applicationId,
        stepKey: step.key,
        outcome: request.outcome,
        opinion: request.opinion,
        actor: request.actor,
        at,
      });
      const status = request.outcome === 'post_check_pass' ? 'passed' : 'failed';
      step.postCheck = { ...step.postCheck, status, decidedAt: at, opinion: request.opinion };
      step.postCheckDeciding = false;
      return { stepKey: step.key, outcome: request.outcome, status };
    },
    {
      validator: (request: PostCheckRequest) =>
        refuseIf(refusePostCheck(steps.get(request.stepKey), request, pledging)),
    },
  );

  wf.setHandler(
    withdrawUpdate,
    async (request: WithdrawRequest) => {
      withdrawal = { reason: request.reason, actor: request.actor };
      await wf.condition(isClosed);
      return progress();
    },
    {
      validator: (_request: WithdrawRequest) => refuseIf(refuseWithdrawal(caseState())),
    },
  );

  /** One of several required approvals: stored, and the step stays open for the next reviewer. */
  const recordReviewerApproval = async (
    step: StepState,
    request: DecisionRequest,
    reviewersRequired: number,
  ): Promise<DecisionResult> => {
    step.deciding = true;
    const approvalNumber = step.reviewers.length + 1;
    await activities.recordReviewerApproval({
      applicationId: input.applicationId,
      stepKey: step.key,
      round: step.round,
      reviewer: request.actor.username,
      ...(clocks ? { actor: request.actor } : {}),
      opinion: request.opinion,
      approvalNumber,
      reviewersRequired,
      at: nowIso(),
    });
    step.reviewers.push({ userId: request.actor.userId, username: request.actor.username });
    step.approvals = step.reviewers.length;
    step.deciding = false;
    return {
      stepKey: step.key,
      round: step.round,
      outcome: request.outcome,
      stepStatus: step.status,
      applicationStatus: deriveApplicationStatus(stepStatuses()),
      approvals: step.approvals,
      reviewersRequired,
    };
  };

  /**
   * A supplement request joins the collection for the next notice. The officer who completes the
   * collection (nobody else in government holds the case) hears back once the notice is issued.
   */
  const holdForNotice = async (step: StepState, request: DecisionRequest, collectUntil: string): Promise<void> => {
    step.supplementRounds = (step.supplementRounds ?? 0) + 1;
    const round = step.round;
    collection.held.push({
      stepKey: step.key,
      round,
      departmentCode: step.departmentCode,
      items: request.items ?? [],
      collectUntil,
    });
    const held = () => collection.held.some((h) => h.stepKey === step.key && h.round === round);
    await wf.condition(() => isClosed() || !held() || collection.open !== undefined || governmentHolds());
  };

  /** Some step is in its department's hands (deciding, paused or not): the collection waits for it. */
  const governmentHolds = (): boolean => [...steps.values()].some((s) => s.status === 'active');

  /** Issues every held request as one notice, told to the enterprise. */
  const issueNotice = async (): Promise<void> => {
    collection.issued += 1;
    const notice = noticeOfHeld(wf.uuid4(), collection.issued, collection.held);
    collection.issuing = notice;
    const result = await activities.issueNotice({
      applicationId: input.applicationId,
      noticeId: notice.id,
      number: notice.number,
      steps: notice.steps,
      items: notice.items,
      at: nowIso(),
    });
    collection.held = collection.held.filter(
      (h) => !notice.steps.some((s) => s.stepKey === h.stepKey && s.round === h.round),
    );
    collection.issuing = undefined;
    collection.open = notice;
    deliver(result);
  };

  /**
   * Issues a notice when requests are held and none is open: as soon as no department holds the
   * case, or when the earliest held request's window ends (durable timer on the working clock).
   */
  const collectNotices = async (): Promise<void> => {
    for (;;) {
      await wf.condition(() => isClosed() || (collection.held.length > 0 && !collection.open && !collection.issuing));
      if (isClosed()) return;
      const deadline = collectDeadline(collection)!;
      const due = () => !governmentHolds() || Date.now() >= Date.parse(deadline);
      if (!due()) {
        await wf.condition(
          () => isClosed() || !governmentHolds() || collectDeadline(collection) !== deadline,
          Math.max(1, Date.parse(deadline) - Date.now()),
        );
        continue;
      }
      // A case being withdrawn or rejected is closing: nobody will answer a notice now.
      if (withdrawal || deriveApplicationStatus(stepStatuses()) === 'rejected') {
        await wf.condition(isClosed);
        return;
      }
      // A request whose step was cancelled meanwhile is no longer asked.
      collection.held = collection.held.filter((h) => {
        const step = steps.get(h.stepKey)!;
        return step.status === 'awaiting_applicant' && step.round === h.round;
      });
      if (collection.held.length > 0) await issueNotice();
    }
  };

  /** The enterprise answers the open notice: stored once, and each asking step gets a new round. */
  const answerNotice = async (request: SupplementRequest): Promise<ApplicationProgress> => {
    collection.answering = true;
    await wf.condition(() => collection.open !== undefined || isClosed());
    const notice = collection.open;
    if (!notice || isClosed()) {
      collection.answering = false;
      return progress();
    }
    supplements += 1;
    await activities.answerNotice({
      applicationId: input.applicationId,
      noticeId: notice.id,
      rounds: notice.steps,
      supplementNumber: supplements,
      answer: { form: request.form ?? {}, materials: request.materials ?? [], note: request.note },
      actor: request.actor,
      at: nowIso(),
    });
    collection.answered.push(notice.id);
    collection.open = undefined;
    collection.answering = false;
    const waiting = notice.steps
      .map((s) => steps.get(s.stepKey)!)
      .filter((s, i) => s.status === 'awaiting_applicant' && s.round === notice.steps[i].round);
    for (const step of waiting) step.status = 'waiting';
    await wf.condition(() => isClosed() || waiting.every((s) => s.status !== 'waiting' && s.taskId !== undefined));
    return progress();
  };

  const persistStatus = async (status: ApplicationStatus, reason?: string, actor?: Actor): Promise<void> => {
    statusChanges += 1;
    await activities.setApplicationStatus({
      applicationId: input.applicationId,
      status,
      changeNumber: statusChanges,
      reason,
      actor: clocks ? actor : actor?.username,
      at: nowIso(),
    });
    persistedStatus = status;
    wf.upsertSearchAttributes([{ key: APPLICATION_SEARCH_ATTRIBUTES.applicationStatus, value: status }]);
  };

  /**
   * Cancels the open steps. With accountable clocks a step whose final decision is being stored is
   * left to that decision: it was accepted first, and cancelling it would contradict the store.
   */
  const cancelOpenSteps = (reason: string): Promise<void> =>
    cancelSteps(
      openSteps().filter((s) => !clocks || s.decidedRound !== s.round),
      reason,
    );

  const cancelSteps = async (open: StepState[], reason: string): Promise<void> => {
    for (const step of open) {
      step.status = 'cancelled';
      step.timeLimit?.cancel();
      step.supervision?.cancel();
      if (clocks) step.clock = 'stopped';
    }
    if (clocks && open.length === 0) return;
    await activities.cancelStepTasks({
      applicationId: input.applicationId,
      stepKeys: open.map((s) => s.key),
      reason,
      at: nowIso(),
    });
  };

  /**
   * A deferred material's deadline passed without it: the enterprise is told, every open task is
   * cancelled and the case ends `terminated` with the reason.
   */
  const terminateForMissingMaterials = async (ending: { reason: string; codes: string[] }): Promise<void> => {
    const overdue = ending.codes.map((code) => deferred.get(code)!);
    const at = nowIso();
    for (const material of overdue) material.overdueAt = at;
    const reason = `deferred material not supplied by its deadline: ${overdue
      .map((m) => `"${m.name}" (${m.code}, due ${m.dueAt})`)
      .join('; ')}`;
    ending.reason = reason;
    deliver(
      await activities.recordMaterialsOverdue({
        applicationId: input.applicationId,
        materials: overdue.map((m) => ({ code: m.code, name: m.name, dueAt: m.dueAt! })),
        at,
      }),
    );
    await cancelOpenSteps(reason);
    await persistStatus('terminated', reason);
  };

  /** The time limit of one round: a durable timer; when it fires the breach is recorded (before accountable clocks). */
  const startTimeLimit = (step: StepState): void => {
    const round = step.round;
    const dueAt = step.dueAt!;
    const scope = new wf.CancellationScope();
    step.timeLimit = scope;
    scope
      .run(async () => {
        await wf.sleep(Math.max(0, Date.parse(dueAt) - Date.now()));
        // Once the limit has passed the breach is a fact: record it even if a decision arrives now.
        await wf.CancellationScope.nonCancellable(async () => {
          step.breachedAt = nowIso();
          await activities.recordTimeLimitBreach({
            applicationId: input.applicationId,
            stepKey: step.key,
            round,
            dueAt,
            at: step.breachedAt,
          });
        });
      })
      .catch(ignoreCancellation);
  };

  const hasCard = (step: StepState, level: CardLevel): boolean => (step.cards ?? []).some((c) => c.level === level);

  /** A rung of the ladder: recorded (a yellow card with the breach) and told to the people it concerns. */
  const issueCard = async (step: StepState, round: number, level: CardLevel): Promise<void> => {
    if (hasCard(step, level)) return;
    const at = nowIso();
    step.cards = [...(step.cards ?? []), { level, at }];
    if (level === 'yellow') step.breachedAt ??= at;
    deliver(
      await activities.recordCard({
        applicationId: input.applicationId,
        stepKey: step.key,
        round,
        level,
        dueAt: step.dueAt!,
        at,
      }),
    );
  };

  /** At the limit under `deemed_approval`: the system approves the round unless a decision got there first. */
  const deemApproved = async (step: StepState, round: number): Promise<void> => {
    // A reviewer's partial approval being stored finishes first; the deemed approval then closes the step.
    await wf.condition(() => !step.deciding);
    // Nor is a step deemed approved while a deferred material it needs is missing: the rung waits for
    // the material (approving then) or for the case to close.
    await wf.condition(() => missingFor(deferred.values(), step.key).length === 0 || isClosed() || !!termination);
    if (step.status !== 'active' || step.round !== round || step.decidedRound === round || step.pause) return;
    step.decidedRound = round;
    const at = nowIso();
    const result = await activities.recordDeemedApproval({
      applicationId: input.applicationId,
      stepKey: step.key,
      round,
      dueAt: step.dueAt!,
      at,
      opinion: DEEMED_OPINION,
    });
    deliver(result);
    if (step.status === 'active') step.status = 'approved';
    Object.assign(step, {
      outcome: 'approve',
      opinion: DEEMED_OPINION,
      decidedAt: at,
      breachedAt: step.breachedAt ?? at,
      deemed: true,
      basis: 'deemed',
      clock: 'stopped',
    } satisfies Partial<StepState>);
  };

  /**
   * The supervision ladder of the running clock: a warning before the limit; at the limit a yellow
   * card with the breach (escalate) or a deemed approval; a red card after it. Stopping the clock
   * (pause, supplement request) or deciding cancels it; each rung is issued once per step.
   */
  const superviseStep = (step: StepState): void => {
    const round = step.round;
    const policy = step.definition.config.timeoutPolicy;
    const rungs: Promise<void>[] = [];
    const scope = new wf.CancellationScope();
    step.supervision = scope;
    const at = (instant: string | undefined, rung: () => Promise<void>): void => {
      if (!instant) return;
      rungs.push(
        sleepUntil(instant).then(() =>
          // Once a rung is due it is a fact: it is recorded even if a decision arrives meanwhile.
          wf.CancellationScope.nonCancellable(async () => {
            backgroundWork += 1;
            try {
              await rung();
            } finally {
              backgroundWork -= 1;
            }
          }),
        ),
      );
    };
    void scope
      .run(async () => {
        if (!hasCard(step, 'warning')) at(step.warnAt, () => issueCard(step, round, 'warning'));
        if (policy === 'deemed_approval') {
          at(step.dueAt, () => deemApproved(step, round));
        } else {
          if (!hasCard(step, 'yellow')) at(step.dueAt, () => issueCard(step, round, 'yellow'));
          if (!hasCard(step, 'red')) at(step.redAt, () => issueCard(step, round, 'red'));
        }
        await Promise.all(rungs);
      })
      .catch(ignoreCancellation);
  };

  /** The overall limit's timer while its clock runs: when it passes, the breach is recorded once. */
  const superviseOverall = (): void => {
    if (overall.breached || !overall.dueAt) return;
    const dueAt = overall.dueAt;
    const scope = new wf.CancellationScope();
    overall.timer = scope;
    void scope
      .run(async () => {
        await sleepUntil(dueAt);
        overall.breached = true;
        inBackground(async () => {
          deliver(
            await activities.recordApplicationBreach({ applicationId: input.applicationId, dueAt, at: nowIso() }),
          );
        });
      })
      .catch(ignoreCancellation);
  };

  /**
   * The overall clock runs while some department holds the case, and stops while nobody in
   * government does: every open step waits on the applicant or is paused.
   */
  const syncOverallClock = async (): Promise<void> => {
    if (!overall.dueAt) return;
    const open = openSteps();
    const running = open.length === 0 || open.some((s) => s.status === 'active' && !s.pause);
    if (!running && !overall.stoppedAt) {
      overall.stoppedAt = nowIso();
      overall.timer?.cancel();
      overall.changes += 1;
      const stopped = await activities.setApplicationClock({
        applicationId: input.applicationId,
        action: 'stop',
        changeNumber: overall.changes,
        at: overall.stoppedAt,
        dueAt: overall.dueAt,
      });
      overall.remainingWorkingMs = stopped.remainingWorkingMs;
    } else if (running && overall.stoppedAt) {
      overall.changes += 1;
      const resumed = await activities.setApplicationClock({
        applicationId: input.applicationId,
        action: 'resume',
        changeNumber: overall.changes,
        at: nowIso(),
        remainingWorkingMs: overall.remainingWorkingMs ?? 0,
      });
      overall.stoppedAt = undefined;
      overall.dueAt = resumed.dueAt;
      superviseOverall();
    }
  };

  /** The step's task as the activities describe it, for the round it is in. */
  const taskOf = (step: StepState) => ({
    applicationId: input.applicationId,
    applicationNumber: input.applicationNumber,
    enterpriseName: input.enterpriseName,
    serviceCode: version.serviceCode,
    stepKey: step.key,
    departmentCode: step.departmentCode,
    handlingGroup: step.definition.config.handling.group,
    round: step.round,
    timeLimitDays: step.definition.config.timeLimitDays,
  });

  /**
   * 告知承诺: the step is approved at once, without an officer, and the route moves on. The step
   * stays `waiting` until that is stored, so no decision or urge can reach it meanwhile.
   */
  const approveOnPledge = async (step: StepState): Promise<void> => {
    step.round += 1;
    const at = nowIso();
    const { taskId } = await activities.recordPledgeApproval({
      ...taskOf(step),
      startedAt: at,
      opinion: PLEDGE_OPINION,
    });
    Object.assign(step, {
      status: 'approved',
      taskId,
      startedAt: at,
      decidedAt: at,
      decidedRound: step.round,
      outcome: 'approve',
      opinion: PLEDGE_OPINION,
      basis: 'pledge',
      ...(clocks ? { clock: 'stopped' } : {}),
      ...(sampledForPostCheck(input.applicationId, step) ? { postCheck: { status: 'scheduled' } } : {}),
    } satisfies Partial<StepState>);
  };

  /**
   * Once the case is approved, each sampled pledge gets its department's post-check, and the
   * execution stays open (the case stays `approved`) until they are decided. Kept in the workflow
   * rather than in a table of their own: a post-check decision is an Update like every other
   * decision, refused at once when stale or repeated, and the case's history stays in one place.
   * A case that ends otherwise granted nothing, so there is nothing to check.
   */
  const runPostChecks = async (): Promise<void> => {
    const sampled = [...steps.values()].filter((s) => s.postCheck?.status === 'scheduled');
    if (persistedStatus !== 'approved') {
      for (const step of sampled) step.postCheck = undefined;
      return;
    }
    await Promise.all(
      sampled.map(async (step) => {
        // Open from the moment its row may exist: an officer who sees the row can decide it at once.
        step.postCheck = { status: 'open' };
        const { taskId } = await activities.openPostCheck({ ...taskOf(step), startedAt: nowIso() });
        // A decision taken meanwhile is kept.
        step.postCheck = { ...step.postCheck, taskId };
      }),
    );
    await wf.condition(() => sampled.every((s) => s.postCheck?.status !== 'open' || s.postCheckDeciding === true));
  };

  const activate = async (step: StepState): Promise<void> => {
    if (approvesOnPledge(step, pledged)) return approveOnPledge(step);
    beginRound(step, nowIso(), clocks);
    const supervision = supervisionOf(step.definition.config);
    const task = await activities.openStepTask({
      applicationId: input.applicationId,
      applicationNumber: input.applicationNumber,
      enterpriseName: input.enterpriseName,
      serviceCode: version.serviceCode,
      stepKey: step.key,
      departmentCode: step.departmentCode,
      handlingGroup: step.definition.config.handling.group,
      round: step.round,
      timeLimitDays: step.definition.config.timeLimitDays,
      startedAt: step.startedAt!,
      // A later round continues the clock the supplement request stopped.
      ...(clocks && step.remainingWorkingMs !== undefined ? { remainingWorkingMs: step.remainingWorkingMs } : {}),
      ...(clocks ? { supervision } : {}),
    });
    step.taskId = task.taskId;
    step.dueAt = task.dueAt;
    if (!clocks) {
      startTimeLimit(step);
      return;
    }
    step.remainingWorkingMs = undefined;
    step.warnAt = task.warnAt;
    step.redAt = task.redAt;
    // A fast officer may have decided (or paused) while the task was being written; the clock of a
    // decided round must not start, or it would record a breach on a completed task.
    if (step.status === 'active' && step.decidedRound !== step.round && !step.pause) superviseStep(step);
  };

  if (wf.patched(PATCHES.includeConditions)) {
    const applicability = stepApplicability(version.steps, input.form);
    for (const { key, included, reason } of applicability) {
      const step = steps.get(key)!;
      step.inclusionReason = reason;
      if (!included) step.status = 'skipped';
    }
    const skipped = applicability.filter((a) => !a.included);
    if (skipped.length > 0) {
      await activities.recordStepsSkipped({
        applicationId: input.applicationId,
        steps: skipped.map((a) => ({ stepKey: a.key, reason: a.reason ?? 'not required' })),
        at: nowIso(),
      });
    }
  }

  // The overall clock counts from filing whenever it is recorded, so it is recorded alongside the
  // first stage's tasks rather than before them (the tasks reach the queues sooner).
  const overallClockStarted = clocks
    ? (async () => {
        overall.changes += 1;
        const started = await activities.setApplicationClock({
          applicationId: input.applicationId,
          action: 'start',
          changeNumber: overall.changes,
          at: input.filedAt,
          limitDays: version.overallLimitDays,
        });
        overall.dueAt = started.dueAt;
        superviseOverall();
      })()
    : undefined;

  /**
   * The deadlines of the deferred materials, on the working calendar (an activity, like due dates),
   * and a timer for each: when one passes without its material, the case is terminated.
   */
  const deferralScheduled =
    deferred.size > 0
      ? (async () => {
          const scheduled = await activities.scheduleDeferredMaterials({
            applicationId: input.applicationId,
            filedAt: input.filedAt,
            materials: [...deferred.values()].map(({ code, stepKeys, supplyWithinDays }) => ({
              code,
              stepKeys,
              supplyWithinDays,
            })),
          });
          for (const { code, dueAt } of scheduled) {
            const material = deferred.get(code)!;
            material.dueAt = dueAt;
            void sleepUntil(dueAt).then(() => {
              if (material.suppliedAt || material.supplying || isClosed() || withdrawal) return;
              termination ??= { reason: '', codes: [] };
              termination.codes.push(code);
            });
          }
        })()
      : undefined;

  if (notices) inBackground(collectNotices);

  while (!isClosed()) {
    if (termination) {
      await terminateForMissingMaterials(termination);
      break;
    }
    if (withdrawal) {
      await cancelOpenSteps('withdrawn by the applicant');
      await persistStatus('withdrawn', withdrawal.reason, withdrawal.actor);
      break;
    }
    const derived = deriveApplicationStatus(stepStatuses());
    if (derived === 'rejected') {
      await cancelOpenSteps('another department rejected the application');
    }
    if (derived !== persistedStatus) {
      await persistStatus(derived);
      continue;
    }
    // A skipped step lets its successors start, as an approved one does.
    const approved = new Set(
      [...steps.values()].filter((s) => s.status === 'approved' || s.status === 'skipped').map((s) => s.key),
    );
    const started = new Set([...steps.values()].filter((s) => s.status !== 'waiting').map((s) => s.key));
    const ready = readySteps(version.steps, approved, started);
    if (ready.length > 0) {
      await Promise.all(ready.map((definition) => activate(steps.get(definition.key)!)));
      continue;
    }
    // Taken before the overall clock's write is awaited: a handler that changes a step meanwhile
    // (an applicant answering as the clock stops, a resume) must wake the loop, not become the
    // baseline it waits to change. (Only executions with accountable clocks await here.)
    const before = clocks ? routeSignature() : JSON.stringify(stepStatuses());
    if (clocks) {
      await overallClockStarted;
      await syncOverallClock();
    }
    await wf.condition(
      () =>
        withdrawal !== undefined ||
        termination !== undefined ||
        (clocks ? routeSignature() : JSON.stringify(stepStatuses())) !== before,
    );
  }

  await overallClockStarted;
  await deferralScheduled;
  overall.timer?.cancel();
  if (pledging) await runPostChecks();
  // Let in-flight update handlers (e.g. a decision still persisting) and recorded rungs finish.
  await wf.condition(() => wf.allHandlersFinished() && backgroundWork === 0);
  return { status: persistedStatus, steps: progress().steps };
}
