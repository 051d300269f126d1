import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { StepConfig } from '../../../libs/domain';

export class ServiceCodeParamDto {
  @ApiProperty({ example: 'restaurant-opening' })
  @IsString()
  @Length(1, 64)
  code: string;
}

export class ServiceStepDto {
  @ApiProperty({ example: 'business-licence' })
  key: string;

  @ApiProperty({ example: 'market' })
  departmentCode: string;

  @ApiProperty({ type: [String], description: 'Keys of the steps that must be approved first' })
  after: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Step config: {timeLimitDays, statutoryLimitDays?, materials, fields, handling, timeoutPolicy, pledge, deferrable, includeWhen?}',
  })
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

export class ServiceDraftDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  overallLimitDays: number;

  @ApiProperty({ type: [ServiceStepDto] })
  steps: ServiceStepDto[];
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
