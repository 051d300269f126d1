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
  /** The durable timer of this round's time limit. */
  timeLimit?: CancellationScope;
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
      },
    ]),
  );
}

/** The step as callers see it (query, result), without the interpreter's bookkeeping. */
export function stepProgress(step: StepState): StepProgress {
  const { definition: _d, decidedRound: _r, deciding: _i, reviewers: _v, timeLimit: _t, ...progress } = step;
  return progress;
}

/** Starts a new review round: everything about the previous round's decision is cleared. */
export function beginRound(step: StepState, startedAt: string): void {
  step.status = 'active';
  step.round += 1;
  step.taskId = undefined; // set once the new round's task row exists
  step.reviewers = [];
  step.approvals = undefined;
  step.startedAt = startedAt;
  step.outcome = undefined;
  step.opinion = undefined;
  step.decidedAt = undefined;
  step.breachedAt = undefined;
}

export function stepStatusAfter(outcome: DecisionOutcome): StepStatus {
  return outcome === 'approve' ? 'approved' : outcome === 'reject' ? 'rejected' : 'awaiting_applicant';
}

/** Steps whose department holds the case now: in review, or waiting on the applicant. */
export function isOpen(step: StepState): boolean {
  return step.status === 'active' || step.status === 'awaiting_applicant';
}
