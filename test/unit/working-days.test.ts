import {
  WEEKENDS_ONLY_CALENDAR,
  isWorkingDay,
  workingDayDueAt,
  type WorkingDayCalendar,
} from '../../libs/domain/calendar/working-days';

/** An instant given as Shanghai wall-clock time (UTC+8 all year). */
const shanghai = (localDateTime: string): Date => new Date(`${localDateTime}+08:00`);
/** The end of a Shanghai calendar day (24:00 local) is 16:00 UTC of that same date. */
const endOfShanghaiDay = (date: string): Date => new Date(`${date}T16:00:00.000Z`);

/**
 * The National Day part of the State Council's 2026 holiday arrangement (国务院办公厅关于2026年部分节假日
 * 安排的通知): off from Thursday 1 October to Wednesday 7 October; Sunday 20 September and Saturday
 * 10 October are make-up working days (调休上班). The make-up dates were checked against a secondary
 * source only, so the calendar is spelled out here: the tests are about how a passed calendar is
 * applied, not about the official data, which the application keeps in the database.
 */
const NATIONAL_DAY_2026: WorkingDayCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  makeUpWorkdays: new Set(['2026-09-20', '2026-10-10']),
};

describe('isWorkingDay', () => {
  test('Monday to Friday are working days and Saturday and Sunday are not, without a calendar', () => {
    // 2026-03-02 is a Monday.
    const week = ['02', '03', '04', '05', '06', '07', '08'].map((day) =>
      isWorkingDay(`2026-03-${day}`, WEEKENDS_ONLY_CALENDAR),
    );
    expect(week).toEqual([true, true, true, true, true, false, false]);
  });

  test('an official holiday on a weekday is not a working day', () => {
    expect(isWorkingDay('2026-10-01', NATIONAL_DAY_2026)).toBe(false); // Thursday
    expect(isWorkingDay('2026-10-05', NATIONAL_DAY_2026)).toBe(false); // Monday
    expect(isWorkingDay('2026-10-07', NATIONAL_DAY_2026)).toBe(false); // Wednesday
  });

  test('a make-up working day on a weekend is a working day', () => {
    expect(isWorkingDay('2026-09-20', NATIONAL_DAY_2026)).toBe(true); // Sunday
    expect(isWorkingDay('2026-10-10', NATIONAL_DAY_2026)).toBe(true); // Saturday
  });

  test('the days around the holiday keep their weekday rule', () => {
    expect(isWorkingDay('2026-09-30', NATIONAL_DAY_2026)).toBe(true); // Wednesday
    expect(isWorkingDay('2026-10-08', NATIONAL_DAY_2026)).toBe(true); // Thursday
    expect(isWorkingDay('2026-10-11', NATIONAL_DAY_2026)).toBe(false); // Sunday
  });
});

