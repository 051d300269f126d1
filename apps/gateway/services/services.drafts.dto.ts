import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PROBLEM_RULE_CODES, type ProblemRule, type StepConfig } from '../../../libs/domain';
import { CONFIG_CHANGE_ACTIONS, type ConfigChangeAction } from '../../../libs/persistence/entities';
import { ServiceDto } from './services.catalog.dto';
import { CONFIG_SCHEMA, ServiceCodeParamDto } from './services.dto';
import { NotBlank, withRule } from '../common/request-problems';

export const SERVICE_CODE_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;

export class StepParamDto extends ServiceCodeParamDto {
  @ApiProperty({ example: 'health-permit' })
  @IsString()
  @Length(1, 64)
  key: string;
}

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
  @NotBlank()
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
  @Matches(SERVICE_CODE_PATTERN, withRule('SERVICE_CODE_FORMAT'))
  code: string;
}

/** A problem as the validators report it; the same shape is the `details` of a 422. */
export class ProblemDto {
  @ApiProperty({ example: 'steps.health-permit.config.fields[0].key' })
  path: string;

  @ApiProperty({
    enum: PROBLEM_RULE_CODES,
    enumName: 'ProblemRule',
    example: 'DUPLICATE_FIELD_KEY',
    description: 'Stable code of the rule broken: show `message` in English, or translate the rule with `params`',
  })
  rule: ProblemRule;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    example: { key: 'seating_area_m2', first: 'fields[0]' },
    description: 'The values in the sentence, by name',
  })
  params: Record<string, string | number>;

  @ApiProperty({ example: 'duplicate field key "seating_area_m2" (also fields[0])' })
  message: string;
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
