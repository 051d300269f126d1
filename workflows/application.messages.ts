import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ApplicationProgress,
  ClockChangeResult,
  DecisionRequest,
  DecisionResult,
  DeferredMaterialProgress,
  PauseRequest,
  PostCheckRequest,
  PostCheckResult,
  ResumeRequest,
  SupplementRequest,
  SupplyMaterialRequest,
  Urge,
  UrgeRequest,
  WithdrawRequest,
} from '../libs/domain';

/**
 * Messages of the application workflow, defined once and used by the workflow and its callers.
 * Updates reject invalid requests in their validator with an ApplicationFailure whose `type` is an
 * ApplicationErrorCode, so the caller gets an immediate typed answer and history stays clean.
 */

/** A department officer's decision on the active task of a step. */
export const decideUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('decide');

/** The officer holding a step stops its clock (inspection, expert review, hearing, testing, other). */
export const pauseUpdate = defineUpdate<ClockChangeResult, [PauseRequest]>('pause');

/** The officer runs a paused step's clock again, with the working time it had left. */
export const resumeUpdate = defineUpdate<ClockChangeResult, [ResumeRequest]>('resume');

/** The coordinating CIO urges the department holding an open step (督办). */
export const urgeUpdate = defineUpdate<Urge, [UrgeRequest]>('urge');

/** The applicant answers the supplement request(s); every step waiting on it gets a new round. */
export const supplySupplementUpdate = defineUpdate<ApplicationProgress, [SupplementRequest]>('supplySupplement');

/** The applicant supplies a material deferred at filing (容缺受理); the same file again is a no-op. */
export const supplyMaterialUpdate = defineUpdate<DeferredMaterialProgress, [SupplyMaterialRequest]>('supplyMaterial');
/** The department decides the post-check of a step approved on pledge (pass or fail). */
export const decidePostCheckUpdate = defineUpdate<PostCheckResult, [PostCheckRequest]>('decidePostCheck');

/** The applicant withdraws; open tasks are cancelled. */
export const withdrawUpdate = defineUpdate<ApplicationProgress, [WithdrawRequest]>('withdraw');

/** Where the case is: application status and every step. */
export const progressQuery = defineQuery<ApplicationProgress>('progress');

export const APPLICATION_WORKFLOW_TYPE = 'applicationWorkflow';
