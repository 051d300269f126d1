import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { IdParamDto } from '../common/pagination.dto';
import { UrgeDto } from '../tasks/tasks.dto';
import { StepParamsDto } from './applications.params';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from './applications.decorators';
import {
  ApplicationDetailDto,
  ApplicationEventsDto,
  UrgeRequestDto,
  ApplicationPageDto,
  ApplicationProgressDto,
  FileApplicationDto,
  FiledApplicationDto,
  DeferredMaterialDto,
  NoticeDto,
  SupplementRequestDto,
  SupplyMaterialRequestDto,
  WithdrawRequestDto,
  ApplicationListQueryDto,
} from './applications.dto';
import { ApplicationsService } from './applications.service';

/** The slice of the HTTP response needed to choose a status while Nest still serializes the body. */
interface StatusSetter {
  status(code: number): unknown;
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Roles('applicant')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'File an application (办件); the same Idempotency-Key returns the same application' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: true, description: '1–200 characters, unique per filing' })
  @ApiCreatedResponse({ type: FiledApplicationDto, description: 'Filed' })
  @ApiOkResponse({ type: FiledApplicationDto, description: 'Replay of an earlier request with the same key' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'IDEMPOTENCY_KEY_REUSED' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_PUBLISHED' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Retry with the same key' })
  async file(
    @CurrentUser() identity: Identity,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: FileApplicationDto,
    @Res({ passthrough: true }) response: StatusSetter,
  ): Promise<FiledApplicationDto> {
    const result = await this.applications.file(identity, idempotencyKey, body);
    if (result.replayed) response.status(HttpStatus.OK);
    return result.application;
  }

  @Get()
  @ApiOperation({ summary: 'Applications in the caller’s scope, newest first' })
  @ApiOkResponse({ type: ApplicationPageDto })
  list(@CurrentUser() identity: Identity, @Query() query: ApplicationListQueryDto): Promise<ApplicationPageDto> {
    return this.applications.list(identity, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress of one application: steps and timeline' })
  @ApiOkResponse({ type: ApplicationDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND (also outside your scope)' })
  get(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<ApplicationDetailDto> {
    return this.applications.get(identity, params.id);
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'The case’s event log, oldest first: every fact with its actor, step and round (scoped like the case)',
  })
  @ApiOkResponse({ type: ApplicationEventsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND (also outside your scope)' })
  events(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<ApplicationEventsDto> {
    return this.applications.events(identity, params.id);
  }

  @Post(':id/steps/:key/urge')
  @Roles('coord_cio')
  @ApiOperation({ summary: 'Urge (督办) the department holding an open step; told to its officer and CIO' })
  @ApiCreatedResponse({ type: UrgeDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND, STEP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'STEP_NOT_OPEN, APPLICATION_CLOSED' })
  urge(
    @CurrentUser() identity: Identity,
    @Param() params: StepParamsDto,
    @Body() body: UrgeRequestDto,
  ): Promise<UrgeDto> {
    return this.applications.urge(identity, params.id, params.key, body.message);
  }

  @Get(':id/notices')
  @ApiOperation({
    summary:
      'The case’s consolidated supplement notices (一次性告知), oldest first: every item with the department that asked',
  })
  @ApiOkResponse({ type: [NoticeDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND (also outside your scope)' })
  notices(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<NoticeDto[]> {
    return this.applications.listNotices(identity, params.id);
  }

  @Post(':id/supplements')
  @Roles('applicant')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Answer the consolidated supplement notice (一次性告知) once: form changes, files and a note; each asking step gets a new round',
  })
  @ApiOkResponse({ type: ApplicationProgressDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'APPLICATION_NOT_FOUND, NOTICE_NOT_FOUND, FILE_NOT_FOUND',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'APPLICATION_CLOSED, NOTICE_ALREADY_ANSWERED, NOTICE_NOT_ISSUED',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'SUPPLEMENT_ANSWER_INVALID, NOT_AWAITING_APPLICANT',
  })
  supplySupplement(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: SupplementRequestDto,
  ): Promise<ApplicationProgressDto> {
    return this.applications.supplySupplement(identity, params.id, body);
  }

  @Post(':id/materials')
  @Roles('applicant')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Supply a material deferred at filing (容缺受理) with an uploaded file; the same file again answers the same, changing nothing',
  })
  @ApiOkResponse({ type: DeferredMaterialDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'APPLICATION_NOT_FOUND, FILE_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'APPLICATION_CLOSED (e.g. terminated at the deadline), MATERIAL_ALREADY_SUPPLIED (another file)',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'MATERIAL_SUPPLY_INVALID: not deferred on this case, or the file does not fit the material',
  })
  supplyMaterial(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: SupplyMaterialRequestDto,
  ): Promise<DeferredMaterialDto> {
    return this.applications.supplyMaterial(identity, params.id, body.code, body.fileId);
  }

  @Post(':id/withdraw')
  @Roles('applicant')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw the application; open tasks are cancelled' })
  @ApiOkResponse({ type: ApplicationProgressDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'APPLICATION_CLOSED' })
  withdraw(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: WithdrawRequestDto,
  ): Promise<ApplicationProgressDto> {
    return this.applications.withdraw(identity, params.id, body.reason);
  }
}
