import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import {
  APPLICATION_STATUSES,
  CARD_LEVELS,
  DECISION_OUTCOMES,
  PAUSE_REASONS,
  POST_CHECK_OUTCOMES,
  SUPPLEMENT_ITEM_KINDS,
  TASK_KINDS,
  TASK_STATUSES,
  type ApplicationStatus,
  type CardLevel,
  type ClockState,
  type DecisionBasis,
  type DecisionOutcome,
  type PauseReason,
  type PostCheckOutcome,
  type PostCheckStatus,
  type StepStatus,
  type SupplementItemKind,
  type TaskKind,
  type TaskStatus,
} from '../../../libs/domain';
import { PageQueryDto } from '../common/pagination.dto';
import { NotBlank } from '../common/request-problems';

/** `open` = pending, claimed, paused and awaiting_applicant: everything not finished. */
export const TASK_STATUS_FILTERS = [...TASK_STATUSES, 'open'] as const;
export type TaskStatusFilter = (typeof TASK_STATUS_FILTERS)[number];

export const TASK_SORTS = ['created', 'urgency'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export class TaskQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATUS_FILTERS, default: 'open' })
  @IsOptional()
  @IsIn(TASK_STATUS_FILTERS)
  status?: TaskStatusFilter;

  @ApiPropertyOptional({ example: 'restaurant-opening' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  serviceCode?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only tasks due before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only tasks the caller holds' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only tasks another officer holds' })
  @IsOptional()
  @IsIn(['true', 'false'])
  claimedByOthers?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only tasks past their limit: due before now with the clock running, or breached',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only tasks the coordinating CIO urged' })
  @IsOptional()
  @IsIn(['true', 'false'])
  urged?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Text in the application number or the enterprise name (case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({
    enum: TASK_SORTS,
    default: 'created',
    description: 'created: oldest first; urgency: earliest due first (the cursor belongs to the sort)',
  })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;

  @ApiPropertyOptional({
    enum: TASK_KINDS,
    description: 'Only review rounds of steps, or only post-checks of steps approved on pledge (告知承诺)',
  })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;
}

export class TaskCountsDto {
  @ApiProperty({ description: 'Pending tasks (nobody holds them)' })
  pending: number;

  @ApiProperty({ description: 'Open tasks the caller holds (claimed, paused, awaiting the applicant)' })
  mine: number;

  @ApiProperty({ description: 'Tasks claimed by other officers' })
  claimedByOthers: number;

  @ApiProperty()
  paused: number;

  @ApiProperty()
  awaitingApplicant: number;

  @ApiProperty({ description: 'Completed tasks' })
  done: number;
}

export class CardDto {
  @ApiProperty({ enum: CARD_LEVELS, description: 'warning (before the limit), yellow (at it), red (after it)' })
  level: CardLevel;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class UrgeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ description: 'Username of the coordinating CIO who urged' })
  by: string;
}

export class PauseDto {
  @ApiProperty({ enum: PAUSE_REASONS })
  reason: PauseReason;

  @ApiProperty({ type: String, format: 'date-time', description: 'Since when the clock is stopped' })
  since: string;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ example: 'YB-2026-000123' })
  applicationNumber: string;

  @ApiProperty()
  enterpriseName: string;

  @ApiProperty()
  serviceCode: string;

  @ApiProperty()
  stepKey: string;

  @ApiProperty()
  departmentCode: string;

  @ApiProperty()
  round: number;

  @ApiProperty({ enum: TASK_STATUSES })
  status: TaskStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Username of the claiming officer' })
  assignee: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  claimedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ enum: [...DECISION_OUTCOMES, ...POST_CHECK_OUTCOMES], nullable: true })
  outcome: DecisionOutcome | PostCheckOutcome | null;

  @ApiProperty({
    enum: TASK_KINDS,
    description:
      'review: a round of the step’s review; post_check: the check of a step approved on the enterprise’s pledge (告知承诺), decided with post_check_pass or post_check_fail',
  })
  kind: TaskKind;

  @ApiProperty({
    type: [String],
    description: 'Officers who already approved this round, when the step needs several reviewers (会签)',
  })
  approvedBy: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The staff group that handles this step (its config's handling.group); null: anyone in the department",
  })
  handlingGroup: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The first claim (claimedAt is the current holder’s)',
  })
  firstClaimedAt: string | null;

  @ApiProperty({
    enum: ['running', 'stopped'],
    description: 'running while the department holds the task (pending, claimed); stopped otherwise',
  })
  clock: ClockState;

  @ApiProperty({ type: PauseDto, nullable: true, description: 'While paused: the reason and since when' })
  pause: PauseDto | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'While the clock is stopped: working time the limit has left, in working days (negative: overdue). dueAt moves out by the stopped time when it runs again.',
  })
  remainingWorkingDays: number | null;

  @ApiProperty({ type: [CardDto] })
  cards: CardDto[];

  @ApiProperty({ type: [UrgeDto] })
  urges: UrgeDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the time limit passed' })
  breachedAt: string | null;

  @ApiProperty({
    enum: ['decision', 'deemed', 'pledge'],
    nullable: true,
    description: 'What the decision rests on; deemed: approved by the time limit (timeoutPolicy deemed_approval)',
  })
  basis: DecisionBasis | null;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] })
  items: TaskDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;
}

