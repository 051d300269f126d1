import type { ResponseLanguage } from '../common/language.decorator';
import { Injectable } from '@nestjs/common';
import {
  NotificationRepository,
  type NotificationRecord,
} from '../../../libs/persistence/repositories/notification.repository';
import type { Identity } from '../auth/auth.types';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.dto';
import type { NotificationDto, NotificationPageDto, NotificationQueryDto } from './notifications.dto';
import { NotificationsErrors } from './notifications.errors';

/** Each user's inbox. Every read and write is by the caller's own account id. */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationRepository) {}

  async list(
    identity: Identity,
    query: NotificationQueryDto,
    language: ResponseLanguage,
  ): Promise<NotificationPageDto> {
    const after = decodeCursor(query.cursor);
    const [page, unreadCount] = await Promise.all([
      this.notifications.list(identity.userId, {
        unreadOnly: query.unreadOnly ?? false,
        ...(after ? { after } : {}),
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
      this.notifications.unreadCount(identity.userId),
    ]);
    return {
      items: page.items.map((n) => toNotificationDto(n, language)),
      nextCursor: encodeCursor(page.next),
      unreadCount,
    };
  }

  /** Marking read twice is harmless; another user's notification is "not found". */
  async markRead(identity: Identity, id: string, language: ResponseLanguage): Promise<NotificationDto> {
    const notification = await this.notifications.markRead(id, identity.userId);
    if (!notification) throw NotificationsErrors.notFound(id);
    return toNotificationDto(notification, language);
  }
}

function toNotificationDto(notification: NotificationRecord, language: ResponseLanguage): NotificationDto {
  return {
    id: notification.id,
    kind: notification.kind,
    title: language === 'en' ? notification.titleEn : notification.title,
    body: language === 'en' ? notification.bodyEn : notification.body,
    urgent: notification.urgent,
    ...(notification.applicationId ? { applicationId: notification.applicationId } : {}),
    ...(notification.stepKey ? { stepKey: notification.stepKey } : {}),
    createdAt: notification.createdAt,
    readAt: notification.readAt,
  };
}
