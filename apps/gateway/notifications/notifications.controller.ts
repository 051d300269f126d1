import {
  Controller,
  createParamDecorator,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import { ErrorResponseDto } from '../common/error-response.dto';
import { IdParamDto } from '../common/pagination.dto';
import { NotificationDto, NotificationPageDto, NotificationQueryDto } from './notifications.dto';
import { inboxLanguage, NotificationsService, type InboxLanguage } from './notifications.service';

/** The inbox language from Accept-Language (documented once by @ApiHeader, optional). */
const Language = createParamDecorator((_data: unknown, context: ExecutionContext): InboxLanguage => {
  const header: unknown = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'accept-language'
  ];
  return inboxLanguage(typeof header === 'string' ? header : undefined);
});

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
    @Language() language: InboxLanguage,
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
    @Language() language: InboxLanguage,
  ): Promise<NotificationDto> {
    return this.notifications.markRead(identity, params.id, language);
  }
}
