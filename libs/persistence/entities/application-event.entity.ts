import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicationEntity } from './application.entity';

/** The timeline of an application. `dedupeKey` makes writes from retried activities idempotent. */
@Entity('application_events')
@Index('application_events_timeline', ['applicationId', 'at', 'id'])
export class ApplicationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ForeignKey(() => ApplicationEntity, { name: 'application_events_application_fk' })
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'varchar', length: 48 })
  type: string;

  @Column({ name: 'step_key', type: 'varchar', length: 64, nullable: true })
  stepKey: string | null;

  @Column({ type: 'int', nullable: true })
  round: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actor: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  // Written without a cast: that is how Postgres reports the default back, so migration:generate sees no change.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 300, unique: true })
  dedupeKey: string;
}