/**
 * Decisions end a round; pause and resume stop and restart the step's clock; a post-check task
 * takes post_check_pass or post_check_fail, and only those.
 */
export const REQUESTED_OUTCOMES = [...DECISION_OUTCOMES, 'pause', 'resume', ...POST_CHECK_OUTCOMES] as const;
export type RequestedOutcome = (typeof REQUESTED_OUTCOMES)[number];

export class SupplementItemDto {
  @ApiProperty({ enum: SUPPLEMENT_ITEM_KINDS })
  @IsIn(SUPPLEMENT_ITEM_KINDS)
  kind: SupplementItemKind;

  @ApiPropertyOptional({ description: 'For kind material: a material code of the service version' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  materialCode?: string;

  @ApiPropertyOptional({ description: 'For kind field: a form field key of the service version' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  fieldKey?: string;

  @ApiProperty({ description: 'What the applicant must supply or correct, and why' })
  @IsString()
  @Length(1, 500)
  @NotBlank()
  reason: string;
}

export class DecisionRequestDto {
  @ApiProperty({ enum: REQUESTED_OUTCOMES })
  @IsIn(REQUESTED_OUTCOMES)
  outcome: RequestedOutcome;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 2000,
    description: 'The officer’s opinion (审查意见); required except for resume',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  opinion?: string;

  @ApiPropertyOptional({ enum: PAUSE_REASONS, description: 'Why the clock stops; for pause only, and required there' })
  @IsOptional()
  @IsIn(PAUSE_REASONS)
  reason?: PauseReason;

  @ApiPropertyOptional({
    type: [SupplementItemDto],
    description: 'What is missing; for request_supplement only (kept on the supplement_requested event)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SupplementItemDto)
  items?: SupplementItemDto[];
}

export class DecisionResponseDto {
  @ApiProperty()
  stepKey: string;

  @ApiProperty()
  round: number;

  @ApiProperty({ enum: REQUESTED_OUTCOMES })
  outcome: RequestedOutcome;

  @ApiPropertyOptional({
    enum: ['waiting', 'active', 'awaiting_applicant', 'approved', 'rejected', 'cancelled', 'skipped'],
    description: 'For decisions',
  })
  stepStatus?: StepStatus;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES, description: 'For decisions' })
  applicationStatus?: ApplicationStatus;

  @ApiPropertyOptional({ description: 'For decisions: approvals given so far in this round' })
  approvals?: number;

  @ApiPropertyOptional({
    description: "For decisions: how many reviewers must approve (the step's handling.reviewers)",
  })
  reviewersRequired?: number;

  @ApiPropertyOptional({ enum: ['running', 'stopped'], description: 'For pause and resume: the step clock now' })
  clock?: ClockState;

  @ApiPropertyOptional({ format: 'date-time', description: 'For pause and resume: the due date (moves on resume)' })
  dueAt?: string;

  @ApiPropertyOptional({ description: 'For pause and resume: working days the limit has left (negative: overdue)' })
  remainingWorkingDays?: number;

  @ApiPropertyOptional({ enum: ['passed', 'failed'], description: 'For post-check decisions: the post-check now' })
  postCheckStatus?: PostCheckStatus;

  @ApiProperty({ type: TaskDto, description: 'The task row after the change was recorded' })
  task: TaskDto;
}

export class ReassignRequestDto {
  @ApiProperty({ description: 'Username of an active officer of the department', example: 'staff2.market' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ maxLength: 500, description: 'Why the task changes hands (recorded on the reassigned event)' })
  @IsString()
  @Length(1, 500)
  @NotBlank()
  reason: string;
}

/** An officer the department CIO could hand a task to, with their current load. */
export class EligibleOfficerDto {
  @ApiProperty({ example: 'staff2.market' })
  username: string;

  @ApiProperty({ example: '市场监督管理局 经办人 (二, 食品安全科)' })
  displayName: string;

  @ApiProperty({ description: 'Tasks the officer holds now (claimed or paused), to balance the load' })
  openTasks: number;

  @ApiProperty({ description: 'Whether the officer holds this task now (reassigning to them is refused)' })
  currentAssignee: boolean;
}

/** A failed post-check on an enterprise's record (信用记录), as departments see it on its cases. */
export class ComplianceRecordDto {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ example: 'YB-2026-000123' })
  applicationNumber: string;

  @ApiProperty()
  stepKey: string;

  @ApiProperty({ description: 'The department whose post-check failed' })
  departmentCode: string;

  @ApiProperty({ enum: ['post_check_failed'] })
  kind: 'post_check_failed';

  @ApiProperty({ description: 'The officer’s opinion on the failed post-check' })
  opinion: string;

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: Date;
}

export class EnterpriseRecordDto {
  @ApiProperty({ format: 'uuid' })
  enterpriseId: string;

  @ApiProperty()
  enterpriseName: string;

  @ApiProperty({
    type: [ComplianceRecordDto],
    description: 'Failed post-checks of the enterprise’s pledges on any of its cases, newest first',
  })
  failedPostChecks: ComplianceRecordDto[];
}
