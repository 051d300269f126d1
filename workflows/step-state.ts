import type { CancellationScope } from '@temporalio/workflow';
import type { DecisionOutcome, ServiceVersionSnapshot, StepProgress, StepStatus, VersionedStep } from '../libs/domain';

/** What the route interpreter keeps per step: the public progress plus its own bookkeeping. */
export interface StepState extends StepProgress {
  definition: VersionedStep;
  /** The round whose final decision has been taken (it may still be being stored). */
  decidedRound?: number;
  /** A reviewer's partial approval is being stored; further decisions wait for it. */
  deciding?: boolean;
  /** Officers who approved this round, when the step needs several reviewers. */
  reviewers: { userId: string; username: string }[];
  /** The durable timer of this round's time limit (executions from before accountable clocks). */
  timeLimit?: CancellationScope;
  /** The timers of the supervision ladder (warning, limit, red card) while the step's clock runs. */
  supervision?: CancellationScope;
  /** When the ladder's rungs fall for the current due date. */
  warnAt?: string;
  redAt?: string;
  /** While the clock is stopped: the working time the limit had left (negative: overdue). */
  remainingWorkingMs?: number;
  /** A resume is being stored; a second one is refused. */
  resuming?: boolean;
  /** Pauses of the step so far, numbering their events. */
  pauses: number;
  /** A post-check decision is being stored; a second one is refused. */
  postCheckDeciding?: boolean;
  /** Supplement requests the step made on this case (consolidated notices; capped by config). */
  supplementRounds?: number;
}

export function initialStepStates(version: ServiceVersionSnapshot): Map<string, StepState> {
  return new Map(
    version.steps.map((definition) => [
      definition.key,
      {
        definition,
        key: definition.key,
        departmentCode: definition.departmentCode,
        status: 'waiting',
        round: 0,
        reviewers: [],
        pauses: 0,
        cards: [],
        urges: [],
      },
    ]),
  );
}

/** The step as callers see it (query, result), without the interpreter's bookkeeping. */
export function stepProgress(step: StepState): StepProgress {
  const {
    definition: _d,
    decidedRound: _r,
    deciding: _i,
    reviewers: _v,
    timeLimit: _t,
    supervision: _s,
    warnAt: _w,
    redAt: _red,
    remainingWorkingMs: _m,
    resuming: _u,
    pauses: _p,
    postCheckDeciding: _c,
    supplementRounds: _sr,
    ...progress
  } = step;
  return progress;
}

/**
 * Starts a new review round: everything about the previous round's decision is cleared. With
 * accountable clocks the step's clock facts (breach, cards, urges) belong to the step, not the round.
 */
export function beginRound(step: StepState, startedAt: string, clocks = false): void {
  step.status = 'active';
  step.round += 1;
  step.taskId = undefined; // set once the new round's task row exists
  step.reviewers = [];
  step.approvals = undefined;
  step.startedAt = startedAt;
  step.outcome = undefined;
  step.opinion = undefined;
  step.decidedAt = undefined;
  step.pause = undefined;
  if (!clocks) step.breachedAt = undefined;
  if (clocks) step.clock = 'running';
}

export function stepStatusAfter(outcome: DecisionOutcome): StepStatus {
  return outcome === 'approve' ? 'approved' : outcome === 'reject' ? 'rejected' : 'awaiting_applicant';
}

/** Steps whose department holds the case now: in review, or waiting on the applicant. */
export function isOpen(step: StepState): boolean {
  return step.status === 'active' || step.status === 'awaiting_applicant';
}
