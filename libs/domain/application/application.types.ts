import type { ServiceVersionSnapshot } from '../service/service-version';
import type { PostCheckProgress } from './pledge';

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

/** Why a step's clock is stopped by its department (计时暂停): the fixed list officers choose from. */
export const PAUSE_REASONS = ['inspection', 'expert_review', 'hearing', 'testing', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** The supervision ladder: a warning before the limit, a yellow card at it, a red card after it. */
export const CARD_LEVELS = ['warning', 'yellow', 'red'] as const;
export type CardLevel = (typeof CARD_LEVELS)[number];

/** What a step's approval rests on: an officer's decision, the time limit (deemed), or a pledge. */
export type DecisionBasis = 'decision' | 'deemed' | 'pledge';

/** Whether an accountable clock is counting. */
export type ClockState = 'running' | 'stopped';

/** Who did something. Role and department were added later: inputs recorded before lack them. */
export interface Actor {
  userId: string;
  username: string;
  role?: string;
  departmentCode?: string;
}

export const SUPPLEMENT_ITEM_KINDS = ['material', 'field', 'other'] as const;
export type SupplementItemKind = (typeof SUPPLEMENT_ITEM_KINDS)[number];

/** One thing a department needs from the applicant, listed on a supplement request. */
export interface SupplementItem {
  kind: SupplementItemKind;
  materialCode?: string;
  fieldKey?: string;
  reason: string;
}

export interface Card {
  level: CardLevel;
  at: string;
}

export interface Urge {
  id: string;
  at: string;
  message: string;
  by: string;
}

export interface ApplicationWorkflowInput {
  applicationId: string;
  applicationNumber: string;
  enterpriseId: string;
  enterpriseName: string;
  filedAt: string;
  version: ServiceVersionSnapshot;
  form: Record<string, unknown>;
  /** Steps the enterprise pledged on (告知承诺); absent in inputs recorded before pledges were acted on. */
  pledges?: string[];
  /** Materials the enterprise will supply later (容缺受理); absent in inputs recorded before them. */
  deferredMaterials?: string[];
}

/** A deferred material as the case sees it: due by `dueAt`; the steps in `stepKeys` wait for it. */
export interface DeferredMaterialProgress {
  code: string;
  name: string;
  stepKeys: string[];
  supplyWithinDays: number;
  /** Set once the deadline is computed on the working calendar (just after the workflow starts). */
  dueAt?: string;
  suppliedAt?: string;
  fileId?: string;
  /** The deadline passed without it: the case was terminated. */
  overdueAt?: string;
}

/** The enterprise supplies a deferred material with an uploaded file. */
export interface SupplyMaterialRequest {
  materialCode: string;
  fileId: string;
  actor: Actor;
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
  /** Running while the department holds the step; stopped while it waits on the applicant or is paused. */
  clock?: ClockState;
  /** While paused: why and since when. */
  pause?: { reason: PauseReason; since: string };
  /** Cards of the supervision ladder, each level at most once per step. */
  cards?: Card[];
  urges?: Urge[];
  /** Approved by the time limit (timeoutPolicy deemed_approval), not by an officer. */
  deemed?: boolean;
  basis?: DecisionBasis;
  /** Approved on pledge and sampled: the department's post-check of the pledge. */
  postCheck?: PostCheckProgress;
}

export interface ApplicationProgress {
  applicationId: string;
  status: ApplicationStatus;
  serviceCode: string;
  serviceVersion: number;
  steps: StepProgress[];
  /** The overall limit (overallLimitDays): when it ends while the clock runs, and whether it runs. */
  dueAt?: string;
  clock?: ClockState;
  /** Materials deferred at filing (容缺受理), absent when there are none. */
  deferredMaterials?: DeferredMaterialProgress[];
}

export interface DecisionRequest {
  stepKey: string;
  round: number;
  outcome: DecisionOutcome;
  opinion: string;
  actor: Actor;
  /** What is missing, for request_supplement. */
  items?: SupplementItem[];
}

/** The officer holding the task stops its clock for a reason from the fixed list. */
export interface PauseRequest {
  stepKey: string;
  round: number;
  reason: PauseReason;
  opinion: string;
  actor: Actor;
}

export interface ResumeRequest {
  stepKey: string;
  round: number;
  opinion?: string;
  actor: Actor;
}

/** What pause and resume answer: the step's clock after the change. */
export interface ClockChangeResult {
  stepKey: string;
  round: number;
  clock: ClockState;
  dueAt: string;
  /** Working time left on the limit, in ms of working time. */
  remainingWorkingMs: number;
}

/** The coordinating CIO presses the department holding an open step (督办). */
export interface UrgeRequest {
  stepKey: string;
  message: string;
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

/**
 * The enterprise's answer. Cases filed before consolidated notices answer with a note only; newer
 * ones answer one notice (`noticeId`, or the open one when absent) with form changes and files.
 */
export interface SupplementRequest {
  note: string;
  actor: Actor;
  noticeId?: string;
  form?: Record<string, unknown>;
  materials?: { code: string; fileId: string }[];
}

export interface WithdrawRequest {
  reason: string;
  actor: Actor;
}

/** Workflow id for an application: deterministic, so a second start for the same filing is refused. */
export function applicationWorkflowId(applicationId: string): string {
  return `application-${applicationId}`;
}
