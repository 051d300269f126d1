import { problemAt, type ValidationProblem } from '../problems/problem-rules';
import type { ServiceVersionSnapshot } from '../service/service-version';
import type { Actor } from './application.types';
import { stepApplicability } from './filing-validation';

/**
 * Approval on pledge (告知承诺): where a step's config allows it, the enterprise pledges that it
 * meets the step's conditions and the step is approved at once (basis `pledge`). A sample of such
 * steps gets a post-check (`post_check` task) by the department once the case is approved; a
 * failed post-check is recorded against the enterprise.
 */

/** What a task row is: a round of a step's review (route work), or a post-check of a pledge. */
export const TASK_KINDS = ['review', 'post_check'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const POST_CHECK_OUTCOMES = ['post_check_pass', 'post_check_fail'] as const;
export type PostCheckOutcome = (typeof POST_CHECK_OUTCOMES)[number];

/** Where a pledged step's post-check stands. `scheduled`: sampled, opens when the case is approved. */
export type PostCheckStatus = 'scheduled' | 'open' | 'passed' | 'failed';

export interface PostCheckProgress {
  status: PostCheckStatus;
  taskId?: string;
  decidedAt?: string;
  opinion?: string;
}

/** An officer's decision on a post-check task. */
export interface PostCheckRequest {
  stepKey: string;
  outcome: PostCheckOutcome;
  opinion: string;
  actor: Actor;
}

export interface PostCheckResult {
  stepKey: string;
  outcome: PostCheckOutcome;
  status: PostCheckStatus;
}

/** The opinion a pledge approval carries on the step (no officer decided it). */
export const PLEDGE_OPINION = '申请人已作出告知承诺，按告知承诺制当场通过 (approved on the applicant’s pledge)';

/**
 * The steps the enterprise pledged on, checked against the version the filing runs on: each key a
 * step of the route that applies to the form and allows pledges, each value exactly `true`. Every
 * problem is located at `pledges.<key>`.
 */
export function pledgeProblems(
  version: ServiceVersionSnapshot,
  form: Readonly<Record<string, unknown>>,
  pledges: Readonly<Record<string, unknown>>,
  deferredMaterials: readonly string[] = [],
): ValidationProblem[] {
  const applicable = new Map(stepApplicability(version.steps, form).map((s) => [s.key, s.included]));
  // A pledged step approves the moment it starts, so it cannot also wait for a deferred material.
  const deferredOf = (step: ServiceVersionSnapshot['steps'][number]) =>
    step.config.materials.filter((m) => deferredMaterials.includes(m.code)).map((m) => m.code);
  const problems: ValidationProblem[] = [];
  for (const [key, value] of Object.entries(pledges)) {
    const path = `pledges.${key}`;
    const step = version.steps.find((s) => s.key === key);
    if (value !== true) problems.push(problemAt(path, 'PLEDGE_NOT_TRUE', {}));
    else if (!step) problems.push(problemAt(path, 'PLEDGE_UNKNOWN_STEP', { step: key }));
    else if (!step.config.pledge.allowed) problems.push(problemAt(path, 'PLEDGE_NOT_ALLOWED', { step: key }));
    else if (applicable.get(key) === false) problems.push(problemAt(path, 'PLEDGE_STEP_NOT_APPLICABLE', { step: key }));
    else if (deferredOf(step).length > 0) {
      problems.push(
        problemAt(path, 'PLEDGE_WITH_DEFERRED_MATERIAL', { step: key, codes: deferredOf(step).join(', ') }),
      );
    }
  }
  return problems;
}

/** The step keys a stored filing pledged on (values other than `true` were refused at filing). */
export function pledgedStepKeys(pledges: Readonly<Record<string, unknown>> | null | undefined): string[] {
  return Object.entries(pledges ?? {})
    .filter(([, value]) => value === true)
    .map(([key]) => key)
    .sort();
}

/**
 * Whether a pledged step is sampled for a post-check: a stable hash of the case and step placed
 * in [0, 1) against the step's `postCheckRate`. Pure and deterministic, so the workflow decides it
 * the same way on every replay and anyone can recompute it; rate 1 always samples, 0 never.
 */
export function postCheckSampled(applicationId: string, stepKey: string, rate: number): boolean {
  return samplePoint(`${applicationId}:${stepKey}`) < rate;
}

/** FNV-1a (32 bit) of the text, scaled to [0, 1). */
export function samplePoint(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}
