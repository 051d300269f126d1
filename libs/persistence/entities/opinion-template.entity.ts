import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DepartmentEntity } from './department.entity';

/**
 * A common phrase (常用语) of a department's review opinions. Its CIO keeps the list; the officers
 * pick from it when they write an opinion. The same text once per department.
 */
@Entity('opinion_templates')
@Unique('opinion_templates_department_text', ['departmentCode', 'text'])
export class OpinionTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => DepartmentEntity, { name: 'opinion_templates_department_fk' })
  @Column({ name: 'department_code', type: 'varchar', length: 32 })
  departmentCode: string;

  @Column({ type: 'varchar', length: 500 })
  text: string;

  /** Username of the CIO who added it (`seed` for the demo phrases). */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
