import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  APPLICATION_STATUSES,
  DECISION_OUTCOMES,
  TASK_STATUSES,
  type ApplicationStatus,
  type DecisionOutcome,
  type StepStatus,
  type TaskStatus,
} from '../../../libs/domain';
import { PageQueryDto } from '../common/pagination.dto';

/** `open` = pending, claimed, paused and awaiting_applicant: everything not finished. */
export const TASK_STATUS_FILTERS = [...TASK_STATUSES, 'open'] as const;
export type TaskStatusFilter = (typeof TASK_STATUS_FILTERS)[number];

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
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  claimedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: Date | null;

  @ApiProperty({ enum: DECISION_OUTCOMES, nullable: true })
  outcome: DecisionOutcome | null;

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
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] })
  items: TaskDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;
}

/** The contract's outcomes; pause and resume are accepted by the schema but not handled yet. */
export const REQUESTED_OUTCOMES = [...DECISION_OUTCOMES, 'pause', 'resume'] as const;
export type RequestedOutcome = (typeof REQUESTED_OUTCOMES)[number];

export class SupplementItemDto {
  @ApiPropertyOptional({ description: 'Material code or form field key concerned' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  code?: string;

  @ApiProperty({ description: 'What the applicant must supply or correct' })
  @IsString()
  @Length(1, 500)
  note: string;
}

export class DecisionRequestDto {
  @ApiProperty({ enum: REQUESTED_OUTCOMES })
  @IsIn(REQUESTED_OUTCOMES)
  outcome: RequestedOutcome;

  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'The officer’s opinion (审查意见)' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'opinion must not be blank' })
  opinion: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Reason, for pause' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional({ type: [SupplementItemDto], description: 'What is missing, for request_supplement' })
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

  @ApiProperty({ enum: DECISION_OUTCOMES })
  outcome: DecisionOutcome;

  @ApiProperty({ enum: ['waiting', 'active', 'awaiting_applicant', 'approved', 'rejected', 'cancelled', 'skipped'] })
  stepStatus: StepStatus;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  applicationStatus: ApplicationStatus;

  @ApiProperty({ description: 'Approvals given so far in this round' })
  approvals: number;

  @ApiProperty({ description: "How many reviewers must approve (the step's handling.reviewers)" })
  reviewersRequired: number;

  @ApiProperty({ type: TaskDto, description: 'The task row after the decision was recorded' })
  task: TaskDto;
}
