import type { RuleProblem, TaskKind, TaskStatus } from '../../../libs/domain';
import type { FieldProblem } from '../common/common.errors';
import { fieldProblem, GatewayError } from '../common/gateway.error';

export enum TaskErrorCode {
  /** Missing, or (for reads) in another department: a queue does not reveal other queues. */
  TaskNotFound = 'TASK_NOT_FOUND',
  /** Acting on another department's task. */
  TaskOutOfScope = 'TASK_OUT_OF_SCOPE',
  TaskAlreadyClaimed = 'TASK_ALREADY_CLAIMED',
  /** The task is in a state the action does not apply to (decided, cancelled, waiting on the applicant, …). */
  TaskNotOpen = 'TASK_NOT_OPEN',
  TaskNotClaimed = 'TASK_NOT_CLAIMED',
  NotTaskAssignee = 'NOT_TASK_ASSIGNEE',
  /** The step needs several reviewers and this officer already approved this round. */
  AlreadyApprovedByYou = 'ALREADY_APPROVED_BY_YOU',
  /** The step is handled by a staff group the officer is not in. */
  NotInHandlingGroup = 'NOT_IN_HANDLING_GROUP',
  /** A request field that the chosen outcome does not use (items outside request_supplement, reason outside pause). */
  FieldNotForOutcome = 'FIELD_NOT_FOR_OUTCOME',
  /** A supplement item naming a material or field the service version does not have. */
  SupplementItemInvalid = 'SUPPLEMENT_ITEM_INVALID',
  /** Reassigning to someone who is not an active officer of the department (or not in the step's group). */
  OfficerNotEligible = 'OFFICER_NOT_ELIGIBLE',
  /** Reassigning a task to the officer who already holds it. */
  AlreadyAssigned = 'ALREADY_ASSIGNED',
  /** An outcome of the other kind of task: a review outcome on a post-check, or a post-check outcome on a review. */
  OutcomeNotForTaskKind = 'OUTCOME_NOT_FOR_TASK_KIND',
}

export const TaskErrors = {
  notFound: (id: string) => new GatewayError(TaskErrorCode.TaskNotFound, `Task ${id} not found`, { taskId: id }),
  outOfScope: (id: string) =>
    new GatewayError(TaskErrorCode.TaskOutOfScope, `Task ${id} belongs to another department`, { taskId: id }),
  alreadyClaimed: (id: string, assignee: string | null) =>
    new GatewayError(
      TaskErrorCode.TaskAlreadyClaimed,
      `Task ${id} is already claimed by ${assignee ?? 'another officer'}`,
      {
        taskId: id,
        assignee,
      },
    ),
  notOpen: (id: string, status: TaskStatus, action: string) =>
    new GatewayError(TaskErrorCode.TaskNotOpen, `Task ${id} is ${status} and cannot be ${action}`, {
      taskId: id,
      status,
    }),
  notClaimed: (id: string) =>
    new GatewayError(TaskErrorCode.TaskNotClaimed, `Task ${id} must be claimed before this action`, { taskId: id }),
  notAssignee: (id: string, assignee: string | null) =>
    new GatewayError(TaskErrorCode.NotTaskAssignee, `Task ${id} is claimed by ${assignee ?? 'another officer'}`, {
      taskId: id,
      assignee,
    }),
  alreadyApprovedByYou: (id: string) =>
    new GatewayError(
      TaskErrorCode.AlreadyApprovedByYou,
      `You already approved task ${id}; this step needs another reviewer's approval`,
      { taskId: id },
    ),
  notInHandlingGroup: (id: string, group: string) =>
    new GatewayError(
      TaskErrorCode.NotInHandlingGroup,
      `Task ${id} is handled by the staff group "${group}", which you are not in`,
      { taskId: id, handlingGroup: group },
    ),
  fieldNotForOutcome: (field: string, outcome: string, usedWith: string) =>
    new GatewayError(
      TaskErrorCode.FieldNotForOutcome,
      `"${field}" is not used with the outcome "${outcome}"; it belongs to ${usedWith}`,
      [fieldProblem(field, 'NOT_FOR_OUTCOME', { usedWith })],
    ),
  supplementItemsInvalid: (problems: FieldProblem[]) =>
    new GatewayError(
      TaskErrorCode.SupplementItemInvalid,
      `The supplement request's items are missing or not the step's own: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    ),
  officerNotEligible: (username: string, why: RuleProblem) =>
    new GatewayError(TaskErrorCode.OfficerNotEligible, `${username} cannot take this task: ${why.message}`, [
      { field: 'username', ...why },
    ]),
  outcomeNotForTaskKind: (id: string, kind: TaskKind, outcome: string, allowed: readonly string[]) =>
    new GatewayError(
      TaskErrorCode.OutcomeNotForTaskKind,
      `Task ${id} is a ${kind === 'post_check' ? 'post-check' : 'review'} task: "${outcome}" does not apply; use ${allowed.join(' or ')}`,
      [fieldProblem('outcome', 'OUTCOME_NOT_FOR_TASK_KIND', { kind, allowed: allowed.join(', ') })],
    ),
  alreadyAssigned: (id: string, username: string) =>
    new GatewayError(TaskErrorCode.AlreadyAssigned, `Task ${id} is already held by ${username}`, {
      taskId: id,
      assignee: username,
    }),
};
