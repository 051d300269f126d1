import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { Condition, FieldType, StepConfig, TimeoutPolicy } from '../../../libs/domain';
import { CONFIG_CHANGE_ACTIONS, type ConfigChangeAction } from '../../../libs/persistence/entities';

export const SERVICE_CODE_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;
export const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'number',
  'date',
  'enum',
  'boolean',
  'address',
  'area_m2',
  'money',
];
export const TIMEOUT_POLICIES: readonly TimeoutPolicy[] = ['escalate', 'deemed_approval'];
/** Finite numbers only; ranges are rules of the step config (422), not of the request's shape (400). */
const FINITE = { allowNaN: false, allowInfinity: false } as const;

// ---------------------------------------------------------------------------------------------
// Parameters

export class ServiceCodeParamDto {
  @ApiProperty({ example: 'restaurant-opening' })
  @IsString()
  @Length(1, 64)
  code: string;
}

export class StepParamDto extends ServiceCodeParamDto {
  @ApiProperty({ example: 'health-permit' })
  @IsString()
  @Length(1, 64)
  key: string;
}

export class VersionParamDto extends ServiceCodeParamDto {
  @ApiProperty({ example: 2, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  n: number;
}

export class VersionDiffQueryDto {
  @ApiPropertyOptional({
    example: 1,
    minimum: 1,
    description: 'The version to compare against; default: the one before',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  against?: number;
}

// ---------------------------------------------------------------------------------------------
// Route (coordinating CIO)

export class RouteStepInputDto {
  @ApiProperty({ example: 'business-licence', description: 'Unique within the service: a-z, 0-9, "_", "-"' })
  @IsString()
  @Length(1, 64)
  key: string;

  @ApiProperty({ example: 'market' })
  @IsString()
  @Length(1, 32)
  departmentCode: string;

  @ApiProperty({ type: [String], example: [], description: 'Keys of the steps that must be approved first' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  after: string[];
}

export class UpdateServiceDto {
  @ApiProperty({ example: '餐饮店开办 (Restaurant opening)' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ example: 20, description: 'Overall time limit in working days' })
  @IsInt()
  @Min(1)
  @Max(3650)
  overallLimitDays: number;

  @ApiProperty({ type: [RouteStepInputDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RouteStepInputDto)
  steps: RouteStepInputDto[];
}

export class CreateServiceDto extends UpdateServiceDto {
  @ApiProperty({ example: 'bakery-opening', pattern: SERVICE_CODE_PATTERN.source })
  @IsString()
  @Matches(SERVICE_CODE_PATTERN, {
    message: 'code must start with a lowercase letter and use only a-z, 0-9 and "-" (2 to 64 characters)',
  })
  code: string;
}

// ---------------------------------------------------------------------------------------------
// Step config (department CIO)

export class MaterialDto {
  @ApiProperty({ example: 'floor-plan' })
  @IsString()
  @Length(1, 64)
  code: string;

  @ApiProperty({ example: '消防平面图' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ['core', 'non-core'], description: 'core: required at filing; non-core: may be deferred' })
  @IsIn(['core', 'non-core'])
  kind: 'core' | 'non-core';

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['pdf', 'jpg'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  fileTypes?: string[];

  @ApiPropertyOptional({ example: 10485760, description: 'Size limit in bytes' })
  @IsOptional()
  @IsNumber(FINITE)
  maxBytes?: number;
}

export class FieldLabelDto {
  @ApiProperty({ example: '营业面积 (平方米)' })
  @IsString()
  @MaxLength(200)
  zh: string;

  @ApiProperty({ example: 'Seating area (m²)' })
  @IsString()
  @MaxLength(200)
  en: string;
}

export class FieldRulesDto {
  @ApiPropertyOptional({ description: 'Least value (number, area, money) or length (text, address)' })
  @IsOptional()
  @IsNumber(FINITE)
  min?: number;

  @ApiPropertyOptional({ description: 'Greatest value (number, area, money) or length (text, address)' })
  @IsOptional()
  @IsNumber(FINITE)
  max?: number;

  @ApiPropertyOptional({ description: 'Regular expression the whole value must match (text, address)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  pattern?: string;

  @ApiPropertyOptional({ type: [String], description: 'The choices of an enum field' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  options?: string[];
}

export class FormFieldDto {
  @ApiProperty({ example: 'seating_area_m2' })
  @IsString()
  @Length(1, 64)
  key: string;

  @ApiProperty({ type: FieldLabelDto })
  @ValidateNested()
  @Type(() => FieldLabelDto)
  label: FieldLabelDto;

  @ApiProperty({ enum: FIELD_TYPES })
  @IsIn(FIELD_TYPES)
  type: FieldType;

  @ApiProperty()
  @IsBoolean()
  required: boolean;

  @ApiPropertyOptional({ type: FieldRulesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FieldRulesDto)
  rules?: FieldRulesDto;
}

export class HandlingDto {
  @ApiPropertyOptional({
    example: 'food-safety',
    description: 'Staff group that handles the step; default: the department',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  group?: string;

  @ApiProperty({ example: 1, description: 'How many reviewers must approve' })
  @IsNumber(FINITE)
  reviewers: number;
}

export class PledgeDto {
  @ApiProperty({ description: 'Whether the step may approve on the applicant’s pledge (告知承诺)' })
  @IsBoolean()
  allowed: boolean;

  @ApiProperty({ example: 0.2, description: 'Share of pledged cases checked afterwards, 0–1' })
  @IsNumber(FINITE)
  postCheckRate: number;
}

export class DeferrableDto {
  @ApiProperty({ description: 'Whether non-core materials may be deferred (容缺受理)' })
  @IsBoolean()
  allowed: boolean;

  @ApiProperty({ example: 10, description: 'Working days to supply deferred materials' })
  @IsNumber(FINITE)
  supplyWithinDays: number;
}

export class StepConfigDto implements StepConfig {
  @ApiProperty({ example: 5, description: 'Promised time limit (承诺时限), working days' })
  @IsNumber(FINITE)
  timeLimitDays: number;

  @ApiPropertyOptional({ example: 20, description: 'Statutory time limit, working days (at least timeLimitDays)' })
  @IsOptional()
  @IsNumber(FINITE)
  statutoryLimitDays?: number;

  @ApiProperty({ type: [MaterialDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MaterialDto)
  materials: MaterialDto[];

  @ApiProperty({ type: [FormFieldDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => FormFieldDto)
  fields: FormFieldDto[];

  @ApiProperty({ type: HandlingDto })
  @ValidateNested()
  @Type(() => HandlingDto)
  handling: HandlingDto;

  @ApiProperty({ enum: TIMEOUT_POLICIES })
  @IsIn(TIMEOUT_POLICIES)
  timeoutPolicy: TimeoutPolicy;

  @ApiProperty({ type: PledgeDto })
  @ValidateNested()
  @Type(() => PledgeDto)
  pledge: PledgeDto;

  @ApiProperty({ type: DeferrableDto })
  @ValidateNested()
  @Type(() => DeferrableDto)
  deferrable: DeferrableDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { field: 'seating_area_m2', op: 'gt', value: 150 },
    description:
      'The step applies only when the form matches: {field, op: eq|ne|gt|gte|lt|lte|in, value} or {all: [...]} / {any: [...]}; checked against the service’s fields when publishing',
  })
  @IsOptional()
  @IsObject()
  includeWhen?: Condition;
}

// ---------------------------------------------------------------------------------------------
// Responses

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description:
    'Step config: {timeLimitDays, statutoryLimitDays?, materials, fields, handling, timeoutPolicy, pledge, deferrable, includeWhen?}',
} as const;

export class ProblemDto {
  @ApiProperty({ example: 'steps.health-permit.config.fields[0].key' })
  path: string;

  @ApiProperty()
  message: string;
}

export class ServiceStepDto {
  @ApiProperty({ example: 'business-licence' })
  key: string;

  @ApiProperty({ example: 'market' })
  departmentCode: string;

  @ApiProperty({ type: [String], description: 'Keys of the steps that must be approved first' })
  after: string[];

  @ApiProperty(CONFIG_SCHEMA)
  config: StepConfig;
}

export class PublishedVersionDto {
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ example: 20, description: 'Overall time limit in working days' })
  overallLimitDays: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  publishedAt: Date | null;

  @ApiProperty({ type: [ServiceStepDto] })
  steps: ServiceStepDto[];
}

export class DraftStepDto {
  @ApiProperty({ example: 'business-licence' })
  key: string;

  @ApiProperty({ example: 'market' })
  departmentCode: string;

  @ApiProperty({ type: [String] })
  after: string[];

  @ApiProperty({ ...CONFIG_SCHEMA, nullable: true, description: 'null until the department’s CIO configures it' })
  config: StepConfig | null;

  @ApiProperty({ example: 1, description: 'Send as If-Match when editing this step' })
  revision: number;
}

export class ServiceDraftDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  overallLimitDays: number;

  @ApiProperty({ example: 1, description: 'Send as If-Match when editing name, limit or route' })
  routeRevision: number;

  @ApiProperty({ type: [DraftStepDto] })
  steps: DraftStepDto[];
}

export class ServiceDto {
  @ApiProperty({ example: 'restaurant-opening' })
  code: string;

  @ApiProperty({ example: '餐饮店开办' })
  name: string;

  @ApiProperty({ type: PublishedVersionDto, nullable: true, description: 'null until first published' })
  published: PublishedVersionDto | null;

  @ApiPropertyOptional({
    type: ServiceDraftDto,
    nullable: true,
    description: 'The next version being prepared; shown to CIOs and administrators only',
  })
  draft?: ServiceDraftDto | null;
}

export class RouteEditResultDto extends ServiceDto {
  @ApiProperty({
    type: [ProblemDto],
    description: 'What still stands in the way of publishing the route (cycles, unknown steps or departments)',
  })
  problems: ProblemDto[];
}

export class StepConfigResultDto {
  @ApiProperty({ example: 'health-permit' })
  key: string;

  @ApiProperty({ example: 'health' })
  departmentCode: string;

  @ApiProperty({ example: 2, description: 'The step’s new revision (also the ETag)' })
  revision: number;

  @ApiProperty(CONFIG_SCHEMA)
  config: StepConfig;
}

export class PublishResultDto {
  @ApiProperty({ example: 2 })
  version: number;

  @ApiProperty({ type: String, format: 'date-time' })
  publishedAt: Date;
}

export class VersionSummaryDto {
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ type: String, format: 'date-time' })
  publishedAt: Date;

  @ApiProperty({ example: 'coord', description: 'Username of the publisher' })
  publishedBy: string;
}

export class VersionDetailDto extends VersionSummaryDto {
  @ApiProperty({ example: 'restaurant-opening' })
  serviceCode: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  overallLimitDays: number;

  @ApiProperty({ type: [ServiceStepDto] })
  steps: ServiceStepDto[];
}

export class ValueChangeDto {
  @ApiProperty({ example: 'timeLimitDays' })
  path: string;

  @ApiProperty({ description: 'null when absent in the earlier version' })
  before: unknown;

  @ApiProperty({ description: 'null when absent in the later version' })
  after: unknown;
}

export class StepConfigChangeDto extends ValueChangeDto {
  @ApiProperty({ example: 'health-permit' })
  stepKey: string;
}

export class RouteEdgeDto {
  @ApiProperty({ example: 'business-licence', description: 'Must be approved before `to` starts' })
  from: string;

  @ApiProperty({ example: 'health-permit' })
  to: string;
}

export class StepSummaryDto {
  @ApiProperty()
  key: string;

  @ApiProperty()
  departmentCode: string;

  @ApiProperty({ type: [String] })
  after: string[];
}

export class DepartmentChangeDto {
  @ApiProperty()
  stepKey: string;

  @ApiProperty()
  before: string;

  @ApiProperty()
  after: string;
}

export class StepChangesDto {
  @ApiProperty({ type: [StepSummaryDto] })
  added: StepSummaryDto[];

  @ApiProperty({ type: [StepSummaryDto] })
  removed: StepSummaryDto[];

  @ApiProperty({ type: [DepartmentChangeDto] })
  departmentChanged: DepartmentChangeDto[];
}

export class EdgeChangesDto {
  @ApiProperty({ type: [RouteEdgeDto] })
  added: RouteEdgeDto[];

  @ApiProperty({ type: [RouteEdgeDto] })
  removed: RouteEdgeDto[];
}

export class VersionDiffDto {
  @ApiProperty()
  serviceCode: string;

  @ApiProperty({ description: 'The version compared against' })
  from: number;

  @ApiProperty({ description: 'The version shown' })
  to: number;

  @ApiProperty({ type: [ValueChangeDto], description: 'name, overallLimitDays' })
  service: ValueChangeDto[];

  @ApiProperty({ type: StepChangesDto })
  steps: StepChangesDto;

  @ApiProperty({ type: EdgeChangesDto })
  edges: EdgeChangesDto;

  @ApiProperty({ type: [StepConfigChangeDto] })
  configChanges: StepConfigChangeDto[];
}

export class ConfigChangeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  serviceCode: string;

  @ApiProperty({ type: String, nullable: true, description: 'The step edited; null for changes to the whole service' })
  stepKey: string | null;

  @ApiProperty({ type: String, nullable: true })
  departmentCode: string | null;

  @ApiProperty({ enum: CONFIG_CHANGE_ACTIONS })
  action: ConfigChangeAction;

  @ApiProperty({ example: 'cio.health', description: 'Username of who made the change' })
  actor: string;

  @ApiProperty({ example: 'dept_cio' })
  role: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;

  @ApiProperty({ type: Number, nullable: true })
  revision: number | null;

  @ApiProperty({ nullable: true })
  before: unknown;

  @ApiProperty({ nullable: true })
  after: unknown;
}

export class ConfigChangePageDto {
  @ApiProperty({ type: [ConfigChangeDto] })
  items: ConfigChangeDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class MergedFieldDto extends FormFieldDto {
  @ApiProperty({ type: [String], description: 'The steps that ask for this field' })
  stepKeys: string[];
}

export class MergedMaterialDto extends MaterialDto {
  @ApiProperty({ type: [String], description: 'The steps that need this material' })
  stepKeys: string[];
}

export class ConditionalStepDto {
  @ApiProperty({ example: 'environment-review' })
  stepKey: string;

  @ApiProperty({ example: 'environment' })
  departmentCode: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The include condition (includeWhen)' })
  includeWhen: Condition;

  @ApiProperty({ example: 'seating_area_m2 > 150', description: 'The condition in words' })
  description: string;
}

/** "One window, one form": what an applicant fills for a version, each field and material asked once. */
export class MergedFormDto {
  @ApiProperty({ example: 'restaurant-opening' })
  serviceCode: string;

  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({
    type: [MergedFieldDto],
    description: 'Every field of the service; `required` is true when any step asking for it requires it',
  })
  fields: MergedFieldDto[];

  @ApiProperty({ type: [MergedMaterialDto] })
  materials: MergedMaterialDto[];

  @ApiProperty({
    type: [ConditionalStepDto],
    description: 'Steps that apply only when the form meets a condition; their fields are required only then',
  })
  conditionalSteps: ConditionalStepDto[];
}
