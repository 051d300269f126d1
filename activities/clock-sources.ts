import type { Config } from '../libs/config';
import { calendarClock, compressedClock, type WorkingClock, type WorkingDayCalendar } from '../libs/domain';

/** How long a process keeps the working-day calendar: an admin's correction reaches new tasks within this. */
const CALENDAR_CACHE_TTL_MS = 60_000;

/**
 * Where activities get the working-time clock in force. Async because the calendar is data in the
 * database; it is only used in activities, and the workflow keeps each answer in its history, so
 * replays never ask again. Injected so tests and demo systems can run limits in seconds.
 */
export type ClockSource = () => Promise<WorkingClock>;

/** The official calendar, loaded on demand (the arithmetic itself is libs/domain's, deterministic). */
export function calendarClockSource(loadCalendar: () => Promise<WorkingDayCalendar>): ClockSource {
  // One clock per calendar loaded (the loader caches it): the clock remembers which days work, so a
  // new one per call would start from nothing every time.
  const clocks = new WeakMap<WorkingDayCalendar, WorkingClock>();
  return async () => {
    const calendar = await loadCalendar();
    let clock = clocks.get(calendar);
    if (!clock) {
      clock = calendarClock(calendar);
      clocks.set(calendar, clock);
    }
    return clock;
  };
}

/** Always the same clock: a fixed calendar, or the demo clock. */
export function fixedClockSource(clock: WorkingClock): ClockSource {
  return () => Promise.resolve(clock);
}

/** For tests and demos (WORKING_DAY_SECONDS): one "working day" lasts `secondsPerDay` seconds of wall-clock time. */
export function compressedClockSource(secondsPerDay: number): ClockSource {
  return fixedClockSource(compressedClock(secondsPerDay));
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

/** The demo clock when WORKING_DAY_SECONDS is set (never in production); otherwise the official calendar, cached. */
export function configuredClockSource(
  config: Pick<Config, 'demoClock'>,
  calendar: { workingDayCalendar(): Promise<WorkingDayCalendar> },
): ClockSource {
  if (config.demoClock) return compressedClockSource(config.demoClock.workingDaySeconds);
  return calendarClockSource(cachedLoader(() => calendar.workingDayCalendar(), CALENDAR_CACHE_TTL_MS));
}
