import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../common/pagination.dto';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  APPLICATION_EVENT_KINDS,
  APPLICATION_STATUSES,
  DECISION_OUTCOMES,
  PAUSE_REASONS,
  SUPPLEMENT_ITEM_KINDS,
  type SupplementItemKind,
  type ApplicationEventKind,
  type ApplicationStatus,
  type ClockState,
  type ClockStopReason,
  type DecisionBasis,
  type DecisionOutcome,
  type FieldType,
  type FiledContentReader,
  type FiledValue,
  type StepStatus,
} from '../../../libs/domain';
import { FIELD_TYPES, FieldLabelDto } from '../services/services.dto';
import { IsBooleanRecord } from '../common/record.validator';
import { CardDto, PauseDto, UrgeDto } from '../tasks/tasks.dto';
import { NotBlank } from '../common/request-problems';

const STEP_STATUSES: readonly StepStatus[] = [
  'waiting',
  'active',
  'awaiting_applicant',
  'approved',
  'rejected',
  'cancelled',
  'skipped',
];

export class FiledMaterialDto {
  @ApiProperty({ example: 'business-licence-application' })
  @IsString()
  @Length(1, 64)
  code: string;

  @ApiPropertyOptional({ description: 'Id of an uploaded file' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fileId?: string;

  @ApiPropertyOptional({ description: 'Inline content, for short documents' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  content?: string;
}

export class FileApplicationDto {
  @ApiProperty({ example: 'restaurant-opening' })
  @IsString()
  @Length(1, 64)
  serviceCode: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The merged form: {fieldKey: value}',
    example: { shopName: '老王面馆', areaM2: 120 },
  })
  @IsObject()
  form: Record<string, unknown>;

  @ApiProperty({ type: [FiledMaterialDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => FiledMaterialDto)
  materials: FiledMaterialDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    description:
      'Pledges (告知承诺): {stepKey: true} for each step that allows it (its config pledge.allowed) and applies to the form; the step is approved at once on the pledge. Anything else is refused (422, pledges.<key>).',
    example: { 'fire-safety': true },
  })
  @IsOptional()
  @IsBooleanRecord()
  pledges?: Record<string, boolean>;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Deferred materials (容缺受理): codes of non-core materials to supply later with POST /api/applications/:id/materials, within the deferrable steps’ supplyWithinDays working days (the shortest, when several steps need one)',
    example: ['health-certificates'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  deferredMaterials?: string[];
}

export class SupplyMaterialRequestDto {
  @ApiProperty({ description: 'The code of a material deferred at filing', example: 'health-certificates' })
  @IsString()
  @Length(1, 64)
  code: string;

  @ApiProperty({ description: 'Id of a file uploaded with POST /api/files' })
  @IsString()
  @Length(1, 200)
  fileId: string;
}

export class DeferredMaterialDto {
  @ApiProperty({ example: 'health-certificates' })
  code: string;

  @ApiProperty({ example: '从业人员健康证明' })
  name: string;

  @ApiProperty({ type: [String], description: 'The steps that cannot be approved before it arrives' })
  stepKeys: string[];

  @ApiProperty({ description: 'Working days from filing to supply it (the shortest of its steps’)' })
  supplyWithinDays: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The deadline; null for the moment between filing and its computation',
  })
  dueAt: string | null;

  @ApiProperty({ enum: ['pending', 'supplied', 'overdue'] })
  status: 'pending' | 'supplied' | 'overdue';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  suppliedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The file supplied (GET /api/files/:id)' })
  fileId: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the deadline passed without it',
  })
  overdueAt: string | null;
}

export class FiledApplicationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'YB-2026-000123' })
  number: string;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: ApplicationStatus;

  @ApiProperty()
  serviceCode: string;

  @ApiProperty()
  serviceVersion: number;
}

export class ApplicationSummaryDto extends FiledApplicationDto {
  @ApiProperty({ format: 'uuid' })
  enterpriseId: string;

  @ApiProperty()
  enterpriseName: string;

  @ApiProperty({ type: String, format: 'date-time' })
  filedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: Date | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the overall limit (overallLimitDays) ends; it moves out while the clock is stopped. Null for cases filed before accountable clocks.',
  })
  dueAt: Date | null;

  @ApiProperty({
    enum: ['running', 'stopped'],
    nullable: true,
    description:
      'The overall clock: stopped while nobody in government holds the case (waiting on the applicant, paused)',
  })
  clock: ClockState | null;

  @ApiProperty({ description: 'Past the overall limit (now, or when it closed)' })
  overdue: boolean;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationSummaryDto] })
  items: ApplicationSummaryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;
}

/** A period during which a step's clock stood still. */
export class ClockStopDto {
  @ApiProperty({
    enum: ['applicant', ...PAUSE_REASONS],
    description: 'applicant: the case waited on the enterprise (supplement); otherwise the reason the step was paused',
  })
  reason: ClockStopReason;

  @ApiProperty({ type: String, format: 'date-time' })
  from: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null while the clock still stands' })
  to: Date | null;
}

