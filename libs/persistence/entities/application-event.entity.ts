import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from './application.entity';

/**
 * The append-only event log of an application (kinds: APPLICATION_EVENT_KINDS). `dedupeKey` makes
 * writes from retried activities idempotent. The actor is copied, not referenced, so the log keeps
 * saying who acted even after an account changes department or role.
 */
@Entity('application_events')
@Index('application_events_timeline', ['applicationId', 'at', 'id'])
export class ApplicationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ForeignKey(() => ApplicationEntity, { name: 'application_events_application_fk' })
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'varchar', length: 48 })
  kind: string;

  @Column({ name: 'step_key', type: 'varchar', length: 64, nullable: true })
  stepKey: string | null;

  @Column({ type: 'int', nullable: true })
  round: number | null;

  /** Null for the system (timers, the route moving on). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64, nullable: true })
  actorUsername: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole: string | null;

  @Column({ name: 'actor_department', type: 'varchar', length: 32, nullable: true })
  actorDepartment: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  // Written without a cast: that is how Postgres reports the default back, so migration:generate sees no change.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 300, unique: true })
  dedupeKey: string;
}
