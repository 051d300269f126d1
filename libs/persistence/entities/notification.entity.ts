import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { ApplicationEntity } from './application.entity';

/**
 * One message in one user's in-app inbox (warnings, cards, deemed approvals, urges). Written by the
 * workflow's activities in the same transaction as the event it reports; `dedupeKey` (event +
 * recipient) keeps a retried activity from notifying twice. Text is kept in both languages.
 */
@Entity('notifications')
@Index('notifications_inbox', ['recipientId', 'createdAt', 'id'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => AccountEntity, { name: 'notifications_recipient_fk' })
  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'title_en', type: 'varchar', length: 300 })
  titleEn: string;

  @Column({ name: 'body_en', type: 'text' })
  bodyEn: string;

  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  @ForeignKey(() => ApplicationEntity, { name: 'notifications_application_fk' })
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  @Column({ name: 'step_key', type: 'varchar', length: 64, nullable: true })
  stepKey: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 300, unique: true })
  dedupeKey: string;

  /** Webhook delivery (NOTIFY_WEBHOOK_URL): when it was accepted, how many attempts, the last error. */
  @Column({ name: 'webhook_delivered_at', type: 'timestamptz', nullable: true })
  webhookDeliveredAt: Date | null;

  @Column({ name: 'webhook_attempts', type: 'int', default: 0 })
  webhookAttempts: number;

  @Column({ name: 'webhook_last_error', type: 'text', nullable: true })
  webhookLastError: string | null;
}
