import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import {
  RATING_ANSWER_MAX_LENGTH,
  RATING_COMMENT_MAX_LENGTH,
  RATING_MAX_SCORE,
  RATING_MIN_SCORE,
} from '../../../libs/domain';
import { PageQueryDto } from '../common/pagination.dto';
import { NotBlank } from '../common/request-problems';

/** The enterprise's rating of one department on an ended case. */
export class RateDepartmentDto {
  @ApiProperty({ maxLength: 32, example: 'market', description: 'A department that had a step on the case' })
  @IsString()
  @Length(1, 32)
  departmentCode: string;

  @ApiProperty({ minimum: RATING_MIN_SCORE, maximum: RATING_MAX_SCORE, description: '1 (very poor) … 5 (very good)' })
  @IsInt()
  @Min(RATING_MIN_SCORE)
  @Max(RATING_MAX_SCORE)
  score: number;

  @ApiPropertyOptional({ maxLength: RATING_COMMENT_MAX_LENGTH, description: 'Stored without surrounding spaces' })
  @IsOptional()
  @IsString()
  @MaxLength(RATING_COMMENT_MAX_LENGTH)
  comment?: string;
}

/** The department CIO's answer to a low rating. */
export class AnswerRatingDto {
  @ApiProperty({ minLength: 1, maxLength: RATING_ANSWER_MAX_LENGTH, description: 'Not blank; shown to the enterprise' })
  @IsString()
  @Length(1, RATING_ANSWER_MAX_LENGTH)
  @NotBlank()
  answer: string;
}

export class RatingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: 32,
    description: 'One department (coordinating CIO: any; department CIO: only its own, which is the default)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  departmentCode?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Only low ratings still awaiting an answer' })
  @IsOptional()
  // Query strings are text: only "true" and "false" are booleans here; anything else fails @IsBoolean.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  awaitingAnswer?: boolean;
}

export class RatingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty() applicationNumber: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ minimum: RATING_MIN_SCORE, maximum: RATING_MAX_SCORE }) score: number;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ description: 'A low score (1 or 2): the department CIO must answer it' }) followUp: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The department CIO’s answer' }) answer: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt: Date | null;
}

export class RatingPageDto {
  @ApiProperty({ type: [RatingDto], description: 'Newest first' })
  items: RatingDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;
}

/** The case's ratings and the departments the enterprise may still rate. */
export class ApplicationRatingsDto {
  @ApiProperty({ description: 'Whether the case has ended, so that it may be rated' }) rateable: boolean;
  @ApiProperty({ type: [String], description: 'Departments that had a step on the case and are not rated yet' })
  unrated: string[];
  @ApiProperty({ type: [RatingDto] }) ratings: RatingDto[];
}
