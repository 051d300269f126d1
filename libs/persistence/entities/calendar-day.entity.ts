import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarDayKind } from '../../domain';

/** `source` of a row an admin wrote through the API; the seed never overwrites such a row. */
export const ADMIN_CALENDAR_SOURCE = 'admin';

/**
 * One exception to the weekday rule in the working-day calendar (Asia/Shanghai dates): an official
 * holiday on a weekday, or a make-up working day (调休上班) on a weekend. Days not listed follow the
 * rule: Monday to Friday work, Saturday and Sunday off.
 */
@Entity('calendar_days')
@Check('calendar_days_kind_check', `kind IN ('holiday','workday')`)
export class CalendarDayEntity {
  /** `YYYY-MM-DD`; Postgres `date`, read back as text. */
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CalendarDayKind;

  /** The holiday it belongs to, e.g. 国庆节. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Where the row came from: the package that shipped the official arrangement (`chinese-days@1.5.7`) or `admin`. */
  @Column({ type: 'text' })
  source: string;

  /** Username of the admin, or `seed`. */
  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
