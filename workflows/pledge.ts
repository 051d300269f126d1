import { ApplicationErrorCode, postCheckSampled, type PostCheckRequest } from '../libs/domain';
import type { StepState } from './step-state';
import type { Refusal } from './update.rules';

/**
 * Approval on pledge (告知承诺), the workflow's side: which steps approve at once on the pledge,
 * which of those are sampled for a post-check, and when a post-check decision is refused. Pure, so
 * the interpreter stays small and the rules are tested without a server.
 */

/** A step approves on pledge at its first activation when the enterprise pledged and the version allows it. */
export function approvesOnPledge(step: StepState, pledged: ReadonlySet<string>): boolean {
  return step.round === 0 && pledged.has(step.key) && step.definition.config.pledge.allowed;
}

/** Sampled for a post-check: deterministic in the case and step, so every replay agrees. */
export function sampledForPostCheck(applicationId: string, step: StepState): boolean {
  return postCheckSampled(applicationId, step.key, step.definition.config.pledge.postCheckRate);
}

/** A post-check decision needs an open, undecided post-check of that step. */
export function refusePostCheck(
  step: StepState | undefined,
  request: PostCheckRequest,
  pledging: boolean,
): Refusal | undefined {
  if (!pledging) {
    return {
      code: ApplicationErrorCode.NotSupportedForCase,
      message: 'this case was filed before approval on pledge existed; it has no post-checks',
    };
  }
  if (!step) return { code: ApplicationErrorCode.StepNotFound, message: `no step "${request.stepKey}" in this route` };
  const check = step.postCheck;
  if (check && (step.postCheckDeciding || check.status === 'passed' || check.status === 'failed')) {
    return {
      code: ApplicationErrorCode.AlreadyDecided,
      message: `the post-check of step "${step.key}" is already decided`,
    };
  }
  if (check?.status !== 'open') {
    return { code: ApplicationErrorCode.StepNotOpen, message: `step "${step.key}" has no open post-check` };
  }
  return undefined;
}
