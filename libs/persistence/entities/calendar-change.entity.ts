import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CalendarDayKind } from '../../domain';

/** What a calendar day looked like before or after a change. */
export interface CalendarDayState {
  kind: CalendarDayKind;
  name: string;
  source: string;
}

/**
 * Every change an admin made to the working-day calendar: who, when, before and after (null when
 * the day had, or got, no entry). Append-only. The official-calendar seed also reads it: a date an
 * admin has touched is never rewritten from the package again.
 */
@Entity('calendar_changes')
@Check('calendar_changes_action_check', `action IN ('put','delete')`)
@Index('calendar_changes_date', ['date', 'changedAt'])
export class CalendarChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 16 })
  action: 'put' | 'delete';

  @Column({ type: 'jsonb', nullable: true })
  before: CalendarDayState | null;

  @Column({ type: 'jsonb', nullable: true })
  after: CalendarDayState | null;

  /** Username of the admin. */
  @Column({ name: 'changed_by', type: 'varchar', length: 64 })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
