import {
  isWorkingDay,
  shanghaiDayDate,
  shanghaiDayNumber,
  shanghaiDayStartMs,
  workingDayDueAt,
  type WorkingDayCalendar,
} from './working-days';

/**
 * Working time for accountable clocks that stop and restart. When a step's clock stops, the working
 * time left until its due date is kept; when it runs again, the new due date is that much working
 * time later ("partial days count", never a fresh full limit). Pure and deterministic, so workflow
 * code may use it too.
 */
export interface WorkingClock {
  /** Length of one working day in ms: 24 h on the real calendar, N s on the demo clock. */
  readonly workingDayMs: number;
  /** When a limit of `workingDays` that starts at `start` ends (the existing rule of workingDayDueAt: counting starts on the first working day after the start date, ends 24:00 of the Nth). */
  dueAt(start: Date, workingDays: number): Date;
  /** Working time in ms between two instants; 0 when `to` <= `from`. */
  workingTimeBetween(from: Date, to: Date): number;
  /** The earliest instant t >= from with workingTimeBetween(from, t) >= workingMs (workingMs 0 → from; lands on 24:00 of a working day rather than skipping to the next one). */
  addWorkingTime(from: Date, workingMs: number): Date;
  /** The latest instant t <= to with workingTimeBetween(t, to) >= workingMs (used for "warn N working days before the limit"). */
  subtractWorkingTime(to: Date, workingMs: number): Date;
}

/**
 * The longest span, in days, any calculation walks. Far beyond any real limit (365 working days at
 * most); it exists so a corrupt date or amount fails at once instead of hanging a worker.
 */
export const MAX_CLOCK_SPAN_DAYS = 20 * 366;

const HOUR_MS = 3600 * 1000;
const CALENDAR_DAY_MS = 24 * HOUR_MS;

