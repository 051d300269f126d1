import {
  calendarClock,
  isWorkingDay,
  shanghaiDayDate,
  shanghaiDayNumber,
  type WorkingClock,
  type WorkingDayCalendar,
} from '../../libs/domain';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/**
 * The official calendar's working clock (libs/domain calendarClock) for drawing a million tasks:
 * the same day-by-day arithmetic, but whether a day is a working day is looked up once per day
 * instead of formatting the date at every step of every walk, and due dates (which depend only on
 * the start's Asia/Shanghai date and the number of days) are remembered. The loader checks it
 * against calendarClock on sampled instants before it draws anything (see sameAnswers).
 */
export function fastCalendarClock(calendar: WorkingDayCalendar): WorkingClock {
  const real = calendarClock(calendar);
  const working = new Map<number, boolean>();
  const isWorking = (day: number): boolean => {
    let answer = working.get(day);
    if (answer === undefined) {
      answer = isWorkingDay(shanghaiDayDate(day), calendar);
      working.set(day, answer);
    }
    return answer;
  };
  const dayStartMs = (day: number): number => day * DAY_MS - SHANGHAI_OFFSET_MS;
  const dueAt = new Map<number, number>();
  return {
    workingDayMs: DAY_MS,
    dueAt(start, workingDays) {
      const key = Math.floor((start.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * 1000 + workingDays;
      let due = dueAt.get(key);
      if (due === undefined) {
        due = real.dueAt(start, workingDays).getTime();
        dueAt.set(key, due);
      }
      return new Date(due);
    },
    workingTimeBetween(from, to) {
      const fromMs = from.getTime();
      const toMs = to.getTime();
      if (toMs <= fromMs) return 0;
      let total = 0;
      for (let day = shanghaiDayNumber(from); day <= shanghaiDayNumber(to); day += 1) {
        if (!isWorking(day)) continue;
        const overlap = Math.min(toMs, dayStartMs(day + 1)) - Math.max(fromMs, dayStartMs(day));
        if (overlap > 0) total += overlap;
      }
      return total;
    },
    addWorkingTime(from, workingMs) {
      let at = from.getTime();
      let remaining = workingMs;
      if (remaining === 0) return new Date(at);
      for (let day = shanghaiDayNumber(from); ; day += 1) {
        const dayEnd = dayStartMs(day + 1);
        if (isWorking(day)) {
          if (remaining <= dayEnd - at) return new Date(at + remaining);
          remaining -= dayEnd - at;
        }
        at = dayEnd;
      }
    },
    subtractWorkingTime(to, workingMs) {
      let at = to.getTime();
      let remaining = workingMs;
      if (remaining === 0) return new Date(at);
      for (let day = shanghaiDayNumber(to); ; day -= 1) {
        const dayStart = dayStartMs(day);
        if (isWorking(day)) {
          if (remaining <= at - dayStart) return new Date(at - remaining);
          remaining -= at - dayStart;
        }
        at = dayStart;
      }
    },
  };
}

/** Throws unless `fast` answers like calendarClock on `samples` instants spread over [fromMs, toMs). */
export function sameAnswers(calendar: WorkingDayCalendar, fast: WorkingClock, fromMs: number, toMs: number): void {
  const real = calendarClock(calendar);
  for (let i = 0; i < 500; i++) {
    const a = new Date(fromMs + ((toMs - fromMs) * ((i * 7919) % 500)) / 500 + i * 3_600_123);
    const b = new Date(a.getTime() + (i % 40) * 7_200_000 + 1234);
    const ms = (i % 9) * 3_600_000 * 7 + 17;
    const pairs: [string, number, number][] = [
      ['dueAt', fast.dueAt(a, 1 + (i % 10)).getTime(), real.dueAt(a, 1 + (i % 10)).getTime()],
      ['workingTimeBetween', fast.workingTimeBetween(a, b), real.workingTimeBetween(a, b)],
      ['addWorkingTime', fast.addWorkingTime(a, ms).getTime(), real.addWorkingTime(a, ms).getTime()],
      ['subtractWorkingTime', fast.subtractWorkingTime(b, ms).getTime(), real.subtractWorkingTime(b, ms).getTime()],
    ];
    for (const [what, got, expected] of pairs) {
      if (got !== expected)
        throw new Error(`the bench clock's ${what} differs from calendarClock at ${a.toISOString()}`);
    }
  }
}
