import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ServiceDraft } from '../../domain/service/service-draft';

/** A kind of application (事项). Its published versions live in service_versions. */
@Entity('services')
export class ServiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The version new filings use; null until first published. */
  @Column({ name: 'published_version', type: 'int', nullable: true })
  publishedVersion: number | null;

  /**
   * Work in progress for the next version (edited by the coordinating and department CIOs). Null for
   * a service seeded before drafts existed: its first edit starts the draft from the published version.
   */
  @Column({ type: 'jsonb', nullable: true })
  draft: ServiceDraft | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
