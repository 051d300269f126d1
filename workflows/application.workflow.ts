import * as wf from '@temporalio/workflow';
import type { ApplicationActivities } from '../activities/application.activities';
import {
  APPLICATION_SEARCH_ATTRIBUTES,
  TERMINAL_APPLICATION_STATUSES,
  deriveApplicationStatus,
  readySteps,
  stepApplicability,
  type ApplicationProgress,
  type ApplicationStatus,
  type ApplicationWorkflowInput,
  type DecisionRequest,
  type DecisionResult,
  type StepProgress,
  type StepStatus,
  type SupplementRequest,
  type WithdrawRequest,
} from '../libs/domain';
import { decideUpdate, progressQuery, supplySupplementUpdate, withdrawUpdate } from './application.messages';
import { PATCHES } from './patches';
import { beginRound, initialStepStates, isOpen, stepProgress, stepStatusAfter, type StepState } from './step-state';
import { refuseDecision, refuseSupplement, refuseWithdrawal, type CaseState, type Refusal } from './update.rules';

const activities = wf.proxyActivities<ApplicationActivities>({
  // Each activity is one short database transaction. The timeout is also how long an attempt on a
  // crashed worker blocks the case before it is retried elsewhere, so keep it short.
  startToCloseTimeout: '10 seconds',
  // Read-model writes are idempotent, so retrying for as long as Postgres is down is safe.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
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

/**
 * The route interpreter: one execution per application. It walks the service version's route,
 * opening a task for every step whose predecessors are approved (in parallel where the graph
 * allows), takes staff decisions as Updates, and closes the case when a step rejects, every step
 * approves, or the applicant withdraws. It never touches the database; activities do.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationOutcome> {
  const { version } = input;
  const steps = initialStepStates(version);
  let persistedStatus: ApplicationStatus = 'in_progress';
  let statusChanges = 0;
  let supplements = 0;
  let withdrawal: { reason: string; actor: string } | undefined;

  const progress = (): ApplicationProgress => ({
    applicationId: input.applicationId,
    status: persistedStatus,
    serviceCode: version.serviceCode,
    serviceVersion: version.version,
    steps: [...steps.values()].map(stepProgress),
  });
  const stepStatuses = (): StepStatus[] => [...steps.values()].map((s) => s.status);
  const isClosed = (): boolean => TERMINAL_APPLICATION_STATUSES.includes(persistedStatus);
  const openSteps = (): StepState[] => [...steps.values()].filter(isOpen);
  const caseState = (): CaseState => ({
    status: persistedStatus,
    closed: isClosed(),
    withdrawing: withdrawal !== undefined,
  });

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
      const decidedAt = nowIso();
      await activities.recordDecision({
        applicationId: input.applicationId,
        stepKey: step.key,
        round: step.round,
        outcome: request.outcome,
        opinion: request.opinion,
        decidedBy: request.actor.username,
        decidedAt,
      });
      // A sibling's rejection or a withdrawal may have cancelled the step while the decision was stored.
      if (step.status === 'active') step.status = stepStatusAfter(request.outcome);
      step.outcome = request.outcome;
      step.opinion = request.opinion;
      step.decidedAt = decidedAt;
      if (request.outcome === 'approve') step.approvals = step.reviewers.length + 1;
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
      validator: (request: DecisionRequest) =>
        refuseIf(refuseDecision(steps.get(request.stepKey), request, caseState())),
    },
  );

  wf.setHandler(
    supplySupplementUpdate,
    async (request: SupplementRequest) => {
      const waiting = [...steps.values()].filter((s) => s.status === 'awaiting_applicant');
      supplements += 1;
      for (const step of waiting) step.status = 'waiting';
      await activities.closeSupplementRounds({
        applicationId: input.applicationId,
        rounds: waiting.map((s) => ({ stepKey: s.key, round: s.round })),
        supplementNumber: supplements,
        note: request.note,
        actor: request.actor.username,
        at: nowIso(),
      });
      // Answer once the steps are back in their departments' queues.
      await wf.condition(() => isClosed() || waiting.every((s) => s.status !== 'waiting' && s.taskId !== undefined));
      return progress();
    },
    {
      validator: (_request: SupplementRequest) => refuseIf(refuseSupplement(steps.values(), caseState())),
    },
  );

  wf.setHandler(
    withdrawUpdate,
    async (request: WithdrawRequest) => {
      withdrawal = { reason: request.reason, actor: request.actor.username };
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

  const persistStatus = async (status: ApplicationStatus, reason?: string, actor?: string): Promise<void> => {
    statusChanges += 1;
    await activities.setApplicationStatus({
      applicationId: input.applicationId,
      status,
      changeNumber: statusChanges,
      reason,
      actor,
      at: nowIso(),
    });
    persistedStatus = status;
    wf.upsertSearchAttributes([{ key: APPLICATION_SEARCH_ATTRIBUTES.applicationStatus, value: status }]);
  };

  const cancelOpenSteps = async (reason: string): Promise<void> => {
    const open = openSteps();
    for (const step of open) {
      step.status = 'cancelled';
      step.timeLimit?.cancel();
    }
    await activities.cancelStepTasks({
      applicationId: input.applicationId,
      stepKeys: open.map((s) => s.key),
      reason,
      at: nowIso(),
    });
  };

  /** The time limit of one round: a durable timer; when it fires the breach is recorded. */
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
      .catch((error: unknown) => {
        if (!wf.isCancellation(error)) throw error;
      });
  };

  const activate = async (step: StepState): Promise<void> => {
    beginRound(step, nowIso());
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
    });
    step.taskId = task.taskId;
    step.dueAt = task.dueAt;
    startTimeLimit(step);
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

  while (!isClosed()) {
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
    const before = JSON.stringify(stepStatuses());
    await wf.condition(() => withdrawal !== undefined || JSON.stringify(stepStatuses()) !== before);
  }

  // Let in-flight update handlers (e.g. a decision still persisting) finish before completing.
  await wf.condition(wf.allHandlersFinished);
  return { status: persistedStatus, steps: progress().steps };
}
