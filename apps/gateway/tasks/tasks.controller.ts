import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
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
import {
  DecisionRequestDto,
  DecisionResponseDto,
  EligibleOfficerDto,
  EnterpriseRecordDto,
  ReassignRequestDto,
  TaskCountsDto,
  TaskDto,
  TaskPageDto,
  TaskQueueQueryDto,
} from './tasks.dto';
import { TasksService } from './tasks.service';
import { TaskDetailDto } from './task-detail.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Roles('staff', 'dept_cio')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s department queue, oldest first or most urgent first (default: open tasks)' })
  @ApiOkResponse({ type: TaskPageDto })
  queue(@CurrentUser() identity: Identity, @Query() query: TaskQueueQueryDto): Promise<TaskPageDto> {
    return this.tasks.queue(identity, query);
  }

  @Get('counts')
  @ApiOperation({ summary: 'How many tasks of the caller’s queue are in each workbench tab' })
  @ApiOkResponse({ type: TaskCountsDto })
  counts(@CurrentUser() identity: Identity): Promise<TaskCountsDto> {
    return this.tasks.counts(identity);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task of the caller’s department, with the supplement notices of its step' })
  @ApiOkResponse({ type: TaskDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TASK_NOT_FOUND (also for other departments)' })
  get(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<TaskDetailDto> {
    return this.tasks.get(identity, params.id);
  }

  @Get(':id/enterprise-record')
  @ApiOperation({
    summary:
      'The record of the enterprise whose case this task belongs to: failed post-checks of its pledges (告知承诺), on any case, by any department',
  })
  @ApiOkResponse({ type: EnterpriseRecordDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TASK_NOT_FOUND (also for other departments)' })
  enterpriseRecord(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<EnterpriseRecordDto> {
    return this.tasks.enterpriseRecord(identity, params.id);
  }

  @Get(':id/eligible-officers')
  @Roles('dept_cio')
  @ApiOperation({
    summary:
      'The active officers of the department who could take this task, least loaded first, with the tasks each holds now (department CIO)',
  })
  @ApiOkResponse({ type: EligibleOfficerDto, isArray: true })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TASK_NOT_FOUND (also for other departments)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'TASK_NOT_OPEN (not pending, claimed or paused)' })
  eligibleOfficers(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<EligibleOfficerDto[]> {
    return this.tasks.eligibleOfficers(identity, params.id);
  }

  @Post(':id/claim')
  @Roles('staff')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Claim a pending task (idempotent for its holder)' })
  @ApiOkResponse({ type: TaskDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'TASK_OUT_OF_SCOPE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'TASK_ALREADY_CLAIMED, TASK_NOT_OPEN' })
  claim(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<TaskDto> {
    return this.tasks.claim(identity, params.id);
  }

  @Post(':id/release')
  @Roles('staff')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give a claimed task back to the queue' })
  @ApiOkResponse({ type: TaskDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'TASK_OUT_OF_SCOPE, NOT_TASK_ASSIGNEE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'TASK_NOT_CLAIMED, TASK_NOT_OPEN' })
  release(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<TaskDto> {
    return this.tasks.release(identity, params.id);
  }

  @Post(':id/reassign')
  @Roles('dept_cio')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Hand a pending, claimed or paused task to a named officer of the department (department CIO)',
  })
  @ApiOkResponse({ type: TaskDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'TASK_OUT_OF_SCOPE, FORBIDDEN_ROLE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'TASK_NOT_OPEN, ALREADY_ASSIGNED' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'OFFICER_NOT_ELIGIBLE' })
  reassign(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: ReassignRequestDto,
  ): Promise<TaskDto> {
    return this.tasks.reassign(identity, params.id, body);
  }

  @Post(':id/decision')
  @Roles('staff')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Decide the claimed task (approve, reject, request_supplement), or stop its clock (pause with a reason) and run it again (resume); a post_check task takes post_check_pass or post_check_fail',
  })
  @ApiOkResponse({ type: DecisionResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'TASK_OUT_OF_SCOPE, NOT_TASK_ASSIGNEE' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'TASK_NOT_CLAIMED, TASK_NOT_OPEN, STALE_ROUND, ALREADY_DECIDED, STEP_NOT_ACTIVE, STEP_PAUSED, STEP_NOT_PAUSED, APPLICATION_CLOSED',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'FIELD_NOT_FOR_OUTCOME, OUTCOME_NOT_FOR_TASK_KIND, SUPPLEMENT_ITEM_INVALID, NOT_SUPPORTED_FOR_CASE',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'TEMPORAL_UNAVAILABLE' })
  decide(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: DecisionRequestDto,
  ): Promise<DecisionResponseDto> {
    return this.tasks.decide(identity, params.id, body);
  }
}
