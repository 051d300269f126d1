import {
  cachedLoader,
  calendarClockSource,
  compressedClockSource,
  fixedClockSource,
} from '../../activities/clock-sources';
import {
  calendarClock,
  calendarFromDays,
  compressedClock,
  WEEKENDS_ONLY_CALENDAR,
  type WorkingDayCalendar,
} from '../../libs/domain';

/** A Monday, 10:00 in Shanghai. */
const MONDAY = new Date('2031-03-03T10:00:00+08:00');
const endOfShanghaiDay = (date: string): Date => new Date(`${date}T16:00:00.000Z`);

describe('clock sources', () => {
  test('the calendar source counts working days by the calendar it loads', async () => {
    const tuesdayOff = calendarFromDays([{ date: '2031-03-04', kind: 'holiday' }]);
    const clock = await calendarClockSource(() => Promise.resolve(tuesdayOff))();
    expect(clock.dueAt(MONDAY, 1)).toEqual(endOfShanghaiDay('2031-03-05'));
  });

  test('the calendar source keeps one clock per calendar loaded, and a new calendar gets a new clock', async () => {
    const tuesdayOff = calendarFromDays([{ date: '2031-03-04', kind: 'holiday' }]);
    let calendar: WorkingDayCalendar = WEEKENDS_ONLY_CALENDAR;
    const source = calendarClockSource(() => Promise.resolve(calendar));
    const first = await source();
    // Asked once with the plain calendar: Tuesday 4 March 2031 works (its answer is now remembered).
    expect(first.workingTimeBetween(MONDAY, endOfShanghaiDay('2031-03-04'))).toBe(38 * 3600_000);
    expect(await source()).toBe(first);
    calendar = tuesdayOff;
    const second = await source();
    expect(second).not.toBe(first);
    // The new calendar's clock does not answer from the old clock's memory: Tuesday is off now.
    expect(second.workingTimeBetween(MONDAY, endOfShanghaiDay('2031-03-04'))).toBe(14 * 3600_000);
  });

  test('a load failure fails the source (the activity is retried)', async () => {
    await expect(calendarClockSource(() => Promise.reject(new Error('database down')))()).rejects.toThrow(
      'database down',
    );
  });

  test('the demo clock and the real calendar are interchangeable behind a source', async () => {
    const real = await fixedClockSource(calendarClock(WEEKENDS_ONLY_CALENDAR))();
    const demo = await compressedClockSource(60)();
    expect(real.dueAt(MONDAY, 2)).toEqual(endOfShanghaiDay('2031-03-05'));
    expect(demo.dueAt(MONDAY, 2)).toEqual(new Date(MONDAY.getTime() + 120_000));
    expect(demo.workingDayMs).toBe(60_000);
    expect((await fixedClockSource(compressedClock(2))()).dueAt(MONDAY, 3)).toEqual(new Date(MONDAY.getTime() + 6000));
  });
});

describe('cachedLoader', () => {
  const calendars = (): { load: () => Promise<WorkingDayCalendar>; calls: () => number } => {
    let calls = 0;
    return {
      load: () => {
        calls += 1;
        return Promise.resolve(calendarFromDays([{ date: `2031-03-0${calls}`, kind: 'holiday' }]));
      },
      calls: () => calls,
    };
  };

  test('loads once within the TTL and again after it, so a correction arrives without a restart', async () => {
    let now = 1_000_000;
    const source = calendars();
    const cached = cachedLoader(source.load, 60_000, () => now);
    const first = await cached();
    now += 59_999;
    expect(await cached()).toBe(first);
    expect(source.calls()).toBe(1);
    now += 1;
    const second = await cached();
    expect(second).not.toBe(first);
    expect(source.calls()).toBe(2);
  });

  test('concurrent callers share one load', async () => {
    const source = calendars();
    const cached = cachedLoader(source.load, 60_000, () => 0);
    const [a, b, c] = await Promise.all([cached(), cached(), cached()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(source.calls()).toBe(1);
  });

  test('a failed load is not kept: the next call tries again', async () => {
    let fail = true;
    const cached = cachedLoader(
      () => (fail ? Promise.reject(new Error('database down')) : Promise.resolve(WEEKENDS_ONLY_CALENDAR)),
      60_000,
      () => 0,
    );
    await expect(cached()).rejects.toThrow('database down');
    fail = false;
    await expect(cached()).resolves.toBe(WEEKENDS_ONLY_CALENDAR);
  });
});
