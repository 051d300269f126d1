import {
  calendarClock,
  calendarFromDays,
  compressedClock,
  MAX_CLOCK_SPAN_DAYS,
  WEEKENDS_ONLY_CALENDAR,
  workingDayDueAt,
  workingDaysOf,
  type CalendarDay,
} from '../../libs/domain';
import { officialCalendarDays } from '../../libs/persistence/seed/official-calendar.seed';
import { seededRandom } from '../support/seeded-random';

/** An instant given as Shanghai wall-clock time (UTC+8 all year). */
const shanghai = (localDateTime: string): Date => new Date(`${localDateTime}+08:00`);
/** The end of a Shanghai calendar day (24:00 local) is 16:00 UTC of that same date. */
const endOfShanghaiDay = (date: string): Date => new Date(`${date}T16:00:00.000Z`);
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/**
 * The exceptions to the weekday rule in the State Council's 2026 arrangement (国务院办公厅关于2026年部分
 * 节假日安排的通知), as shipped by `chinese-days@1.5.7` (the package the official calendar is seeded
 * from; the first test checks this list against it). Weekday holidays and weekend make-up days only:
 * the others change no count. The ones these tests lean on: National Day, off Thursday 1 to Wednesday
 * 7 October, with make-up working days Sunday 20 September and Saturday 10 October; Mid-Autumn on
 * Friday 25 September.
 */
const OFFICIAL_2026: readonly CalendarDay[] = [
  { date: '2026-01-01', kind: 'holiday' }, // Thu, New Year's Day
  { date: '2026-01-02', kind: 'holiday' }, // Fri
  { date: '2026-01-04', kind: 'workday' }, // Sun
  { date: '2026-02-14', kind: 'workday' }, // Sat, Spring Festival
  { date: '2026-02-16', kind: 'holiday' }, // Mon
  { date: '2026-02-17', kind: 'holiday' }, // Tue
  { date: '2026-02-18', kind: 'holiday' }, // Wed
  { date: '2026-02-19', kind: 'holiday' }, // Thu
  { date: '2026-02-20', kind: 'holiday' }, // Fri
  { date: '2026-02-23', kind: 'holiday' }, // Mon
  { date: '2026-02-28', kind: 'workday' }, // Sat
  { date: '2026-04-06', kind: 'holiday' }, // Mon, Qingming
  { date: '2026-05-01', kind: 'holiday' }, // Fri, Labour Day
  { date: '2026-05-04', kind: 'holiday' }, // Mon
  { date: '2026-05-05', kind: 'holiday' }, // Tue
  { date: '2026-05-09', kind: 'workday' }, // Sat
  { date: '2026-06-19', kind: 'holiday' }, // Fri, Dragon Boat Festival
  { date: '2026-09-20', kind: 'workday' }, // Sun, National Day make-up
  { date: '2026-09-25', kind: 'holiday' }, // Fri, Mid-Autumn Festival
  { date: '2026-10-01', kind: 'holiday' }, // Thu, National Day
  { date: '2026-10-02', kind: 'holiday' }, // Fri
  { date: '2026-10-05', kind: 'holiday' }, // Mon
  { date: '2026-10-06', kind: 'holiday' }, // Tue
  { date: '2026-10-07', kind: 'holiday' }, // Wed
  { date: '2026-10-10', kind: 'workday' }, // Sat, National Day make-up
];
const clock = calendarClock(calendarFromDays(OFFICIAL_2026));

test('the 2026 days spelled out here are the official ones the calendar is seeded with', () => {
  const seeded = officialCalendarDays()
    .filter((d) => d.date.startsWith('2026-'))
    .map(({ date, kind }) => ({ date, kind }));
  expect(seeded).toEqual(OFFICIAL_2026);
});

