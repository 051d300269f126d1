import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { ServiceCodeParamDto, ServiceDto } from './services.dto';
import { ServicesService } from './services.service';

@ApiTags('services')
@ApiBearerAuth()
@Controller('services')
export class ServicesController {
  constructor(private readonly services: ServicesService) {}

  @Get()
  @ApiOperation({ summary: 'Services with their published version (and draft, for CIOs)' })
  @ApiOkResponse({ type: ServiceDto, isArray: true })
  list(@CurrentUser() identity: Identity): Promise<ServiceDto[]> {
    return this.services.list(identity);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One service' })
  @ApiOkResponse({ type: ServiceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SERVICE_NOT_FOUND' })
  get(@CurrentUser() identity: Identity, @Param() params: ServiceCodeParamDto): Promise<ServiceDto> {
    return this.services.get(identity, params.code);
  }
}
