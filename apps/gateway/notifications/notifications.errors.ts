import { GatewayError } from '../common/gateway.error';

export enum NotificationsErrorCode {
  /** Missing, or someone else's: an inbox does not reveal others. */
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
}

export const NotificationsErrors = {
  notFound: (id: string) =>
    new GatewayError(NotificationsErrorCode.NotificationNotFound, `Notification ${id} not found`, {
      notificationId: id,
    }),
};
