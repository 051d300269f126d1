import type { TaskStatus } from './application.types';

/** The tasks a department CIO may hand to another officer: open and in the department's hands. */
export const REASSIGNABLE_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'claimed', 'paused'];

/** The tasks that load an officer: the ones they hold now (waiting on the applicant does not). */
export const HELD_TASK_STATUSES: readonly TaskStatus[] = ['claimed', 'paused'];

/** Why an officer may not work a task. */
export type TaskIneligibility =
  | { rule: 'not_in_handling_group'; group: string }
  /** A step needing several reviewers (会签) needs different ones: this officer approved this round already. */
  | { rule: 'already_approved' };

/**
 * Whether an active officer of the task's department may work it: one in the step's staff group when
 * the step names one, who has not already approved this round. Claiming, reassigning and the list
 * the department CIO reassigns from all ask this one question, so they cannot drift apart.
 * (Being an active officer of the department is the account query's part.)
 */
export function whyOfficerCannotWork(
  task: { handlingGroup: string | null; approvals: readonly { username: string }[] },
  officer: { username: string; staffGroups: readonly string[] },
): TaskIneligibility | null {
  if (task.handlingGroup && !officer.staffGroups.includes(task.handlingGroup)) {
    return { rule: 'not_in_handling_group', group: task.handlingGroup };
  }
  if (task.approvals.some((approval) => approval.username === officer.username)) return { rule: 'already_approved' };
  return null;
}