function instantMs(value: Date, name: string): number {
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid date`);
  return ms;
}

function checkWorkingDays(workingDays: number): void {
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_CLOCK_SPAN_DAYS) {
    throw new RangeError(`workingDays must be a whole number from 1 to ${MAX_CLOCK_SPAN_DAYS}, got ${workingDays}`);
  }
}

function checkWorkingMs(workingMs: number, workingDayMs: number): void {
  const max = MAX_CLOCK_SPAN_DAYS * workingDayMs;
  if (!Number.isSafeInteger(workingMs) || workingMs < 0 || workingMs > max) {
    throw new RangeError(`workingMs must be a whole number of milliseconds from 0 to ${max}, got ${workingMs}`);
  }
}

function spanTooLong(what: string): RangeError {
  return new RangeError(`${what} spans more than ${MAX_CLOCK_SPAN_DAYS} days`);
}

/**
 * The real calendar: each Asia/Shanghai calendar day that is a working day (weekdays minus holidays
 * plus make-up working days) contributes its full 24 hours; other days contribute nothing.
 */
export function calendarClock(calendar: WorkingDayCalendar): WorkingClock {
  // Remembered per day number: formatting the date for every day of every walk dominated a report's
  // time (hundreds of walks over up to a year each). The calendar is fixed for the clock's lifetime.
  const working = new Map<number, boolean>();
  const isWorking = (day: number): boolean => {
    let answer = working.get(day);
    if (answer === undefined) {
      answer = isWorkingDay(shanghaiDayDate(day), calendar);
      working.set(day, answer);
    }
    return answer;
  };
  const dayStartMs = shanghaiDayStartMs;

  return {
    workingDayMs: CALENDAR_DAY_MS,

    dueAt(start, workingDays) {
      instantMs(start, 'start');
      checkWorkingDays(workingDays);
      return workingDayDueAt(start, workingDays, calendar);
    },

    workingTimeBetween(from, to) {
      const fromMs = instantMs(from, 'from');
      const toMs = instantMs(to, 'to');
      if (toMs <= fromMs) return 0;
      const firstDay = shanghaiDayNumber(from);
      const lastDay = shanghaiDayNumber(to);
      if (lastDay - firstDay > MAX_CLOCK_SPAN_DAYS) throw spanTooLong('workingTimeBetween');
      let total = 0;
      for (let day = firstDay; day <= lastDay; day += 1) {
        if (!isWorking(day)) continue;
        const overlap = Math.min(toMs, dayStartMs(day + 1)) - Math.max(fromMs, dayStartMs(day));
        if (overlap > 0) total += overlap;
      }
      return total;
    },

    addWorkingTime(from, workingMs) {
      let at = instantMs(from, 'from');
      checkWorkingMs(workingMs, CALENDAR_DAY_MS);
      let remaining = workingMs;
      if (remaining === 0) return new Date(at);
      const firstDay = shanghaiDayNumber(from);
      for (let day = firstDay; day - firstDay <= MAX_CLOCK_SPAN_DAYS; day += 1) {
        const dayEnd = dayStartMs(day + 1);
        if (isWorking(day)) {
          // `<=`: when the time runs out exactly at 24:00, the answer is that instant, not the next working day.
          if (remaining <= dayEnd - at) return new Date(at + remaining);
          remaining -= dayEnd - at;
        }
        at = dayEnd;
      }
      throw spanTooLong('addWorkingTime');
    },

    subtractWorkingTime(to, workingMs) {
      let at = instantMs(to, 'to');
      checkWorkingMs(workingMs, CALENDAR_DAY_MS);
      let remaining = workingMs;
      if (remaining === 0) return new Date(at);
      const lastDay = shanghaiDayNumber(to);
      for (let day = lastDay; lastDay - day <= MAX_CLOCK_SPAN_DAYS; day -= 1) {
        const dayStart = dayStartMs(day);
        if (isWorking(day)) {
          // `<=`: landing on 00:00 of a working day is the latest answer; the weekend before it adds nothing.
          if (remaining <= at - dayStart) return new Date(at - remaining);
          remaining -= at - dayStart;
        }
        at = dayStart;
      }
      throw spanTooLong('subtractWorkingTime');
    },
  };
}

/**
 * Demo/test clock: every day is a working day lasting `secondsPerDay` seconds; dueAt(start, n) =
 * start + n*secondsPerDay s. WORKING_DAY_SECONDS selects it on training and demo systems.
 */
export function compressedClock(secondsPerDay: number): WorkingClock {
  const workingDayMs = secondsPerDay * 1000;
  if (!(secondsPerDay > 0) || !Number.isSafeInteger(workingDayMs)) {
    throw new RangeError(`secondsPerDay must be positive and a whole number of milliseconds, got ${secondsPerDay}`);
  }
  return {
    workingDayMs,

    dueAt(start, workingDays) {
      const startMs = instantMs(start, 'start');
      checkWorkingDays(workingDays);
      return new Date(startMs + workingDays * workingDayMs);
    },

    workingTimeBetween(from, to) {
      return Math.max(0, instantMs(to, 'to') - instantMs(from, 'from'));
    },

    addWorkingTime(from, workingMs) {
      const fromMs = instantMs(from, 'from');
      checkWorkingMs(workingMs, workingDayMs);
      return new Date(fromMs + workingMs);
    },

    subtractWorkingTime(to, workingMs) {
      const toMs = instantMs(to, 'to');
      checkWorkingMs(workingMs, workingDayMs);
      return new Date(toMs - workingMs);
    },
  };
}

/** Working time in working days of `clock`, rounded to 2 decimals: for display only, never for sums. */
export function workingDaysOf(clock: WorkingClock, ms: number): number {
  // Rounding the magnitude keeps -0.005 and 0.005 symmetric; `|| 0` turns -0 into 0.
  return (Math.sign(ms) * Math.round((Math.abs(ms) * 100) / clock.workingDayMs)) / 100 || 0;
}
