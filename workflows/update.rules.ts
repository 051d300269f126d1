import {
  ApplicationErrorCode,
  type ApplicationStatus,
  type DecisionRequest,
  type PauseRequest,
  type ResumeRequest,
} from '../libs/domain';
import type { StepState } from './step-state';

/** Why an update is refused; the workflow turns it into an ApplicationFailure of that type. */
export interface Refusal {
  code: ApplicationErrorCode;
  message: string;
}

/** The state of the case an update validator looks at. */
export interface CaseState {
  status: ApplicationStatus;
  closed: boolean;
  withdrawing: boolean;
  /** The execution started with accountable clocks (pause, resume and urge need them). */
  clocks?: boolean;
}

function closedRefusal(state: CaseState): Refusal | undefined {
  return state.closed || state.withdrawing
    ? { code: ApplicationErrorCode.ApplicationClosed, message: `the application is ${state.status}` }
    : undefined;
}

/**
 * What every act on a step's round requires: the step exists, the case is open, the round is the
 * current one, undecided, and the step active (in its department's hands).
 */
function refuseRoundAction(
  step: StepState | undefined,
  request: { stepKey: string; round: number },
  state: CaseState,
  act: string,
): Refusal | undefined {
  if (!step) return { code: ApplicationErrorCode.StepNotFound, message: `no step "${request.stepKey}" in this route` };
  const closed = closedRefusal(state);
  if (closed) return closed;
  if (request.round < step.round) {
    return {
      code: ApplicationErrorCode.StaleRound,
      message: `round ${request.round} of step "${step.key}" is over; the current round is ${step.round}`,
    };
  }
  if (step.deciding || step.decidedRound === request.round) {
    return {
      code: ApplicationErrorCode.AlreadyDecided,
      message: `step "${step.key}" round ${request.round} is already decided`,
    };
  }
  if (step.status !== 'active' || request.round !== step.round) {
    return {
      code: ApplicationErrorCode.StepNotActive,
      message: `step "${step.key}" is ${step.status}, not open for ${act}`,
    };
  }
  return undefined;
}

/** A staff decision is accepted only for the current round of an active, running step, once per officer. */
export function refuseDecision(
  step: StepState | undefined,
  request: DecisionRequest,
  state: CaseState,
): Refusal | undefined {
  const refusal = refuseRoundAction(step, request, state, 'a decision');
  if (refusal) return refusal;
  if (step!.pause) {
    return {
      code: ApplicationErrorCode.StepPaused,
      message: `step "${step!.key}" is paused (${step!.pause.reason}); resume it before deciding`,
    };
  }
  if (request.outcome === 'approve' && step!.reviewers.some((r) => r.userId === request.actor.userId)) {
    return {
      code: ApplicationErrorCode.AlreadyReviewed,
      message: `${request.actor.username} has already approved step "${step!.key}"; another reviewer must approve it`,
    };
  }
  return undefined;
}

/** The applicant can answer only while some department waits for a supplement. */
export function refuseSupplement(steps: Iterable<StepState>, state: CaseState): Refusal | undefined {
  const closed = closedRefusal(state);
  if (closed) return closed;
  if (![...steps].some((s) => s.status === 'awaiting_applicant')) {
    return { code: ApplicationErrorCode.NotAwaitingApplicant, message: 'no department is waiting for a supplement' };
  }
  return undefined;
}

export function refuseWithdrawal(state: CaseState): Refusal | undefined {
  return closedRefusal(state);
}

/** Pause and resume: a round action that executions from before accountable clocks cannot take. */
function refuseClockChange(
  step: StepState | undefined,
  request: { stepKey: string; round: number },
  state: CaseState,
): Refusal | undefined {
  if (step && !closedRefusal(state) && !state.clocks) {
    return {
      code: ApplicationErrorCode.NotSupportedForCase,
      message: 'this case was filed before clock stops existed; it cannot be paused',
    };
  }
  return refuseRoundAction(step, request, state, 'a clock change');
}

/** A step can be paused while its department holds it and its clock runs. */
export function refusePause(step: StepState | undefined, request: PauseRequest, state: CaseState): Refusal | undefined {
  const refusal = refuseClockChange(step, request, state);
  if (refusal) return refusal;
  if (step!.pause) {
    return {
      code: ApplicationErrorCode.StepPaused,
      message: `step "${step!.key}" is already paused (${step!.pause.reason}) since ${step!.pause.since}`,
    };
  }
  return undefined;
}

/** Only a paused step resumes, once. */
export function refuseResume(
  step: StepState | undefined,
  request: ResumeRequest,
  state: CaseState,
): Refusal | undefined {
  const refusal = refuseClockChange(step, request, state);
  if (refusal) return refusal;
  if (!step!.pause || step!.resuming) {
    return { code: ApplicationErrorCode.StepNotPaused, message: `step "${step!.key}" is not paused` };
  }
  return undefined;
}

/** Urging presses the department holding the step: it must be in its hands (active, paused or not). */
export function refuseUrge(step: StepState | undefined, stepKey: string, state: CaseState): Refusal | undefined {
  if (!step) return { code: ApplicationErrorCode.StepNotFound, message: `no step "${stepKey}" in this route` };
  const closed = closedRefusal(state);
  if (closed) return closed;
  if (!state.clocks) {
    return {
      code: ApplicationErrorCode.NotSupportedForCase,
      message: 'this case was filed before urging existed; its workflow cannot record an urge',
    };
  }
  if (step.status !== 'active') {
    const why =
      step.status === 'awaiting_applicant'
        ? 'it is waiting on the applicant, not on the department'
        : `it is ${step.status}`;
    return { code: ApplicationErrorCode.StepNotOpen, message: `step "${step.key}" cannot be urged: ${why}` };
  }
  return undefined;
}
