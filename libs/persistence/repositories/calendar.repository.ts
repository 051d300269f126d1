import { queueReportRefreshForDay } from '../reports/report-facts';
import type { DataSource } from 'typeorm';
import { calendarFromDays, type CalendarDayKind, type WorkingDayCalendar } from '../../domain';
import type { CalendarDayState } from '../entities/calendar-change.entity';
import { ADMIN_CALENDAR_SOURCE } from '../entities/calendar-day.entity';
import { sqlRow, sqlRows, type SqlExecutor } from './sql.helpers';

export interface CalendarDayRecord {
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface CalendarChangeRecord {
  id: string;
  date: string;
  action: 'put' | 'delete';
  before: CalendarDayState | null;
  after: CalendarDayState | null;
  changedBy: string;
  changedAt: Date;
}

// Dates are read as text: node-postgres turns a `date` into a JS Date at local midnight, which
// shifts the day in any time zone west of UTC.
const DAY_COLUMNS = `date::text AS "date", kind, name, source, updated_by AS "updatedBy", updated_at AS "updatedAt"`;

/** The working-day calendar: exceptions to the weekday rule, and the log of admin changes to them. */
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every entry dated in `fromYear` … `toYear` (inclusive), by date. */
  findYears(fromYear: number, toYear: number): Promise<CalendarDayRecord[]> {
    return sqlRows<CalendarDayRecord>(
      this.dataSource,
      `SELECT ${DAY_COLUMNS} FROM calendar_days
        WHERE date >= make_date($1, 1, 1) AND date < make_date($2 + 1, 1, 1)
        ORDER BY date`,
      [fromYear, toYear],
    );
  }

  /** The calendar for `fromYear` … `toYear`, or the whole table when no range is given (it is small: ~20 rows a year). */
  async workingDayCalendar(range?: { fromYear: number; toYear: number }): Promise<WorkingDayCalendar> {
    const rows = range
      ? await this.findYears(range.fromYear, range.toYear)
      : await sqlRows<CalendarDayRecord>(this.dataSource, `SELECT ${DAY_COLUMNS} FROM calendar_days`);
    return calendarFromDays(rows);
  }

  /** Years in `fromYear` … `toYear` with at least one entry. */
  async yearsWithEntries(fromYear: number, toYear: number): Promise<number[]> {
    const rows = await sqlRows<{ year: number }>(
      this.dataSource,
      `SELECT DISTINCT extract(year FROM date)::int AS year FROM calendar_days
        WHERE date >= make_date($1, 1, 1) AND date < make_date($2 + 1, 1, 1)
        ORDER BY year`,
      [fromYear, toYear],
    );
    return rows.map((r) => r.year);
  }

  findDay(date: string): Promise<CalendarDayRecord | null> {
    return sqlRow<CalendarDayRecord>(this.dataSource, `SELECT ${DAY_COLUMNS} FROM calendar_days WHERE date = $1`, [
      date,
    ]);
  }

  /** Adds or corrects a day as an admin, and records the change; one transaction. */
  upsertDay(day: { date: string; kind: CalendarDayKind; name: string }, actor: string): Promise<CalendarDayRecord> {
    return this.dataSource.transaction(async (manager) => {
      const before = await lockDay(manager, day.date);
      const [after] = await sqlRows<CalendarDayRecord>(
        manager,
        `INSERT INTO calendar_days (date, kind, name, source, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (date) DO UPDATE
            SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source,
                updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
         RETURNING ${DAY_COLUMNS}`,
        [day.date, day.kind, day.name, ADMIN_CALENDAR_SOURCE, actor],
      );
      await recordChange(manager, day.date, 'put', before, after, actor);
      await queueReportRefreshForDay(manager, day.date);
      return after;
    });
  }

  /** Removes a day's entry, so the weekday rule applies again; null when there was none. */
  deleteDay(date: string, actor: string): Promise<CalendarDayRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const before = await lockDay(manager, date);
      if (!before) return null;
      await sqlRows(manager, `DELETE FROM calendar_days WHERE date = $1`, [date]);
      await recordChange(manager, date, 'delete', before, null, actor);
      await queueReportRefreshForDay(manager, date);
      return before;
    });
  }

  /** Admin changes to days of `year`, newest first. */
  changes(year: number): Promise<CalendarChangeRecord[]> {
    return sqlRows<CalendarChangeRecord>(
      this.dataSource,
      `SELECT id::text AS id, date::text AS "date", action, before, after,
              changed_by AS "changedBy", changed_at AS "changedAt"
         FROM calendar_changes
        WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)
        ORDER BY changed_at DESC, id DESC`,
      [year],
    );
  }
}

/** The day's row, locked so concurrent changes of one date are recorded one after the other. */
async function lockDay(executor: SqlExecutor, date: string): Promise<CalendarDayRecord | null> {
  // A transaction-scoped advisory lock also serialises the first insert of a date, which FOR UPDATE cannot.
  await sqlRows(executor, `SELECT pg_advisory_xact_lock(hashtext('calendar_days'), hashtext($1))`, [date]);
  return sqlRow<CalendarDayRecord>(executor, `SELECT ${DAY_COLUMNS} FROM calendar_days WHERE date = $1`, [date]);
}

function state(day: CalendarDayRecord | null): CalendarDayState | null {
  return day ? { kind: day.kind, name: day.name, source: day.source } : null;
}

/** SQL NULL for "no entry" (`JSON.stringify(null)` would store a jsonb `null` instead). */
function jsonOrNull(value: CalendarDayState | null): string | null {
  return value ? JSON.stringify(value) : null;
}

async function recordChange(
  executor: SqlExecutor,
  date: string,
  action: 'put' | 'delete',
  before: CalendarDayRecord | null,
  after: CalendarDayRecord | null,
  actor: string,
): Promise<void> {
  await sqlRows(
    executor,
    `INSERT INTO calendar_changes (date, action, before, after, changed_by, changed_at)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, now())`,
    [date, action, jsonOrNull(state(before)), jsonOrNull(state(after)), actor],
  );
}
