import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ServiceEntity } from './service.entity';
import type { ServiceVersionSnapshot } from '../../domain';

/** Immutable: rows are inserted on publish and never updated. */
@Entity('service_versions')
export class ServiceVersionEntity {
  @ForeignKey(() => ServiceEntity, { name: 'service_versions_service_fk' })
  @PrimaryColumn({ name: 'service_code', type: 'varchar', length: 64 })
  serviceCode: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  snapshot: ServiceVersionSnapshot;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'varchar', length: 64 })
  publishedBy: string;
}
