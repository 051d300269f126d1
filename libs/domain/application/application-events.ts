/**
 * The kinds of fact in an application's append-only event log (DESIGN.md "Time and events"). The
 * reports recompute queue, handling, applicant and paused time from these alone, so every change
 * of who holds a step, and every clock stop, is one of them.
 */
export const APPLICATION_EVENT_KINDS = [
  'filed',
  'step_started',
  'task_created',
  'claimed',
  'released',
  'reassigned',
  'reviewed',
  'decided',
  'supplement_requested',
  'notice_issued',
  'supplement_answered',
  'paused',
  'resumed',
  'clock_stopped',
  'clock_resumed',
  'warning',
  'yellow_card',
  'red_card',
  'urged',
  'deemed_approved',
  'breached',
  'step_skipped',
  'step_cancelled',
  'status_changed',
  // Deferred materials (容缺受理): promised at filing with a deadline, supplied, or overdue.
  'material_deferred',
  'material_supplied',
  'material_overdue',
  'withdrawn',
  'terminated',
  'approved',
  'rejected',
  'certificate_issued',
  'certificate_revoked',
  // Approval on pledge: the department's post-check of a pledged step, after the case is approved.
  'post_check_opened',
  'post_check_passed',
  'post_check_failed',
] as const;
export type ApplicationEventKind = (typeof APPLICATION_EVENT_KINDS)[number];

/** Who caused an event; null in the log for the system (timers, the route moving on). */
export interface EventActor {
  id: string;
  username: string;
  role: string | null;
  departmentCode: string | null;
}
