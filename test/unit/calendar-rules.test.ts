import {
  calendarFromDays,
  isCalendarDate,
  isWeekend,
  redundantCalendarDay,
  shanghaiDate,
  WEEKENDS_ONLY_CALENDAR,
  workingDayDueAt,
  workingDaySchedule,
  type WorkingDayCalendar,
} from '../../libs/domain/calendar/working-days';

const shanghai = (localDateTime: string): Date => new Date(`${localDateTime}+08:00`);

describe('isCalendarDate', () => {
  test.each(['2026-10-01', '2024-02-29', '2026-12-31', '2027-01-01'])('%s is a real date', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  test.each([
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-9-1',
    '20261001',
    '2026-10-01T00:00',
    '',
  ])('%p is not a real date written YYYY-MM-DD', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('redundantCalendarDay', () => {
  test('a holiday on a weekday and a make-up working day on a weekend are real exceptions', () => {
    expect(redundantCalendarDay('2026-10-01', 'holiday')).toBeUndefined(); // Thursday
    expect(redundantCalendarDay('2026-10-10', 'workday')).toBeUndefined(); // Saturday
    expect(redundantCalendarDay('2026-09-20', 'workday')).toBeUndefined(); // Sunday
  });

  test('a holiday on a Saturday or Sunday is refused with the weekday named', () => {
    expect(redundantCalendarDay('2026-10-03', 'holiday')).toMatch(/2026-10-03 is a Saturday.*not a working day anyway/);
    expect(redundantCalendarDay('2026-10-04', 'holiday')).toMatch(/Sunday/);
  });

  test('a make-up working day on a weekday is refused with the weekday named', () => {
    expect(redundantCalendarDay('2026-10-08', 'workday')).toMatch(/2026-10-08 is a Thursday.*working day anyway/);
  });

  test('isWeekend follows the date, not the time zone of the machine', () => {
    expect(['2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05'].map(isWeekend)).toEqual([false, true, true, false]);
  });
});

describe('calendarFromDays', () => {
  test('sorts entries into holidays and make-up working days', () => {
    const calendar = calendarFromDays([
      { date: '2026-10-01', kind: 'holiday' },
      { date: '2026-10-10', kind: 'workday' },
      { date: '2026-10-02', kind: 'holiday' },
    ]);
    expect([...calendar.holidays]).toEqual(['2026-10-01', '2026-10-02']);
    expect([...calendar.makeUpWorkdays]).toEqual(['2026-10-10']);
  });
});

describe('shanghaiDate', () => {
  test('is the date in Shanghai, which is ahead of UTC by eight hours', () => {
    expect(shanghaiDate(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });
});

describe('workingDaySchedule', () => {
  const nationalDay2026: WorkingDayCalendar = calendarFromDays([
    ...['01', '02', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
    { date: '2026-09-20', kind: 'workday' },
    { date: '2026-10-10', kind: 'workday' },
  ]);

  test('lists the counted working days, skipping the holiday week and counting the make-up Saturday', () => {
    expect(workingDaySchedule(shanghai('2026-09-30T10:00'), 3, nationalDay2026)).toEqual({
      dueAt: new Date('2026-10-10T16:00:00.000Z'),
      countedDays: ['2026-10-08', '2026-10-09', '2026-10-10'],
    });
  });

  test('agrees with workingDayDueAt on the due instant', () => {
    for (const days of [1, 2, 5, 20, 365]) {
      const start = shanghai('2026-09-18T15:00');
      expect(workingDaySchedule(start, days, nationalDay2026).dueAt).toEqual(
        workingDayDueAt(start, days, nationalDay2026),
      );
    }
  });

  test('counts exactly N days and never the start day itself', () => {
    const { countedDays } = workingDaySchedule(shanghai('2026-03-02T00:00'), 365, WEEKENDS_ONLY_CALENDAR);
    expect(countedDays).toHaveLength(365);
    expect(countedDays[0]).toBe('2026-03-03');
    expect(countedDays.some(isWeekend)).toBe(false);
  });

  test('a limit of 0 working days is a RangeError', () => {
    expect(() => workingDaySchedule(shanghai('2026-03-02T10:00'), 0, WEEKENDS_ONLY_CALENDAR)).toThrow(RangeError);
  });
});
