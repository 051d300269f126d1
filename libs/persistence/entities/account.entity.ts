import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EnterpriseEntity } from './enterprise.entity';
import { DepartmentEntity } from './department.entity';

export const ROLES = ['applicant', 'staff', 'dept_cio', 'coord_cio', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('accounts')
@Check('accounts_role_check', `role IN ('applicant','staff','dept_cio','coord_cio','admin')`)
@Check(
  'accounts_scope_check',
  `(role = 'applicant' AND enterprise_id IS NOT NULL) OR (role IN ('staff','dept_cio') AND department_code IS NOT NULL) OR role IN ('coord_cio','admin')`,
)
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 100 })
  passwordHash: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @ForeignKey(() => DepartmentEntity, { name: 'accounts_department_fk' })
  @Column({ name: 'department_code', type: 'varchar', length: 32, nullable: true })
  departmentCode: string | null;

  @ForeignKey(() => EnterpriseEntity, { name: 'accounts_enterprise_fk' })
  @Column({ name: 'enterprise_id', type: 'uuid', nullable: true })
  enterpriseId: string | null;

  /** Staff groups within the department (e.g. 食品安全科); a step's handling.group names one. */
  @Column({ name: 'staff_groups', type: 'varchar', length: 64, array: true, default: () => "'{}'" })
  staffGroups: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
