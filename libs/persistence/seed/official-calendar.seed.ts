import type { DataSource } from 'typeorm';
import officialCalendar from 'chinese-days/dist/chinese-days.json';
import { version as packageVersion } from 'chinese-days/package.json';
import { redundantCalendarDay, shanghaiDate, type CalendarDayKind } from '../../domain';
import { createDataSource } from '../data-source';
import { ADMIN_CALENDAR_SOURCE } from '../entities/calendar-day.entity';
import { sqlRows } from '../repositories/sql.helpers';

/**
 * The State Council's holiday arrangements (国务院办公厅关于部分节假日安排的通知) as shipped by the npm
 * package `chinese-days`, which is updated when each year's notice is published. Upgrading the package
 * and restarting (or running tools/migrate) brings a newly announced year into the database.
 */
export const OFFICIAL_CALENDAR_SOURCE = `chinese-days@${packageVersion}`;

/** Cases filed now never reach back further; older years would only be noise in the table. */
export const OFFICIAL_CALENDAR_FROM_YEAR = 2025;

export interface OfficialCalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** The package's day maps: `YYYY-MM-DD` → `English name,中文名,days`. */
interface PackageCalendar {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The official exceptions to the weekday rule from `fromYear` on. The package lists every day of a
 * holiday period, weekends included; only weekday holidays and weekend make-up days change a count,
 * and the calendar table holds exactly those (the API refuses the others as redundant too).
 */
export function officialCalendarDays(
  data: PackageCalendar = officialCalendar,
  fromYear = OFFICIAL_CALENDAR_FROM_YEAR,
): OfficialCalendarDay[] {
  const days = [
    ...Object.entries(data.holidays).map(([date, label]) => ({ date, kind: 'holiday' as const, label })),
    ...Object.entries(data.workdays).map(([date, label]) => ({ date, kind: 'workday' as const, label })),
  ];
  return days
    .filter(({ date, kind }) => Number(date.slice(0, 4)) >= fromYear && !redundantCalendarDay(date, kind))
    .map(({ date, kind, label }) => ({ date, kind, name: chineseName(label) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The package shortens three names; the State Council's notice uses the full ones. */
const FULL_NAMES: Readonly<Record<string, string>> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

function chineseName(label: string): string {
  const [english, chinese] = label.split(',');
  const name = (chinese || english || label).trim();
  return FULL_NAMES[name] ?? name;
}

export interface OfficialCalendarSeedResult {
  source: string;
  /** The years the package has an arrangement for (from OFFICIAL_CALENDAR_FROM_YEAR on). */
  years: number[];
  inserted: number;
  /** Rows from an older package version that the current one corrects. */
  updated: number;
}

/**
 * Loads the official arrangements into `calendar_days`. Idempotent and safe to run on every start:
 * it inserts the days that are missing, refreshes rows that came from the package (a newer package
 * version may correct a day), and never touches a date an admin has changed or removed — those
 * have a row in `calendar_changes`, or `source = 'admin'`.
 */
export async function seedOfficialCalendar(
  dataSource: DataSource,
  days: readonly OfficialCalendarDay[] = officialCalendarDays(),
): Promise<OfficialCalendarSeedResult> {
  const rows = await sqlRows<{ inserted: boolean }>(
    dataSource,
    `INSERT INTO calendar_days (date, kind, name, source, updated_by, updated_at)
     SELECT d.date, d.kind, d.name, $2, 'seed', now()
       FROM jsonb_to_recordset($1::jsonb) AS d(date date, kind varchar, name varchar)
      WHERE NOT EXISTS (SELECT 1 FROM calendar_changes c WHERE c.date = d.date)
     ON CONFLICT (date) DO UPDATE
        SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at
      WHERE calendar_days.source <> $3
        AND (calendar_days.kind, calendar_days.name, calendar_days.source)
            IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name, EXCLUDED.source)
     RETURNING (xmax = 0) AS inserted`,
    [JSON.stringify(days), OFFICIAL_CALENDAR_SOURCE, ADMIN_CALENDAR_SOURCE],
  );
  const inserted = rows.filter((r) => r.inserted).length;
  return {
    source: OFFICIAL_CALENDAR_SOURCE,
    years: [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b),
    inserted,
    updated: rows.length - inserted,
  };
}

/** seedOfficialCalendar on its own short-lived connection: for prepareDatabase (libs/persistence/prepare-database.ts). */
export async function seedOfficialCalendarAt(databaseUrl: string): Promise<OfficialCalendarSeedResult> {
  const dataSource = createDataSource(databaseUrl, 2);
  await dataSource.initialize();
  try {
    return await seedOfficialCalendar(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** One log line; names the years up to next year that the package has no arrangement for. */
export function describeOfficialCalendarSeed(result: OfficialCalendarSeedResult, today = new Date()): string {
  const nextYear = Number(shanghaiDate(today).slice(0, 4)) + 1;
  const missing: number[] = [];
  for (let year = OFFICIAL_CALENDAR_FROM_YEAR; year <= nextYear; year += 1) {
    if (!result.years.includes(year)) missing.push(year);
  }
  return (
    `working-day calendar: official arrangements for ${result.years.join(', ') || 'no year'} from ${result.source} ` +
    `(${result.inserted} day(s) added, ${result.updated} updated)` +
    (missing.length
      ? `; none yet for ${missing.join(', ')}: upgrade the package once published, or add the days with PUT /api/calendar/days/:date`
      : '')
  );
}
