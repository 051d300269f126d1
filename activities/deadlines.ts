import { calendarClock, compressedClock, type WorkingClock, type WorkingDayCalendar } from '../libs/domain';

/**
 * Turns a step's time limit into a due instant. Injected so tests can run limits in seconds. Async
 * because the calendar is data in the database; it runs in an activity, and the workflow keeps the
 * answer in its history, so replays never ask again.
 */
export interface DeadlineCalculator {
  dueAt(start: Date, workingDays: number): Promise<Date>;
}

/** Working days by a clock loaded on demand (the calculation itself is libs/domain's, deterministic). */
export function clockDeadlines(loadClock: () => Promise<WorkingClock>): DeadlineCalculator {
  return { dueAt: async (start, workingDays) => (await loadClock()).dueAt(start, workingDays) };
}

/** Working days by a calendar loaded on demand. */
export function calendarDeadlines(loadCalendar: () => Promise<WorkingDayCalendar>): DeadlineCalculator {
  return clockDeadlines(async () => calendarClock(await loadCalendar()));
}

/** Working days by a fixed calendar. */
export function workingDayDeadlines(calendar: WorkingDayCalendar): DeadlineCalculator {
  const clock = calendarClock(calendar);
  return clockDeadlines(() => Promise.resolve(clock));
}

/** For tests and demos: one "working day" lasts `secondsPerDay` seconds of wall-clock time. */
export function compressedDeadlines(secondsPerDay: number): DeadlineCalculator {
  const clock = compressedClock(secondsPerDay);
  return clockDeadlines(() => Promise.resolve(clock));
}

/**
 * Keeps the result of `load` for `ttlMs`, so a worker reads the calendar at most once per TTL and an
 * admin's correction reaches new tasks within it, without a restart. Concurrent callers share one
 * load; a failed load is not kept (the next call tries again).
 */
export function cachedLoader<T>(load: () => Promise<T>, ttlMs: number, now: () => number = Date.now): () => Promise<T> {
  let cached: { value: Promise<T>; loadedAt: number } | undefined;
  return () => {
    if (cached && now() - cached.loadedAt < ttlMs) return cached.value;
    const entry = { value: load(), loadedAt: now() };
    cached = entry;
    void entry.value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.value;
  };
}