describe('calendarClock: working time', () => {
  test('a working day contributes its full 24 hours and a weekend nothing', () => {
    // Friday 6 March 2026 00:00 to Monday 9 March 00:00.
    expect(clock.workingDayMs).toBe(DAY);
    expect(clock.workingTimeBetween(shanghai('2026-03-06T00:00'), shanghai('2026-03-09T00:00'))).toBe(DAY);
  });

  test('partial days count, to the millisecond', () => {
    // Wednesday 12:00 to Thursday 18:00.
    expect(clock.workingTimeBetween(shanghai('2026-03-04T12:00'), shanghai('2026-03-05T18:00'))).toBe(30 * HOUR);
    expect(clock.workingTimeBetween(shanghai('2026-03-04T12:00'), shanghai('2026-03-04T12:00:00.001'))).toBe(1);
  });

  test('the working time between two instants is 0 when the second is not after the first', () => {
    const at = shanghai('2026-03-04T12:00');
    expect(clock.workingTimeBetween(at, at)).toBe(0);
    expect(clock.workingTimeBetween(at, shanghai('2026-03-03T12:00'))).toBe(0);
  });

  test('the official holiday days count nothing and the make-up Saturday counts in full', () => {
    expect(clock.workingTimeBetween(shanghai('2026-10-01T00:00'), shanghai('2026-10-08T00:00'))).toBe(0);
    expect(clock.workingTimeBetween(shanghai('2026-10-10T00:00'), shanghai('2026-10-12T00:00'))).toBe(DAY);
  });

  test('the day boundaries are Shanghai midnight, not UTC midnight', () => {
    // Saturday 00:00 Shanghai is Friday 16:00 UTC: the UTC evening of Friday is already weekend.
    expect(clock.workingTimeBetween(new Date('2026-03-06T12:00:00Z'), new Date('2026-03-06T20:00:00Z'))).toBe(4 * HOUR);
  });
});

describe('calendarClock: a clock that stops and restarts', () => {
  test('the remaining time is measured across a weekend and the restart gets exactly that much', () => {
    // Due at the end of Tuesday 10 March; stopped on Friday 6 March at 15:00.
    const due = endOfShanghaiDay('2026-03-10');
    const remaining = clock.workingTimeBetween(shanghai('2026-03-06T15:00'), due);
    expect(remaining).toBe(9 * HOUR + 2 * DAY); // rest of Friday, Monday, Tuesday; not the weekend
    // Restarted on Monday 16 March at 09:00: 15 h that Monday, 24 h Tuesday, 18 h Wednesday.
    const restarted = shanghai('2026-03-16T09:00');
    const newDue = clock.addWorkingTime(restarted, remaining);
    expect(newDue).toEqual(shanghai('2026-03-18T18:00'));
    expect(clock.workingTimeBetween(restarted, newDue)).toBe(remaining);
  });

  test('a pause across the National Day holiday pushes the due date by exactly the working time it did not use', () => {
    const due = endOfShanghaiDay('2026-10-10'); // the make-up Saturday
    const paused = shanghai('2026-09-30T12:00'); // Wednesday, the last working day before the holiday
    const resumed = shanghai('2026-10-12T12:00'); // Monday
    // Left at the pause: 12 h of 30 September, nothing for 1–7 October, 8, 9 and 10 October in full.
    const remaining = clock.workingTimeBetween(paused, due);
    expect(remaining).toBe(12 * HOUR + 3 * DAY);
    const newDue = clock.addWorkingTime(resumed, remaining);
    // 12 h of Monday 12 October, then 13, 14 and 15 October: the end of Thursday 15 October.
    expect(newDue).toEqual(endOfShanghaiDay('2026-10-15'));
    // The push is the working time of the pause itself: 12 h + 8, 9, 10 October + 12 h, the holiday and
    // Sunday 11 October counting nothing.
    const paid = clock.workingTimeBetween(paused, resumed);
    expect(paid).toBe(12 * HOUR + 3 * DAY + 12 * HOUR);
    expect(clock.workingTimeBetween(due, newDue)).toBe(paid);
    expect(clock.addWorkingTime(due, paid)).toEqual(newDue);
  });

  test('a stop and restart at the same instant on the due day changes nothing: the due date stays at 24:00', () => {
    // Due at the end of Friday 6 March: restarting must not skip to the end of the weekend.
    const due = endOfShanghaiDay('2026-03-06');
    const at = shanghai('2026-03-06T10:00');
    expect(clock.addWorkingTime(at, clock.workingTimeBetween(at, due))).toEqual(due);
  });

  test('a stop and restart within one weekend or holiday changes nothing', () => {
    const due = endOfShanghaiDay('2026-10-09');
    const paused = shanghai('2026-10-02T09:00');
    const resumed = shanghai('2026-10-06T17:00');
    expect(clock.addWorkingTime(resumed, clock.workingTimeBetween(paused, due))).toEqual(due);
  });

  test('a stop and restart on one working day pushes the due date by the hours between them', () => {
    const due = endOfShanghaiDay('2026-03-10');
    const remaining = clock.workingTimeBetween(shanghai('2026-03-09T10:00'), due);
    expect(clock.addWorkingTime(shanghai('2026-03-09T15:00'), remaining)).toEqual(shanghai('2026-03-11T05:00'));
  });

  test('a restart on a weekend starts counting on the next working day', () => {
    // Stopped on Wednesday 4 March at 12:00 with the end of Thursday 5 March due: 36 h left.
    const remaining = clock.workingTimeBetween(shanghai('2026-03-04T12:00'), endOfShanghaiDay('2026-03-05'));
    expect(remaining).toBe(36 * HOUR);
    // Restarted on Saturday 7 March: Monday 9 March in full, then 12 h of Tuesday.
    expect(clock.addWorkingTime(shanghai('2026-03-07T10:00'), remaining)).toEqual(shanghai('2026-03-10T12:00'));
  });

  test('a restart on a make-up Saturday counts that Saturday', () => {
    // 14 h of Saturday 10 October, nothing on Sunday, 6 h of Monday.
    expect(clock.addWorkingTime(shanghai('2026-10-10T10:00'), 20 * HOUR)).toEqual(shanghai('2026-10-12T06:00'));
  });

  test('adding no working time is the instant itself, even on a weekend', () => {
    const saturday = shanghai('2026-03-07T10:00');
    expect(clock.addWorkingTime(saturday, 0)).toEqual(saturday);
    expect(clock.subtractWorkingTime(saturday, 0)).toEqual(saturday);
  });

  test('working time that runs out at 24:00 ends there, not at the start of the next working day', () => {
    expect(clock.addWorkingTime(shanghai('2026-03-06T00:00'), DAY)).toEqual(endOfShanghaiDay('2026-03-06'));
    expect(clock.addWorkingTime(shanghai('2026-09-30T12:00'), 12 * HOUR)).toEqual(endOfShanghaiDay('2026-09-30'));
  });
});

