import { ApplicationErrorCode, type ApplicationStatus, type DecisionRequest } from '../libs/domain';
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
}

function closedRefusal(state: CaseState): Refusal | undefined {
  return state.closed || state.withdrawing
    ? { code: ApplicationErrorCode.ApplicationClosed, message: `the application is ${state.status}` }
    : undefined;
}

/** A staff decision is accepted only for the current round of an active step, once per officer. */
export function refuseDecision(
  step: StepState | undefined,
  request: DecisionRequest,
  state: CaseState,
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
      message: `step "${step.key}" is ${step.status}, not open for a decision`,
    };
  }
  if (request.outcome === 'approve' && step.reviewers.some((r) => r.userId === request.actor.userId)) {
    return {
      code: ApplicationErrorCode.AlreadyReviewed,
      message: `${request.actor.username} has already approved step "${step.key}"; another reviewer must approve it`,
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
