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

/** An exception to the weekday rule: a holiday on a weekday, or a make-up working day on a weekend. */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
}

export function calendarFromDays(days: readonly CalendarDay[]): WorkingDayCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    makeUpWorkdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  };
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The Shanghai calendar date of an instant, as days since 1970-01-01 (day loops count in these). */
export function shanghaiDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The first instant (00:00 Shanghai time) of a day number; the day ends where the next one starts. */
export function shanghaiDayStart(dayNumber: number): Date {
  return new Date(shanghaiDayStartMs(dayNumber));
}

/** shanghaiDayStart as epoch milliseconds (no Date made: clocks walk hundreds of days per call). */
export function shanghaiDayStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** 00:00 Shanghai time of the Monday of the week an instant falls in (day 0, 1970-01-01, was a Thursday). */
export function shanghaiWeekStart(instant: Date): Date {
  const day = shanghaiDayNumber(instant);
  return shanghaiDayStart(day - ((day + 3) % 7));
}

/** The `YYYY-MM-DD` date of a day number. */
export function shanghaiDayDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function shanghaiDate(instant: Date): string {
  return shanghaiDayDate(shanghaiDayNumber(instant));
}

/** A real Gregorian date written `YYYY-MM-DD`: `2026-02-30` has the shape but is not one. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

/**
 * Why declaring `date` a `kind` day would change nothing, or undefined when it is a real exception.
 * The calendar holds only exceptions to the weekday rule, so each row is a decision someone made.
 */
export function redundantCalendarDay(date: string, kind: CalendarDayKind): string | undefined {
  const weekday = WEEKDAY_NAMES[weekdayOf(date)];
  if (kind === 'holiday' && isWeekend(date)) {
    return `${date} is a ${weekday}, which is not a working day anyway; only a Monday to Friday can be declared a holiday`;
  }
  if (kind === 'workday' && !isWeekend(date)) {
    return `${date} is a ${weekday}, which is a working day anyway; only a Saturday or Sunday can be declared a make-up working day`;
  }
  return undefined;
}

export function isWorkingDay(date: string, calendar: WorkingDayCalendar): boolean {
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
}

export interface WorkingDaySchedule {
  /** The end (24:00 Shanghai time) of the last counted working day. */
  dueAt: Date;
  /** The working days counted, in order, `YYYY-MM-DD`. */
  countedDays: string[];
}

/**
 * How a limit of `workingDays` that starts at `start` runs: counting begins on the first working
 * day after the start date, and the limit ends at the end (24:00 Shanghai time) of the Nth one.
 */
export function workingDaySchedule(start: Date, workingDays: number, calendar: WorkingDayCalendar): WorkingDaySchedule {
  if (!Number.isInteger(workingDays) || workingDays < 1) {
    throw new RangeError(`workingDays must be a positive integer, got ${workingDays}`);
  }
  let day = shanghaiDayNumber(start);
  const countedDays: string[] = [];
  while (countedDays.length < workingDays) {
    day += 1;
    const date = shanghaiDayDate(day);
    if (isWorkingDay(date, calendar)) countedDays.push(date);
  }
  return { dueAt: shanghaiDayStart(day + 1), countedDays };
}

/** When a limit of `workingDays` that starts at `start` ends; see workingDaySchedule. */
export function workingDayDueAt(start: Date, workingDays: number, calendar: WorkingDayCalendar): Date {
  return workingDaySchedule(start, workingDays, calendar).dueAt;
}