describe('calendarClock: warnings before the limit', () => {
  test('a warning one working day before a Monday due date lands on the Friday before, not on the weekend', () => {
    // Due on Monday 9 March at 12:00 (a restarted clock): 12 h of Monday, then 12 h of Friday.
    expect(clock.subtractWorkingTime(shanghai('2026-03-09T12:00'), DAY)).toEqual(shanghai('2026-03-06T12:00'));
    // Due at the end of Monday: the latest instant with a full working day left is Monday 00:00, the
    // start of that working day, so the weekend neither delays nor brings the warning forward.
    expect(clock.subtractWorkingTime(endOfShanghaiDay('2026-03-09'), DAY)).toEqual(shanghai('2026-03-09T00:00'));
    expect(clock.subtractWorkingTime(endOfShanghaiDay('2026-03-09'), 2 * DAY)).toEqual(shanghai('2026-03-06T00:00'));
  });

  test('a warning before a due date just after the National Day holiday lands before the holiday', () => {
    expect(clock.subtractWorkingTime(shanghai('2026-10-08T12:00'), DAY)).toEqual(shanghai('2026-09-30T12:00'));
  });
});

describe('calendarClock: dueAt', () => {
  test('dueAt equals workingDayDueAt for starts every five hours from August to November 2026', () => {
    const calendar = calendarFromDays(OFFICIAL_2026);
    let compared = 0;
    for (let at = shanghai('2026-08-01T00:00').getTime(); at < shanghai('2026-11-30T00:00').getTime(); at += 5 * HOUR) {
      for (const days of [1, 2, 3, 5, 10, 20]) {
        expect(clock.dueAt(new Date(at), days)).toEqual(workingDayDueAt(new Date(at), days, calendar));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  test('the National Day holiday is skipped by dueAt as by workingDayDueAt', () => {
    expect(clock.dueAt(shanghai('2026-09-30T10:00'), 3)).toEqual(endOfShanghaiDay('2026-10-10'));
  });
});

describe('calendarClock: properties over random instants and amounts', () => {
  const random = seededRandom(20261001);
  const yearStart = shanghai('2026-01-01T00:00').getTime();
  const samples = Array.from({ length: 400 }, () => ({
    at: new Date(yearStart + Math.floor(random() * 365 * DAY)),
    // Up to 30 working days, sometimes a whole number of days or hours so that day edges are hit.
    amount: [Math.floor(random() * 30 * DAY), Math.floor(random() * 30) * DAY, Math.floor(random() * 48) * HOUR][
      Math.floor(random() * 3)
    ],
  }));

  test('the working time from an instant to addWorkingTime(instant, x) is x, and no earlier instant has it', () => {
    for (const { at, amount } of samples) {
      const end = clock.addWorkingTime(at, amount);
      expect(clock.workingTimeBetween(at, end)).toBe(amount);
      if (amount > 0) expect(clock.workingTimeBetween(at, new Date(end.getTime() - 1))).toBe(amount - 1);
    }
  });

  test('the working time from subtractWorkingTime(instant, x) to the instant is x, and no later instant has it', () => {
    for (const { at, amount } of samples) {
      const start = clock.subtractWorkingTime(at, amount);
      expect(clock.workingTimeBetween(start, at)).toBe(amount);
      if (amount > 0) expect(clock.workingTimeBetween(new Date(start.getTime() + 1), at)).toBe(amount - 1);
    }
  });

  test('working time adds up over an instant between two others', () => {
    for (let i = 0; i + 2 < samples.length; i += 3) {
      const [a, b, c] = [samples[i].at, samples[i + 1].at, samples[i + 2].at].sort((x, y) => x.getTime() - y.getTime());
      expect(clock.workingTimeBetween(a, b) + clock.workingTimeBetween(b, c)).toBe(clock.workingTimeBetween(a, c));
    }
  });
});

describe('calendarClock: bad input fails at once instead of hanging a worker', () => {
  const at = shanghai('2026-03-04T12:00');

  test('a span of more than twenty years is a RangeError', () => {
    expect(() => clock.workingTimeBetween(at, shanghai('2050-03-04T12:00'))).toThrow(RangeError);
    expect(() => clock.addWorkingTime(at, (MAX_CLOCK_SPAN_DAYS + 1) * DAY)).toThrow(RangeError);
    expect(() => clock.subtractWorkingTime(at, Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
    expect(() => clock.dueAt(at, MAX_CLOCK_SPAN_DAYS + 1)).toThrow(RangeError);
  });

  test('a calendar with no working day for decades stops the search with a RangeError', () => {
    const days: CalendarDay[] = [];
    for (let day = 0; day < 25 * 366; day += 1) {
      days.push({ date: new Date(Date.UTC(2026, 0, 1) + day * DAY).toISOString().slice(0, 10), kind: 'holiday' });
    }
    const never = calendarClock(calendarFromDays(days));
    expect(() => never.addWorkingTime(at, HOUR)).toThrow(RangeError);
    expect(() => never.subtractWorkingTime(shanghai('2050-03-04T12:00'), HOUR)).toThrow(RangeError);
  });

  test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('an amount of %p ms is a RangeError', (amount) => {
    expect(() => clock.addWorkingTime(at, amount)).toThrow(RangeError);
    expect(() => clock.subtractWorkingTime(at, amount)).toThrow(RangeError);
  });

  test.each([0, -1, 1.5, Number.NaN])('a limit of %p working days is a RangeError', (days) => {
    expect(() => clock.dueAt(at, days)).toThrow(RangeError);
  });

  test('an invalid date is a RangeError', () => {
    const invalid = new Date('not a date');
    expect(() => clock.workingTimeBetween(invalid, at)).toThrow(RangeError);
    expect(() => clock.addWorkingTime(invalid, HOUR)).toThrow(RangeError);
    expect(() => clock.subtractWorkingTime(invalid, HOUR)).toThrow(RangeError);
    expect(() => clock.dueAt(invalid, 1)).toThrow(RangeError);
  });
});

describe('compressedClock', () => {
  const demo = compressedClock(2);
  const start = shanghai('2026-03-06T15:00'); // a Friday: weekends mean nothing to the demo clock

  test('the compressed clock is plain arithmetic: every instant is working time and a day lasts N seconds', () => {
    expect(demo.workingDayMs).toBe(2000);
    expect(demo.dueAt(start, 3)).toEqual(new Date(start.getTime() + 6000));
    const later = new Date(start.getTime() + 3 * DAY);
    expect(demo.workingTimeBetween(start, later)).toBe(3 * DAY);
    expect(demo.workingTimeBetween(later, start)).toBe(0);
    expect(demo.addWorkingTime(start, 4500)).toEqual(new Date(start.getTime() + 4500));
    expect(demo.subtractWorkingTime(start, 4500)).toEqual(new Date(start.getTime() - 4500));
  });

  test('the compressed clock ignores the holiday calendar entirely', () => {
    const holiday = shanghai('2026-10-01T10:00');
    expect(demo.workingTimeBetween(holiday, new Date(holiday.getTime() + 1000))).toBe(1000);
  });

  test.each([0, -1, Number.NaN, 0.0001])('a demo day of %p seconds is a RangeError', (seconds) => {
    expect(() => compressedClock(seconds)).toThrow(RangeError);
  });

  test('bad amounts and limits are RangeErrors on the compressed clock too', () => {
    expect(() => demo.dueAt(start, 0)).toThrow(RangeError);
    expect(() => demo.addWorkingTime(start, -1)).toThrow(RangeError);
    expect(() => demo.subtractWorkingTime(start, (MAX_CLOCK_SPAN_DAYS + 1) * 2000)).toThrow(RangeError);
  });
});

describe('workingDaysOf', () => {
  test('working time is shown in working days of the clock, rounded to 2 decimals', () => {
    expect(workingDaysOf(clock, 36 * HOUR)).toBe(1.5);
    expect(workingDaysOf(clock, 8 * HOUR)).toBe(0.33);
    expect(workingDaysOf(clock, 0)).toBe(0);
    expect(workingDaysOf(compressedClock(2), 3000)).toBe(1.5);
    expect(workingDaysOf(calendarClock(WEEKENDS_ONLY_CALENDAR), -36 * HOUR)).toBe(-1.5);
  });

  test('a half hundredth rounds away from zero on both sides', () => {
    expect(workingDaysOf(clock, 0.005 * DAY)).toBe(0.01);
    expect(workingDaysOf(clock, -0.005 * DAY)).toBe(-0.01);
  });
});

describe('a calendar clock asked again and again', () => {
  test('answers every question as a fresh clock does (the days it remembers are the right ones)', () => {
    const calendar = calendarFromDays(officialCalendarDays());
    const kept = calendarClock(calendar);
    const start = shanghai('2025-09-20T13:30:00').getTime();
    // Overlapping walks forwards and backwards over the National Day holiday and its make-up days.
    for (let i = 0; i < 60; i++) {
      const from = new Date(start + ((i * 7919) % 40) * 7 * HOUR);
      const to = new Date(from.getTime() + ((i * 104729) % 30) * 11 * HOUR);
      const amount = ((i * 31) % 9) * 5 * HOUR;
      const fresh = calendarClock(calendar);
      expect(kept.workingTimeBetween(from, to)).toBe(fresh.workingTimeBetween(from, to));
      expect(kept.addWorkingTime(from, amount)).toEqual(calendarClock(calendar).addWorkingTime(from, amount));
      expect(kept.subtractWorkingTime(to, amount)).toEqual(calendarClock(calendar).subtractWorkingTime(to, amount));
      expect(kept.dueAt(from, 1 + (i % 5))).toEqual(calendarClock(calendar).dueAt(from, 1 + (i % 5)));
    }
  });
});
