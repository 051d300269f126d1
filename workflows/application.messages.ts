import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ApplicationProgress,
  DecisionRequest,
  DecisionResult,
  SupplementRequest,
  WithdrawRequest,
} from '../libs/domain';

/**
 * Messages of the application workflow, defined once and used by the workflow and its callers.
 * Updates reject invalid requests in their validator with an ApplicationFailure whose `type` is an
 * ApplicationErrorCode, so the caller gets an immediate typed answer and history stays clean.
 */

/** A department officer's decision on the active task of a step. */
export const decideUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('decide');

/** The applicant answers the supplement request(s); every step waiting on it gets a new round. */
export const supplySupplementUpdate = defineUpdate<ApplicationProgress, [SupplementRequest]>('supplySupplement');

/** The applicant withdraws; open tasks are cancelled. */
export const withdrawUpdate = defineUpdate<ApplicationProgress, [WithdrawRequest]>('withdraw');

/** Where the case is: application status and every step. */
export const progressQuery = defineQuery<ApplicationProgress>('progress');

export const APPLICATION_WORKFLOW_TYPE = 'applicationWorkflow';
