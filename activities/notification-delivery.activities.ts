import type { NotificationRepository } from '../libs/persistence/repositories/notification.repository';

export interface NotificationDeliveryDeps {
  notifications: NotificationRepository;
  /** NOTIFY_WEBHOOK_URL; undefined: no webhook, nothing to deliver. */
  webhookUrl?: string;
  /** Per-request time limit. */
  timeoutMs?: number;
}

/**
 * POSTs inbox notifications to the configured webhook. Called by the workflow as an activity with a
 * retry policy (back-off between attempts), so a worker crash or a receiver outage loses nothing:
 * the attempt is retried, and notifications the receiver already accepted are skipped. A crash
 * between the receiver's answer and our record of it can send one twice, so every body carries an
 * `idempotencyId` (also sent as the Idempotency-Key header) for the receiver to drop repeats by.
 */
export function createNotificationDeliveryActivities({
  notifications,
  webhookUrl,
  timeoutMs = 10_000,
}: NotificationDeliveryDeps) {
  return {
    async deliverNotifications(input: { notificationIds: string[] }): Promise<{ delivered: number }> {
      if (!webhookUrl) return { delivered: 0 };
      const pending = await notifications.forDelivery(input.notificationIds);
      const failures: string[] = [];
      let delivered = 0;
      for (const notification of pending) {
        const body = {
          idempotencyId: notification.id,
          kind: notification.kind,
          title: notification.title,
          body: notification.body,
          titleEn: notification.titleEn,
          bodyEn: notification.bodyEn,
          urgent: notification.urgent,
          applicationId: notification.applicationId,
          applicationNumber: notification.applicationNumber,
          stepKey: notification.stepKey,
          recipient: notification.recipient,
          createdAt: new Date(notification.createdAt).toISOString(),
        };
        try {
          const response = await fetch(webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': notification.id },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
          });
          if (!response.ok) throw new Error(`the webhook answered ${response.status} ${response.statusText}`);
          await notifications.markDelivered(notification.id);
          delivered += 1;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await notifications.recordFailedAttempt(notification.id, message);
          failures.push(`${notification.id}: ${message}`);
        }
      }
      // Failing the attempt makes Temporal retry it with back-off; the delivered ones are skipped then.
      if (failures.length > 0) throw new Error(`webhook delivery failed for ${failures.join('; ')}`);
      return { delivered };
    },
  };
}

export type NotificationDeliveryActivities = ReturnType<typeof createNotificationDeliveryActivities>;
