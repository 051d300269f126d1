import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { IdParamDto } from '../common/pagination.dto';
import { UploadedFileDto, UploadFileDto } from './files.dto';
import { FilesService, type ReceivedFile } from './files.service';
import { UploadLengthGuard, UploadSettleInterceptor } from './files.upload';

interface HeaderSetter {
  setHeader(name: string, value: string): void;
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @Roles('applicant')
  @HttpCode(HttpStatus.CREATED)
  @UseGuards(UploadLengthGuard)
  // Outer first: it sees what multer (inside FileInterceptor), the pipes and the service refuse.
  @UseInterceptors(UploadSettleInterceptor, FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a material file (multipart: file, serviceCode, materialCode); refer to it by id when filing',
    description:
      'The type is detected from the bytes and must be one of the material’s fileTypes (default pdf, jpg, png, docx, xlsx); ' +
      'the size must be within its maxBytes and FILE_MAX_BYTES. A name with a path, control characters or a drive letter is refused.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'serviceCode', 'materialCode'],
      properties: {
        file: { type: 'string', format: 'binary' },
        serviceCode: { type: 'string', example: 'restaurant-opening' },
        materialCode: { type: 'string', example: 'floor-plan' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadedFileDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (no file, no serviceCode …)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'FILE_TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'FILE_TYPE_NOT_ALLOWED' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'FILE_EMPTY, FILE_NAME_INVALID, FILE_MATERIAL_UNKNOWN, FILE_SERVICE_NOT_PUBLISHED',
  })
  upload(
    @CurrentUser() identity: Identity,
    @Body() body: UploadFileDto,
    @UploadedFile() file: ReceivedFile | undefined,
  ): Promise<UploadedFileDto> {
    return this.files.upload(identity, body, file);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'Download a material file: its enterprise; departments whose steps ask for it on a case they hold; coord_cio, admin',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with the detected Content-Type and the original name' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'FILE_NOT_FOUND (also outside your scope)' })
  async download(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<StreamableFile> {
    const { file, content } = await this.files.download(identity, params.id);
    // Never rendered in the browser as a page of this origin, whatever the bytes are.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(content, {
      type: file.contentType,
      length: file.size,
      disposition: contentDisposition(file.name),
    });
  }
}
