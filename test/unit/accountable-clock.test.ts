import {
  calendarClock,
  calendarFromDays,
  compressedClock,
  dueAfter,
  remainingWorkingMs,
  supervisionSchedule,
} from '../../libs/domain';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** The 2026 National Day week as the official calendar has it (see working-clock.test.ts). */
const nationalDay = calendarClock(
  calendarFromDays([
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
    { date: '2026-09-20', kind: 'workday' },
    { date: '2026-10-10', kind: 'workday' },
  ]),
);
const shanghai = (local: string): Date => new Date(`${local}+08:00`);

describe('accountable clock rules', () => {
  test('what a stopped clock has left is the working time to its due date; a clock stopped after its limit is negative by the overdue working time', () => {
    const due = shanghai('2026-10-10T24:00:00');
    expect(remainingWorkingMs(nationalDay, shanghai('2026-09-30T12:00:00'), due)).toBe(12 * HOUR + 3 * DAY);
    // Overdue by Monday 12 October, noon: half a working day (the Sunday in between counts nothing).
    expect(remainingWorkingMs(nationalDay, shanghai('2026-10-12T12:00:00'), due)).toBe(-12 * HOUR);
  });

  test('a clock restarting with time left is due that much working time later; one restarting overdue stays overdue by as much', () => {
    const restart = shanghai('2026-10-12T12:00:00');
    expect(dueAfter(nationalDay, restart, 12 * HOUR + 3 * DAY)).toEqual(shanghai('2026-10-15T24:00:00'));
    expect(dueAfter(nationalDay, restart, -12 * HOUR)).toEqual(shanghai('2026-10-12T00:00:00'));
    // Across a stop of a whole holiday week nothing is lost or gained.
    const due = shanghai('2026-10-10T24:00:00');
    const stop = shanghai('2026-09-30T12:00:00');
    expect(dueAfter(nationalDay, restart, remainingWorkingMs(nationalDay, stop, due))).toEqual(
      shanghai('2026-10-15T24:00:00'),
    );
  });

  test('the supervision ladder: a warning N working days before the limit, a red card N working days after it, none when warnBeforeDays is 0', () => {
    const due = shanghai('2026-10-09T24:00:00'); // a Friday
    expect(supervisionSchedule(nationalDay, due, { warnBeforeDays: 1, redAfterDays: 2 })).toEqual({
      dueAt: due,
      warnAt: shanghai('2026-10-09T00:00:00'),
      // Saturday 10 October is a make-up working day, so the red card comes on Monday 12th at 24:00.
      redAt: shanghai('2026-10-12T24:00:00'),
    });
    // Two working days before Friday 9 October: Thursday 8th at 00:00 (the holiday week counts nothing).
    expect(supervisionSchedule(nationalDay, due, { warnBeforeDays: 2, redAfterDays: 1 }).warnAt).toEqual(
      shanghai('2026-10-08T00:00:00'),
    );
    expect(supervisionSchedule(nationalDay, due, { warnBeforeDays: 0, redAfterDays: 1 }).warnAt).toBeUndefined();
  });

  test('on the demo clock the same rules are plain arithmetic in seconds', () => {
    const demo = compressedClock(2);
    const start = new Date('2026-12-01T00:00:00Z');
    const due = demo.dueAt(start, 3);
    expect(remainingWorkingMs(demo, new Date(start.getTime() + 1000), due)).toBe(5000);
    expect(dueAfter(demo, new Date(start.getTime() + 60_000), 5000)).toEqual(new Date(start.getTime() + 65_000));
    expect(supervisionSchedule(demo, due, { warnBeforeDays: 1, redAfterDays: 2 })).toEqual({
      dueAt: due,
      warnAt: new Date(due.getTime() - 2000),
      redAt: new Date(due.getTime() + 4000),
    });
  });
});
