import { workingDayDueAt, type WorkingDayCalendar } from '../libs/domain';

/** Turns a step's time limit into a due instant. Injected so tests can run limits in seconds. */
export interface DeadlineCalculator {
  dueAt(start: Date, workingDays: number): Date;
}

export function workingDayDeadlines(calendar: WorkingDayCalendar): DeadlineCalculator {
  return { dueAt: (start, workingDays) => workingDayDueAt(start, workingDays, calendar) };
}

/** For tests and demos: one "working day" lasts `secondsPerDay` seconds of wall-clock time. */
export function compressedDeadlines(secondsPerDay: number): DeadlineCalculator {
  return { dueAt: (start, workingDays) => new Date(start.getTime() + workingDays * secondsPerDay * 1000) };
}