export class ApplicationStepDto {
  @ApiProperty()
  key: string;

  @ApiProperty()
  departmentCode: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status: StepStatus;

  @ApiProperty({ description: 'Review round of the latest task; 0 before the step starts' })
  round: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: Date | null;

  @ApiProperty({ enum: DECISION_OUTCOMES, nullable: true })
  outcome: DecisionOutcome | null;

  @ApiProperty({ type: String, nullable: true })
  opinion: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Username of the officer handling it; always null for the enterprise, which sees the department only',
  })
  assignee: string | null;

  @ApiProperty({
    enum: ['department', 'applicant'],
    nullable: true,
    description: 'Who the step waits on now: its department, or the enterprise (a supplement); null when not open',
  })
  heldBy: 'department' | 'applicant' | null;

  @ApiProperty({ type: [ClockStopDto], description: 'Every period the step’s clock stood still, oldest first' })
  clockStops: ClockStopDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the time limit was exceeded' })
  breachedAt: Date | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'For a skipped step: why its include condition did not hold for this form',
  })
  skipReason: string | null;

  @ApiProperty({
    enum: ['running', 'stopped'],
    nullable: true,
    description: 'The step clock: running while the department holds it; null before it starts',
  })
  clock: ClockState | null;

  @ApiProperty({ type: PauseDto, nullable: true })
  pause: PauseDto | null;

  @ApiProperty({
    type: [CardDto],
    description: 'Supervision cards of the step (all rounds); empty for the enterprise (internal supervision)',
  })
  cards: CardDto[];

  @ApiProperty({
    type: [UrgeDto],
    description: 'The coordinating CIO’s urges on the step (all rounds); empty for the enterprise',
  })
  urges: UrgeDto[];

  @ApiProperty({ description: 'Approved by the time limit (timeoutPolicy deemed_approval), not by an officer' })
  deemed: boolean;

  @ApiProperty({
    enum: ['decision', 'deemed', 'pledge'],
    nullable: true,
    description: 'What the decision rests on; pledge: approved at once on the enterprise’s pledge (告知承诺)',
  })
  basis: DecisionBasis | null;

  @ApiProperty({
    type: () => StepPostCheckDto,
    nullable: true,
    description: 'The department’s post-check of a step approved on pledge, when the case was sampled for one',
  })
  postCheck: StepPostCheckDto | null;
}

export class StepPostCheckDto {
  @ApiProperty({ enum: ['open', 'passed', 'failed'] })
  status: 'open' | 'passed' | 'failed';

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, description: 'The officer’s opinion on the post-check' })
  opinion: string | null;
}

export class EventActorDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for events recorded before ids, and for officers when the enterprise reads its case',
  })
  id: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null for officers when the enterprise reads its case: it sees their role and department only',
  })
  username: string | null;

  @ApiProperty({ type: String, nullable: true })
  role: string | null;

  @ApiProperty({ type: String, nullable: true })
  departmentCode: string | null;
}

export class ApplicationEventDto {
  @ApiProperty({ description: 'Increasing within the log' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;

  @ApiProperty({ enum: APPLICATION_EVENT_KINDS })
  kind: ApplicationEventKind;

  @ApiPropertyOptional({ type: String })
  stepKey?: string;

  @ApiPropertyOptional({ type: Number })
  round?: number;

  @ApiProperty({ type: EventActorDto, nullable: true, description: 'Null for the system (timers, the route)' })
  actor: EventActorDto | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
}

export class ApplicationEventsDto {
  @ApiProperty({ type: [ApplicationEventDto], description: 'Oldest first' })
  items: ApplicationEventDto[];
}

/** One answer of the filed form, labelled by the version the case runs on. */
export class FormAnswerDto {
  @ApiProperty({ example: 'seating_area_m2' })
  key: string;

  @ApiProperty({ type: FieldLabelDto })
  label: FieldLabelDto;

  @ApiProperty({ enum: FIELD_TYPES, description: 'How to read the value (date: YYYY-MM-DD; money: yuan; area_m2: m²)' })
  type: FieldType;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    nullable: true,
    description: 'The answer on record for this case; null when left blank',
    example: 120,
  })
  value: FiledValue;

  @ApiProperty({ type: [String], description: 'Every step of the version that asks for this field' })
  stepKeys: string[];
}

/** An uploaded file as a case shows it. */
export class MaterialFileDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '消防平面图.pdf' })
  name: string;

  @ApiProperty({ example: 'application/pdf' })
  contentType: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;
}

/** One material the case's steps ask for, and whether the enterprise provided it. */
export class SubmittedMaterialDto {
  @ApiProperty({ example: 'floor-plan' })
  code: string;

  @ApiProperty({ example: '消防平面图' })
  name: string;

  @ApiProperty({ enum: ['core', 'non-core'] })
  kind: 'core' | 'non-core';

  @ApiProperty({ description: 'False: asked for by a step that applies, not (yet) provided' })
  provided: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The uploaded file, when provided as a file' })
  fileId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The inline content, when provided as text' })
  content: string | null;