describe('workingDayDueAt', () => {
  test('a limit that starts on Friday afternoon ends at the end of Monday (Monday 16:00 UTC)', () => {
    expect(workingDayDueAt(shanghai('2026-03-06T15:00'), 1, WEEKENDS_ONLY_CALENDAR)).toEqual(
      new Date('2026-03-09T16:00:00.000Z'),
    );
  });

  test('counting starts on the next working day even when the step starts at the first instant of a day', () => {
    // Monday 00:00 Shanghai: Monday itself does not count, so one working day ends with Tuesday.
    expect(workingDayDueAt(shanghai('2026-03-02T00:00'), 1, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2026-03-03'),
    );
  });

  test('weekends are skipped: five working days from a Monday end on the next Monday', () => {
    expect(workingDayDueAt(shanghai('2026-03-02T10:00'), 5, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2026-03-09'),
    );
  });

  test('a step started on a weekend counts from Monday', () => {
    expect(workingDayDueAt(shanghai('2026-03-07T11:00'), 1, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2026-03-09'),
    );
  });

  test('ten working days span two weekends', () => {
    // Monday 2 March + 10 working days: 3–6, 9–13, 16 March.
    expect(workingDayDueAt(shanghai('2026-03-02T09:00'), 10, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2026-03-16'),
    );
  });

  test('an early-morning start in Shanghai counts from the Shanghai date, although UTC is still on the previous day', () => {
    // Tuesday 01:00 in Shanghai is Monday 17:00 UTC: the start day is Tuesday, so one day ends with Wednesday.
    const start = new Date('2026-03-02T17:00:00.000Z');
    expect(workingDayDueAt(start, 1, WEEKENDS_ONLY_CALENDAR)).toEqual(endOfShanghaiDay('2026-03-04'));
  });

  test('23:30 UTC on a Thursday is already Friday in Shanghai, so one working day ends with Monday', () => {
    const start = new Date('2026-03-05T23:30:00.000Z');
    expect(workingDayDueAt(start, 1, WEEKENDS_ONLY_CALENDAR)).toEqual(endOfShanghaiDay('2026-03-09'));
  });

  test('a late-evening start in Shanghai still belongs to that Shanghai day', () => {
    // Thursday 23:59:59.999 in Shanghai (15:59:59.999 UTC) versus one millisecond later, Friday 00:00.
    expect(workingDayDueAt(new Date('2026-03-05T15:59:59.999Z'), 1, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2026-03-06'),
    );
    expect(workingDayDueAt(new Date('2026-03-05T16:00:00.000Z'), 1, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2026-03-09'),
    );
  });

  test('the National Day holiday is skipped: a step started the day before is due at the end of 8 October', () => {
    expect(workingDayDueAt(shanghai('2026-09-30T10:00'), 1, NATIONAL_DAY_2026)).toEqual(endOfShanghaiDay('2026-10-08'));
  });

  test('a step started during the holiday counts from the first working day after it', () => {
    expect(workingDayDueAt(shanghai('2026-10-03T10:00'), 2, NATIONAL_DAY_2026)).toEqual(endOfShanghaiDay('2026-10-09'));
  });

  test('the make-up Saturday after the holiday counts as a working day', () => {
    // 8 (Thu), 9 (Fri), 10 (make-up Sat).
    expect(workingDayDueAt(shanghai('2026-09-30T10:00'), 3, NATIONAL_DAY_2026)).toEqual(endOfShanghaiDay('2026-10-10'));
    // Without the calendar the same limit would end inside the holiday.
    expect(workingDayDueAt(shanghai('2026-09-30T10:00'), 3, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2026-10-05'),
    );
  });

  test('the make-up Sunday before the holiday counts as a working day', () => {
    expect(workingDayDueAt(shanghai('2026-09-18T15:00'), 1, NATIONAL_DAY_2026)).toEqual(endOfShanghaiDay('2026-09-20'));
  });

  test('a limit crosses the year boundary', () => {
    // Thursday 31 December 2026: the next working day is Friday 1 January 2027 by weekday alone.
    expect(workingDayDueAt(shanghai('2026-12-31T10:00'), 1, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2027-01-01'),
    );
    expect(workingDayDueAt(shanghai('2026-12-31T10:00'), 3, WEEKENDS_ONLY_CALENDAR)).toEqual(
      endOfShanghaiDay('2027-01-05'),
    );
    // The 2027 arrangement is not announced yet; a constructed New Year's Day holiday moves it to Monday.
    const newYear2027: WorkingDayCalendar = { holidays: new Set(['2027-01-01']), makeUpWorkdays: new Set() };
    expect(workingDayDueAt(shanghai('2026-12-31T10:00'), 1, newYear2027)).toEqual(endOfShanghaiDay('2027-01-04'));
  });

  test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'a limit of %p working days is a RangeError',
    (days) => {
      expect(() => workingDayDueAt(shanghai('2026-03-02T10:00'), days, WEEKENDS_ONLY_CALENDAR)).toThrow(RangeError);
    },
  );
});
