import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { Condition, FieldType, StepConfig, TimeoutPolicy } from '../../../libs/domain';

/*
 * Shapes both halves of the feature speak: the service code in the path, and the step config, which
 * drafts take as input and the catalogue returns inside every version and merged form.
 */

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

export class ServiceCodeParamDto {
  @ApiProperty({ example: 'restaurant-opening' })
  @IsString()
  @Length(1, 64)
  code: string;
}

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

export class SupplementPolicyDto {
  @ApiPropertyOptional({
    example: 1,
    default: 1,
    description:
      'Working days a supplement request of this step may wait for the other departments holding the case before the one consolidated notice is issued (1–30)',
  })
  @IsOptional()
  @IsNumber(FINITE)
  windowDays?: number;

  @ApiPropertyOptional({
    example: 3,
    default: 3,
    description: 'Supplement requests this step may make on one case; past it the step must approve or reject (1–10)',
  })
  @IsOptional()
  @IsNumber(FINITE)
  maxRounds?: number;
}

export class SupervisionDto {
  @ApiPropertyOptional({
    example: 1,
    default: 1,
    description:
      'Working days before the limit that the officer (or the department) and the CIO are warned; 0: no warning',
  })
  @IsOptional()
  @IsNumber(FINITE)
  warnBeforeDays?: number;

  @ApiPropertyOptional({
    example: 2,
    default: 2,
    description: 'Under escalate: working days after the limit that a red card goes to both CIOs',
  })
  @IsOptional()
  @IsNumber(FINITE)
  redAfterDays?: number;
}

export class CertificateValidityDto {
  @ApiPropertyOptional({ example: 5, description: 'Years the certificate is valid from its issue date (1–50)' })
  @IsOptional()
  @IsNumber(FINITE)
  validForYears?: number;

  @ApiPropertyOptional({ example: 365, description: 'Days the certificate is valid from its issue (1–36500)' })
  @IsOptional()
  @IsNumber(FINITE)
  validForDays?: number;
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

  @ApiPropertyOptional({
    type: SupervisionDto,
    description:
      'The supervision ladder: a warning warnBeforeDays before the limit; under escalate a yellow card at it and a red card redAfterDays after it. Defaults: 1 and 2.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SupervisionDto)
  supervision?: SupervisionDto;

  @ApiPropertyOptional({
    type: CertificateValidityDto,
    description:
      'The certificate (电子证照) the department issues when the case is approved: exactly one of validForYears or validForDays. Default: 5 years.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CertificateValidityDto)
  certificate?: CertificateValidityDto;

  @ApiPropertyOptional({
    type: SupplementPolicyDto,
    description:
      'The consolidated supplement notice (一次性告知): collection window windowDays and rounds cap maxRounds. Defaults: 1 and 3.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SupplementPolicyDto)
  supplement?: SupplementPolicyDto;
}

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description:
    'Step config: {timeLimitDays, statutoryLimitDays?, materials, fields, handling, timeoutPolicy, pledge, deferrable, includeWhen?, supervision?, certificate?, supplement?}',
} as const;