  @ApiProperty({
    type: () => MaterialFileDto,
    nullable: true,
    description: 'The uploaded file (download: GET /api/files/:id)',
  })
  file: MaterialFileDto | null;

  @ApiProperty({ type: [String], description: 'Every step of the version that asks for this material' })
  stepKeys: string[];
}

export class ApplicationDetailDto extends ApplicationSummaryDto {
  @ApiProperty({ type: [ApplicationStepDto], description: 'Every step of the version the application was filed under' })
  steps: ApplicationStepDto[];

  @ApiProperty({
    enum: ['whole_case', 'department'],
    description:
      'Which part of the filing `form` and `materials` show: the whole case (the applicant, coord_cio, admin) or what the reader’s department’s steps ask for (staff, dept_cio)',
  })
  contentScope: FiledContentReader['kind'];

  @ApiProperty({
    type: [FormAnswerDto],
    description:
      'The filed form in the order of the merged form, within contentScope: every answered field and every field of a step that applies',
  })
  form: FormAnswerDto[];

  @ApiProperty({
    type: [SubmittedMaterialDto],
    description:
      'The materials within contentScope: every one provided and every one a step that applies asks for (provided: false when missing)',
  })
  materials: SubmittedMaterialDto[];

  @ApiProperty({
    type: [DeferredMaterialDto],
    description: 'Materials deferred at filing (容缺受理), with their deadline and whether they arrived',
  })
  deferredMaterials: DeferredMaterialDto[];

  @ApiProperty({ type: [ApplicationEventDto], description: 'The event log, oldest first (as GET …/events)' })
  timeline: ApplicationEventDto[];
}

export class UrgeRequestDto {
  @ApiProperty({ maxLength: 1000, description: 'What the department is pressed to do', example: '请于本周内办结' })
  @IsString()
  @Length(1, 1000)
  @NotBlank()
  message: string;
}

export class SupplementMaterialDto {
  @ApiProperty({ example: 'floor-plan', description: 'A material the notice asks for' })
  @IsString()
  @Length(1, 64)
  code: string;

  @ApiProperty({ description: 'Id of a file uploaded with POST /api/files' })
  @IsString()
  @Length(1, 200)
  fileId: string;
}

export class SupplementRequestDto {
  @ApiPropertyOptional({
    description:
      'The notice answered (GET /api/applications/:id/notices). Absent: the open notice; cases filed before notices answer with a note only.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  noticeId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'New values of the fields the notice asks for: {fieldKey: value}',
  })
  @IsOptional()
  @IsObject()
  form?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [SupplementMaterialDto], description: 'A file for each material the notice asks for' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SupplementMaterialDto)
  materials?: SupplementMaterialDto[];

  @ApiPropertyOptional({ description: 'What was supplied; answers the notice’s "other" items', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @NotBlank()
  note?: string;
}

export class NoticeItemDto {
  @ApiProperty()
  stepKey: string;

  @ApiProperty({ description: 'The department that asked' })
  departmentCode: string;

  @ApiProperty({ enum: SUPPLEMENT_ITEM_KINDS })
  kind: SupplementItemKind;

  @ApiPropertyOptional()
  materialCode?: string;

  @ApiPropertyOptional()
  fieldKey?: string;

  @ApiProperty()
  reason: string;
}

export class NoticeAnswerDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  form: Record<string, unknown>;

  @ApiProperty({ type: [SupplementMaterialDto] })
  materials: SupplementMaterialDto[];

  @ApiProperty()
  note: string;
}

export class NoticeDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: 'Numbers the case’s notices from 1' })
  number: number;

  @ApiProperty({ format: 'date-time' })
  issuedAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  answeredAt?: string;

  @ApiProperty({ type: [NoticeItemDto], description: 'Every item every asking department listed' })
  items: NoticeItemDto[];

  @ApiPropertyOptional({ type: NoticeAnswerDto, description: 'The enterprise’s answer, once given' })
  answer?: NoticeAnswerDto;
}

export class WithdrawRequestDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @Length(1, 500)
  @NotBlank()
  reason: string;
}

export class StepProgressDto {
  @ApiProperty()
  key: string;

  @ApiProperty()
  departmentCode: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status: StepStatus;

  @ApiProperty()
  round: number;

  @ApiPropertyOptional()
  taskId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  startedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  dueAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  decidedAt?: string;

  @ApiPropertyOptional({ enum: DECISION_OUTCOMES })
  outcome?: DecisionOutcome;

  @ApiPropertyOptional()
  opinion?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  breachedAt?: string;
}

/** Where the running workflow says the case is (answer of supplement and withdraw). */
export class ApplicationProgressDto {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: ApplicationStatus;

  @ApiProperty()
  serviceCode: string;

  @ApiProperty()
  serviceVersion: number;

  @ApiProperty({ type: [StepProgressDto] })
  steps: StepProgressDto[];
}

export class ApplicationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ example: 'restaurant-opening' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  serviceCode?: string;

  @ApiPropertyOptional({ example: 'YB-2026-000123', description: 'Find one case by its number' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  number?: string;
}
