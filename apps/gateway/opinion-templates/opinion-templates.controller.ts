import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { IdParamDto } from '../common/pagination.dto';
import { OpinionTemplateTextDto, OpinionTemplateDto } from './opinion-templates.dto';
import { OpinionTemplatesService } from './opinion-templates.service';

@ApiTags('opinion-templates')
@ApiBearerAuth()
@Controller('opinion-templates')
export class OpinionTemplatesController {
  constructor(private readonly templates: OpinionTemplatesService) {}

  @Get()
  @Roles('staff', 'dept_cio')
  @ApiOperation({ summary: 'The common opinion phrases of the caller’s department' })
  @ApiOkResponse({ type: OpinionTemplateDto, isArray: true })
  list(@CurrentUser() identity: Identity): Promise<OpinionTemplateDto[]> {
    return this.templates.list(identity);
  }

  @Post()
  @Roles('dept_cio')
  @ApiOperation({ summary: 'Add a phrase to the department’s list (department CIO)' })
  @ApiCreatedResponse({ type: OpinionTemplateDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'OPINION_TEMPLATE_DUPLICATE' })
  add(@CurrentUser() identity: Identity, @Body() body: OpinionTemplateTextDto): Promise<OpinionTemplateDto> {
    return this.templates.add(identity, body.text);
  }

  @Put(':id')
  @Roles('dept_cio')
  @ApiOperation({
    summary: 'Change the words of a phrase of the department, keeping its place in the list (department CIO)',
  })
  @ApiOkResponse({ type: OpinionTemplateDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, OPINION_TEMPLATE_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'OPINION_TEMPLATE_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'OPINION_TEMPLATE_DUPLICATE' })
  update(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Body() body: OpinionTemplateTextDto,
  ): Promise<OpinionTemplateDto> {
    return this.templates.update(identity, params.id, body.text);
  }

  @Delete(':id')
  @Roles('dept_cio')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a phrase of the department (department CIO)' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, OPINION_TEMPLATE_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'OPINION_TEMPLATE_NOT_FOUND' })
  remove(@CurrentUser() identity: Identity, @Param() params: IdParamDto): Promise<void> {
    return this.templates.remove(identity, params.id);
  }
}
