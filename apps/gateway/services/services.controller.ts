import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { PageQueryDto } from '../common/pagination.dto';
import { etagOf, IF_MATCH_HEADER, IfMatchRevision, type HeaderSetter } from './services.decorators';
import {
  MergedFormDto,
  ServiceDto,
  VersionDetailDto,
  VersionDiffDto,
  VersionDiffQueryDto,
  VersionParamDto,
  VersionSummaryDto,
} from './services.catalog.dto';
import { ServiceCatalogService } from './services.catalog.service';
import {
  ConfigChangePageDto,
  CreateServiceDto,
  PublishResultDto,
  RouteEditResultDto,
  StepConfigResultDto,
  StepParamDto,
  UpdateServiceDto,
} from './services.drafts.dto';
import { ServiceDraftsService } from './services.drafts.service';
import { ServiceCodeParamDto, StepConfigDto } from './services.dto';

const PRECONDITION_REQUIRED = {
  status: 428,
  type: ErrorResponseDto,
  description: 'PRECONDITION_REQUIRED: no If-Match',
};

@ApiTags('services')
@ApiBearerAuth()
@Controller('services')
export class ServicesController {
  constructor(
    private readonly catalog: ServiceCatalogService,
    private readonly drafts: ServiceDraftsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Services with their published version (and draft, for CIOs)' })
  @ApiOkResponse({ type: ServiceDto, isArray: true })
  list(@CurrentUser() identity: Identity): Promise<ServiceDto[]> {
    return this.catalog.list(identity);
  }

  @Post()
  @Roles('coord_cio')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a service with its route; its steps start unconfigured' })
  @ApiCreatedResponse({ type: ServiceDto, headers: { ETag: { description: 'The route revision, "1"' } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'SERVICE_ALREADY_EXISTS' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'ROUTE_INVALID: details list the problems' })
  async create(
    @CurrentUser() identity: Identity,
    @Body() body: CreateServiceDto,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<ServiceDto> {
    const service = await this.drafts.create(identity, body);
    if (service.draft) response.setHeader('ETag', etagOf(service.draft.routeRevision));
    return service;
  }

  @Get(':code')
  @ApiOperation({ summary: 'One service' })
  @ApiOkResponse({ type: ServiceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  get(@CurrentUser() identity: Identity, @Param() params: ServiceCodeParamDto): Promise<ServiceDto> {
    return this.catalog.get(identity, params.code);
  }

  @Put(':code')
  @Roles('coord_cio')
  @ApiOperation({
    summary: 'Replace the draft’s name, overall limit and route',
    description:
      'Steps that keep their key and department keep their config; a step given to another department starts unconfigured. ' +
      'Cycles, unknown predecessors and unknown departments are saved and listed in `problems`; publishing refuses them.',
  })
  @ApiHeader({ name: IF_MATCH_HEADER, required: true, description: 'The draft’s routeRevision, e.g. "3"' })
  @ApiOkResponse({ type: RouteEditResultDto, headers: { ETag: { description: 'The new route revision' } } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'STALE_REVISION: details.currentRevision' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'ROUTE_INVALID: malformed or duplicate keys' })
  @ApiResponse(PRECONDITION_REQUIRED)
  async updateRoute(
    @CurrentUser() identity: Identity,
    @Param() params: ServiceCodeParamDto,
    @IfMatchRevision() ifMatch: number | undefined,
    @Body() body: UpdateServiceDto,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<RouteEditResultDto> {
    const service = await this.drafts.updateRoute(identity, params.code, ifMatch, body);
    if (service.draft) response.setHeader('ETag', etagOf(service.draft.routeRevision));
    return service;
  }

  @Put(':code/steps/:key')
  @Roles('dept_cio')
  @ApiOperation({ summary: 'Configure a step of your department in the draft' })
  @ApiHeader({ name: IF_MATCH_HEADER, required: true, description: 'The step’s revision, e.g. "1"' })
  @ApiOkResponse({ type: StepConfigResultDto, headers: { ETag: { description: 'The step’s new revision' } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: malformed config' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, STEP_OWNED_BY_OTHER_DEPARTMENT' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND, SERVICE_STEP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'STALE_REVISION: details.currentRevision' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'STEP_CONFIG_INVALID: details list the problems',
  })
  @ApiResponse(PRECONDITION_REQUIRED)
  async configureStep(
    @CurrentUser() identity: Identity,
    @Param() params: StepParamDto,
    @IfMatchRevision() ifMatch: number | undefined,
    @Body() body: StepConfigDto,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<StepConfigResultDto> {
    const result = await this.drafts.configureStep(identity, params.code, params.key, ifMatch, body);
    response.setHeader('ETag', etagOf(result.revision));
    return result;
  }

  @Post(':code/publish')
  @Roles('coord_cio')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Validate the whole draft and publish it as the next immutable version' })
  @ApiCreatedResponse({ type: PublishResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'PUBLISH_VALIDATION_FAILED: details list every problem as {path, message}',
  })
  publish(@CurrentUser() identity: Identity, @Param() params: ServiceCodeParamDto): Promise<PublishResultDto> {
    return this.drafts.publish(identity, params.code);
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'Published versions, oldest first' })
  @ApiOkResponse({ type: VersionSummaryDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  versions(@CurrentUser() identity: Identity, @Param() params: ServiceCodeParamDto): Promise<VersionSummaryDto[]> {
    return this.catalog.versions(identity, params.code);
  }

  @Get(':code/versions/:n')
  @ApiOperation({ summary: 'One published version: route and every step config' })
  @ApiOkResponse({ type: VersionDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND, VERSION_NOT_FOUND' })
  version(@CurrentUser() identity: Identity, @Param() params: VersionParamDto): Promise<VersionDetailDto> {
    return this.catalog.version(identity, params.code, params.n);
  }

  @Get(':code/versions/:n/form')
  @ApiOperation({
    summary:
      'The merged application form of a version (一表申请): every field and material once, and the conditional steps',
  })
  @ApiOkResponse({ type: MergedFormDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND, VERSION_NOT_FOUND' })
  form(@CurrentUser() identity: Identity, @Param() params: VersionParamDto): Promise<MergedFormDto> {
    return this.catalog.form(identity, params.code, params.n);
  }

  @Get(':code/versions/:n/diff')
  @ApiOperation({ summary: 'What changed from version `against` (default n − 1) to version n' })
  @ApiOkResponse({ type: VersionDiffDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND, VERSION_NOT_FOUND' })
  diff(
    @CurrentUser() identity: Identity,
    @Param() params: VersionParamDto,
    @Query() query: VersionDiffQueryDto,
  ): Promise<VersionDiffDto> {
    return this.catalog.diff(identity, params.code, params.n, query.against);
  }

  @Get(':code/changes')
  @Roles('coord_cio', 'dept_cio')
  @ApiOperation({
    summary: 'Configuration audit trail, newest first (a department CIO sees edits of its department’s steps)',
  })
  @ApiOkResponse({ type: ConfigChangePageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  changes(
    @CurrentUser() identity: Identity,
    @Param() params: ServiceCodeParamDto,
    @Query() query: PageQueryDto,
  ): Promise<ConfigChangePageDto> {
    return this.drafts.changes(identity, params.code, query);
  }
}
