import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { Condition, StepConfig } from '../../../libs/domain';
import { CONFIG_SCHEMA, FormFieldDto, MaterialDto, ServiceCodeParamDto } from './services.dto';

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
