import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceEntity } from './service.entity';

export const CONFIG_CHANGE_ACTIONS = ['create_service', 'update_route', 'update_step', 'publish'] as const;
export type ConfigChangeAction = (typeof CONFIG_CHANGE_ACTIONS)[number];

/**
 * The audit trail of service configuration: who changed what, when, and the values before and
 * after. Written in the same transaction as the change itself, and never updated.
 */
@Entity('config_changes')
@Check('config_changes_action_check', `action IN ('create_service','update_route','update_step','publish')`)
// Newest first, per service; and per service and department for a department CIO's view.
@Index('config_changes_service', ['serviceCode', 'at', 'id'])
@Index('config_changes_service_department', ['serviceCode', 'departmentCode', 'at', 'id'])
export class ConfigChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ServiceEntity, { name: 'config_changes_service_fk' })
  @Column({ name: 'service_code', type: 'varchar', length: 64 })
  serviceCode: string;

  /** The step edited; null for changes to the service as a whole (creation, route, publication). */
  @Column({ name: 'step_key', type: 'varchar', length: 64, nullable: true })
  stepKey: string | null;

  /** The department owning `stepKey` when it was edited. */
  @Column({ name: 'department_code', type: 'varchar', length: 32, nullable: true })
  departmentCode: string | null;

  @Column({ type: 'varchar', length: 24 })
  action: ConfigChangeAction;

  /** Username of whoever made the change. */
  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'varchar', length: 16 })
  role: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  /**
   * The revision the change produced: the step's for update_step, the route's for create_service and
   * update_route, and for publish the route revision that was published.
   */
  @Column({ type: 'int', nullable: true })
  revision: number | null;
}
