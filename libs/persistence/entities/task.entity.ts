import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DepartmentEntity } from './department.entity';
import { ApplicationEntity } from './application.entity';
import type {
  Card,
  DecisionBasis,
  DecisionOutcome,
  PauseReason,
  PostCheckOutcome,
  TaskKind,
  TaskStatus,
  Urge,
} from '../../domain';

export interface TaskApproval {
  username: string;
  opinion: string;
  at: string;
}

/** 待办: one activation of one step for one application; a new row per review round. */
@Entity('tasks')
// A post-check shares the number of the pledged round it checks: the kind tells the two rows apart.
@Unique('tasks_application_step_round', ['applicationId', 'stepKey', 'round', 'kind'])
// The department queue: filter by department and status, keyset-paginate by (created_at, id).
@Index('tasks_queue', ['departmentCode', 'status', 'createdAt', 'id'])
@Index('tasks_application', ['applicationId'])
// The stuck-cases report: open tasks waiting on a department, longest waiting first, for the whole
// province and for one department. Partial, so they hold only the open part of a growing table.
@Index('tasks_waiting', ['createdAt', 'id'], { where: "status IN ('pending', 'claimed', 'paused')" })
@Index('tasks_waiting_on_department', ['departmentCode', 'createdAt', 'id'], {
  where: "status IN ('pending', 'claimed', 'paused')",
})
// The workbench's open tab (several statuses at once), oldest first, without the closed history.
@Index('tasks_open_queue', ['departmentCode', 'createdAt', 'id'], {
  where: "status IN ('pending', 'claimed', 'paused', 'awaiting_applicant')",
})
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ApplicationEntity, { name: 'tasks_application_fk' })
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'application_number', type: 'varchar', length: 32 })
  applicationNumber: string;

  @Column({ name: 'enterprise_name', type: 'varchar', length: 200 })
  enterpriseName: string;

  @Column({ name: 'service_code', type: 'varchar', length: 64 })
  serviceCode: string;

  @Column({ name: 'step_key', type: 'varchar', length: 64 })
  stepKey: string;

  @ForeignKey(() => DepartmentEntity, { name: 'tasks_department_fk' })
  @Column({ name: 'department_code', type: 'varchar', length: 32 })
  departmentCode: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'varchar', length: 24 })
  status: TaskStatus;

  /** The staff group of the department that handles the step (its handling.group); null: anyone in it. */
  @Column({ name: 'handling_group', type: 'varchar', length: 64, nullable: true })
  handlingGroup: string | null;

  /** Username of the officer who claimed it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  assignee: string | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome: DecisionOutcome | PostCheckOutcome | null;

  @Column({ type: 'text', nullable: true })
  opinion: string | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  /** Reviewers who approved this round before the last one (a step may need several). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  approvals: TaskApproval[];

  /** The first claim of this task; claimed_at is the current holder's and is cleared on release. */
  @Column({ name: 'first_claimed_at', type: 'timestamptz', nullable: true })
  firstClaimedAt: Date | null;

  /** When the step's clock stopped (paused, or waiting on the applicant); null while it runs. */
  @Column({ name: 'clock_stopped_at', type: 'timestamptz', nullable: true })
  clockStoppedAt: Date | null;

  /** Working time left on the limit when the clock stopped, in ms of working time. */
  @Column({ name: 'remaining_working_ms', type: 'bigint', nullable: true })
  remainingWorkingMs: string | null;

  @Column({ name: 'pause_reason', type: 'varchar', length: 24, nullable: true })
  pauseReason: PauseReason | null;

  /** Supervision cards issued on this task's round ({level, at}). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  cards: Card[];

  /** The coordinating CIO's urges on this task ({id, at, message, by}). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  urges: Urge[];

  /** What the decision rests on; null until decided. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  basis: DecisionBasis | null;

  /** review: a round of the step's review (route work); post_check: the check of a pledge after approval. */
  @Column({ type: 'varchar', length: 16, default: 'review' })
  kind: TaskKind;
}
