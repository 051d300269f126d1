/**
 * Working-day arithmetic in the Asia/Shanghai time zone (UTC+8 all year, no daylight saving).
 * Pure and deterministic: the calendar data (holidays and make-up working days) is passed in.
 */
export interface WorkingDayCalendar {
  /** Official holidays, `YYYY-MM-DD`: not working days even on a weekday. */
  holidays: ReadonlySet<string>;
  /** Make-up working days (调休上班), `YYYY-MM-DD`: working days even on a weekend. */
  makeUpWorkdays: ReadonlySet<string>;
}

export const WEEKENDS_ONLY_CALENDAR: WorkingDayCalendar = {
  holidays: new Set(),
  makeUpWorkdays: new Set(),
};

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The Shanghai calendar date of an instant, as days since 1970-01-01. */
function shanghaiDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function isoDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkingDayCalendar): boolean {
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * When a limit of `workingDays` that starts at `start` ends: counting begins on the first working
 * day after the start date, and the limit ends at the end (24:00 Shanghai time) of the Nth one.
 */
export function workingDayDueAt(start: Date, workingDays: number, calendar: WorkingDayCalendar): Date {
  if (!Number.isInteger(workingDays) || workingDays < 1) {
    throw new RangeError(`workingDays must be a positive integer, got ${workingDays}`);
  }
  let day = shanghaiDayNumber(start);
  let counted = 0;
  while (counted < workingDays) {
    day += 1;
    if (isWorkingDay(isoDate(day), calendar)) counted += 1;
  }
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}
