import type { ServiceVersionSnapshot } from '../service/service-version';

export const APPLICATION_STATUSES = [
  'in_progress',
  'awaiting_applicant',
  'approved',
  'rejected',
  'withdrawn',
  'terminated',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const TERMINAL_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  'approved',
  'rejected',
  'withdrawn',
  'terminated',
];

export const TASK_STATUSES = ['pending', 'claimed', 'paused', 'awaiting_applicant', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'claimed', 'paused', 'awaiting_applicant'];

/** Where one step of one application stands. */
export type StepStatus =
  | 'waiting' // predecessors not yet approved
  | 'active' // a task is open in the department's queue
  | 'awaiting_applicant' // supplement requested, waiting for the enterprise
  | 'approved'
  | 'rejected'
  | 'cancelled' // another step rejected, or the application was withdrawn
  | 'skipped'; // the step's include condition does not hold for this form

export const DECISION_OUTCOMES = ['approve', 'reject', 'request_supplement'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export interface Actor {
  userId: string;
  username: string;
}

export interface ApplicationWorkflowInput {
  applicationId: string;
  applicationNumber: string;
  enterpriseId: string;
  enterpriseName: string;
  filedAt: string;
  version: ServiceVersionSnapshot;
  form: Record<string, unknown>;
}

export interface StepProgress {
  key: string;
  departmentCode: string;
  status: StepStatus;
  round: number;
  taskId?: string;
  startedAt?: string;
  dueAt?: string;
  decidedAt?: string;
  outcome?: DecisionOutcome;
  opinion?: string;
  breachedAt?: string;
  /** Approvals given in this round, and how many the step's handling requires. */
  approvals?: number;
  reviewersRequired?: number;
  /** Why the step applies or not, when it has an include condition. */
  inclusionReason?: string;
}

export interface ApplicationProgress {
  applicationId: string;
  status: ApplicationStatus;
  serviceCode: string;
  serviceVersion: number;
  steps: StepProgress[];
}

export interface DecisionRequest {
  stepKey: string;
  round: number;
  outcome: DecisionOutcome;
  opinion: string;
  actor: Actor;
}

export interface DecisionResult {
  stepKey: string;
  round: number;
  outcome: DecisionOutcome;
  stepStatus: StepStatus;
  applicationStatus: ApplicationStatus;
  /** Approvals so far in this round and how many are required (more than one: 会签). */
  approvals: number;
  reviewersRequired: number;
}

export interface SupplementRequest {
  note: string;
  actor: Actor;
}

export interface WithdrawRequest {
  reason: string;
  actor: Actor;
}

/** Workflow id for an application: deterministic, so a second start for the same filing is refused. */
export function applicationWorkflowId(applicationId: string): string {
  return `application-${applicationId}`;
}
