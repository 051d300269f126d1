import type { SupervisionConfig } from '../service/step-config';
import type { WorkingClock } from './working-clock';

/**
 * The rules of an accountable clock (a step's time limit, or the case's overall limit) on top of a
 * WorkingClock. When a clock stops, what is left of the limit is kept; when it runs again, the due
 * date is that much working time from the restart, never a fresh limit. What is left is signed: a
 * clock stopped after its limit passed stays overdue by the same working time when it restarts.
 */
export function remainingWorkingMs(clock: WorkingClock, at: Date, dueAt: Date): number {
  return at.getTime() <= dueAt.getTime() ? clock.workingTimeBetween(at, dueAt) : -clock.workingTimeBetween(dueAt, at);
}

/** The due date of a clock that (re)starts at `at` with `remaining` working ms left (negative: overdue). */
export function dueAfter(clock: WorkingClock, at: Date, remaining: number): Date {
  return remaining >= 0 ? clock.addWorkingTime(at, remaining) : clock.subtractWorkingTime(at, -remaining);
}

export interface SupervisionSchedule {
  dueAt: Date;
  /** Absent when the step warns 0 days before. */
  warnAt?: Date;
  redAt: Date;
}

/** When the rungs of the supervision ladder fall for a due date. */
export function supervisionSchedule(
  clock: WorkingClock,
  dueAt: Date,
  supervision: SupervisionConfig,
): SupervisionSchedule {
  return {
    dueAt,
    ...(supervision.warnBeforeDays > 0
      ? { warnAt: clock.subtractWorkingTime(dueAt, supervision.warnBeforeDays * clock.workingDayMs) }
      : {}),
    redAt: clock.addWorkingTime(dueAt, supervision.redAfterDays * clock.workingDayMs),
  };
}
