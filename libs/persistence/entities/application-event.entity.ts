import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The timeline of an application. `dedupeKey` makes writes from retried activities idempotent. */
@Entity('application_events')
@Index('application_events_timeline', ['applicationId', 'at', 'id'])
export class ApplicationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

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

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  data: Record<string, unknown>;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 300, unique: true })
  dedupeKey: string;
}
