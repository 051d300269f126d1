import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ServiceVersionEntity } from './service-version.entity';
import { EnterpriseEntity } from './enterprise.entity';
import type { ApplicationStatus } from '../../domain';

export interface FiledMaterial {
  code: string;
  fileId?: string;
  content?: string;
}

/** 办件: one filing by one enterprise. Status is written by the workflow's activities. */
@Entity('applications')
@ForeignKey(() => ServiceVersionEntity, ['serviceCode', 'serviceVersion'], ['serviceCode', 'version'], {
  name: 'applications_version_fk',
})
@Unique('applications_idempotency_key', ['enterpriseId', 'idempotencyKey'])
@Index('applications_enterprise_filed', ['enterpriseId', 'filedAt', 'id'])
// A service's cases in filing order: the XES export and the reports page through them.
@Index('applications_service_filed', ['serviceCode', 'filedAt', 'id'])
export class ApplicationEntity {
  /** Chosen by the gateway before the workflow starts, so a retry finds the same row. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Human-readable, e.g. YB-2026-000123. */
  @Column({ type: 'varchar', length: 32, unique: true })
  number: string;

  @Column({ name: 'service_code', type: 'varchar', length: 64 })
  serviceCode: string;

  @Column({ name: 'service_version', type: 'int' })
  serviceVersion: number;

  @ForeignKey(() => EnterpriseEntity, { name: 'applications_enterprise_fk' })
  @Column({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId: string;

  @Column({ name: 'filed_by', type: 'uuid' })
  filedBy: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 24 })
  status: ApplicationStatus;

  @Column({ type: 'jsonb' })
  form: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  materials: FiledMaterial[];

  // Written without a cast: that is how Postgres reports the default back, so migration:generate sees no change.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  pledges: Record<string, boolean>;

  @Column({ name: 'filed_at', type: 'timestamptz' })
  filedAt: Date;

  /** Set once the workflow is known to exist; the worker's reconciler starts filings where it is null. */
  @Column({ name: 'workflow_started_at', type: 'timestamptz', nullable: true })
  workflowStartedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The overall limit (overallLimitDays) as it stands; moves out while the clock is stopped. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** When the overall clock stopped (nobody in government holds the case); null while it runs. */
  @Column({ name: 'clock_stopped_at', type: 'timestamptz', nullable: true })
  clockStoppedAt: Date | null;

  @Column({ name: 'remaining_working_ms', type: 'bigint', nullable: true })
  remainingWorkingMs: string | null;

  /** When the overall limit passed with the case still open. */
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  /** The workflow numbers its clock changes too, for the same reason. */
  @Column({ name: 'clock_change_number', type: 'int', default: 0 })
  clockChangeNumber: number;

  /** The workflow numbers its status changes; a write older than the last one applied is ignored. */
  @Column({ name: 'status_change_number', type: 'int', default: 0 })
  statusChangeNumber: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
