import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { IdParamDto } from '../common/pagination.dto';
import {
  AnswerRatingDto,
  ApplicationRatingsDto,
  RateDepartmentDto,
  RatingDto,
  RatingPageDto,
  RatingQueryDto,
} from './ratings.dto';
import { RatingsService } from './ratings.service';

@ApiTags('ratings')
@ApiBearerAuth()
@Controller()
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post('applications/:id/ratings')
  @Roles('applicant')
  @ApiOperation({
    summary: 'Rate a department of an ended case (好差评), once; a score of 1 or 2 opens a follow-up for its CIO',
  })
  @ApiCreatedResponse({ type: RatingDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (departmentCode, score, comment)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'RATING_EXISTS' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'RATING_CASE_NOT_ENDED, RATING_DEPARTMENT_NOT_ON_CASE',
  })
  rate(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: RateDepartmentDto,
  ): Promise<RatingDto> {
    return this.ratings.rate(identity, params.id, body);
  }

  @Get('applications/:id/ratings')
  @Roles('applicant', 'staff', 'dept_cio', 'coord_cio', 'admin')
  @ApiOperation({ summary: 'The ratings of a case with the CIOs’ answers, and the departments not rated yet' })
  @ApiOkResponse({ type: ApplicationRatingsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND' })
  forApplication(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<ApplicationRatingsDto> {
    return this.ratings.forApplication(identity, params.id);
  }

  @Get('ratings')
  @Roles('dept_cio', 'coord_cio')
  @ApiOperation({ summary: 'Ratings, newest first: every department (coordinating CIO) or the CIO’s own' })
  @ApiOkResponse({ type: RatingPageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, RATING_OUT_OF_SCOPE' })
  list(@CurrentUser() identity: Identity, @Query() query: RatingQueryDto): Promise<RatingPageDto> {
    return this.ratings.list(identity, query);
  }

  @Post('ratings/:id/answer')
  @Roles('dept_cio')
  @ApiOperation({ summary: 'Answer a low rating of the department (department CIO), once; the enterprise is told' })
  @ApiCreatedResponse({ type: RatingDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, RATING_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RATING_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'RATING_ALREADY_ANSWERED' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'RATING_NO_FOLLOW_UP' })
  answer(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: AnswerRatingDto,
  ): Promise<RatingDto> {
    return this.ratings.answer(identity, params.id, body.answer);
  }
}
