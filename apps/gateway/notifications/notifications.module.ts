import { Module } from '@nestjs/common';
import { NotificationRepository } from '../../../libs/persistence/repositories/notification.repository';
import { repositoryProvider } from '../infrastructure/database.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, repositoryProvider(NotificationRepository)],
})
export class NotificationsModule {}
