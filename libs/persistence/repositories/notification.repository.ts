import type { DataSource } from 'typeorm';
import {
  fullPrecisionTimestamp,
  sqlRow,
  sqlRows,
  toKeysetPage,
  type KeysetPage,
  type KeysetPosition,
} from './sql.helpers';

export interface NotificationRecord {
  id: string;
  kind: string;
  title: string;
  body: string;
  titleEn: string;
  bodyEn: string;
  urgent: boolean;
  applicationId: string | null;
  stepKey: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A notification as the webhook receives it: with its recipient and case number. */
export interface NotificationForDelivery extends NotificationRecord {
  recipient: { id: string; username: string; role: string; departmentCode: string | null };
  applicationNumber: string | null;
}

const COLUMNS = `
  n.id AS "id", n.kind AS "kind", n.title AS "title", n.body AS "body", n.title_en AS "titleEn",
  n.body_en AS "bodyEn", n.urgent AS "urgent", n.application_id AS "applicationId",
  n.step_key AS "stepKey", n.created_at AS "createdAt", n.read_at AS "readAt"`;

/** The inbox: every query is scoped to one recipient, so nobody reads another's notifications. */
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paginated by (created_at, id) descending. */
  async list(
    recipientId: string,
    page: { unreadOnly: boolean; after?: KeysetPosition; limit: number },
  ): Promise<KeysetPage<NotificationRecord & { position: string }>> {
    const rows = await sqlRows<NotificationRecord & { position: string }>(
      this.dataSource,
      `SELECT ${COLUMNS}, ${fullPrecisionTimestamp('n.created_at')} AS "position"
         FROM notifications n
        WHERE n.recipient_id = $1
          AND (NOT $2 OR n.read_at IS NULL)
          AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3::timestamptz, $4::uuid))
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $5`,
      [recipientId, page.unreadOnly, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
    );
    return toKeysetPage(rows, page.limit);
  }

  async unreadCount(recipientId: string): Promise<number> {
    const row = await sqlRow<{ count: number }>(
      this.dataSource,
      `SELECT count(*)::int AS "count" FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [recipientId],
    );
    return row?.count ?? 0;
  }

  /** Marks one of the recipient's notifications read (the first time only); null when it is not theirs. */
  async markRead(id: string, recipientId: string): Promise<NotificationRecord | null> {
    await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE id = $1 AND recipient_id = $2 AND read_at IS NULL`,
      [id, recipientId],
    );
    return sqlRow<NotificationRecord>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM notifications n WHERE n.id = $1 AND n.recipient_id = $2`,
      [id, recipientId],
    );
  }

  /** Those of `ids` the webhook has not accepted yet. */
  forDelivery(ids: readonly string[]): Promise<NotificationForDelivery[]> {
    return sqlRows<NotificationForDelivery>(
      this.dataSource,
      `SELECT ${COLUMNS}, a.number AS "applicationNumber",
              json_build_object('id', r.id, 'username', r.username, 'role', r.role, 'departmentCode', r.department_code) AS "recipient"
         FROM notifications n
         JOIN accounts r ON r.id = n.recipient_id
         LEFT JOIN applications a ON a.id = n.application_id
        WHERE n.id = ANY($1::uuid[]) AND n.webhook_delivered_at IS NULL
        ORDER BY n.created_at, n.id`,
      [ids],
    );
  }

  async markDelivered(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET webhook_delivered_at = now(), webhook_attempts = webhook_attempts + 1,
              webhook_last_error = NULL
        WHERE id = $1 AND webhook_delivered_at IS NULL`,
      [id],
    );
  }

  async recordFailedAttempt(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET webhook_attempts = webhook_attempts + 1, webhook_last_error = $2 WHERE id = $1`,
      [id, error.slice(0, 2000)],
    );
  }
}
