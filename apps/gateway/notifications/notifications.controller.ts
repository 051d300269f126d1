import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { Language, type ResponseLanguage } from '../common/language.decorator';
import { IdParamDto } from '../common/pagination.dto';
import { NotificationDto, NotificationPageDto, NotificationQueryDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'en for English; Chinese otherwise' })
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s inbox, newest first, with the unread count' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(
    @CurrentUser() identity: Identity,
    @Query() query: NotificationQueryDto,
    @Language() language: ResponseLanguage,
  ): Promise<NotificationPageDto> {
    return this.notifications.list(identity, query, language);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'NOTIFICATION_NOT_FOUND (also someone else’s)' })
  markRead(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Language() language: ResponseLanguage,
  ): Promise<NotificationDto> {
    return this.notifications.markRead(identity, params.id, language);
  }
}
