import {
  describeOfficialCalendarSeed,
  officialCalendarDays,
  OFFICIAL_CALENDAR_SOURCE,
} from '../../libs/persistence/seed/official-calendar.seed';

describe('officialCalendarDays', () => {
  test('keeps weekday holidays and weekend make-up days, with the Chinese name, and drops weekend holidays', () => {
    const days = officialCalendarDays(
      {
        holidays: {
          '2026-10-02': 'National Day,国庆节,3', // Friday
          '2026-10-03': 'National Day,国庆节,3', // Saturday: off anyway
          '2026-10-01': 'National Day,国庆节,3', // Thursday
        },
        workdays: {
          '2026-10-10': 'National Day,国庆节,3', // Saturday
          '2026-10-12': 'Odd entry,怪,1', // Monday: a working day anyway
        },
      },
      2025,
    );
    expect(days).toEqual([
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-10', kind: 'workday', name: '国庆节' },
    ]);
  });

  test('leaves out years before the first one wanted', () => {
    const days = officialCalendarDays(
      { holidays: { '2024-10-01': 'National Day,国庆节,3', '2025-10-01': 'National Day,国庆节,3' }, workdays: {} },
      2025,
    );
    expect(days.map((d) => d.date)).toEqual(['2025-10-01']);
  });

  test('the installed package has the arrangements for 2025 and 2026', () => {
    const years = [...new Set(officialCalendarDays().map((d) => d.date.slice(0, 4)))];
    expect(years).toEqual(expect.arrayContaining(['2025', '2026']));
    expect(years.every((y) => Number(y) >= 2025)).toBe(true);
    expect(OFFICIAL_CALENDAR_SOURCE).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
  });
});

describe('describeOfficialCalendarSeed', () => {
  test('names the years up to next year that have no arrangement yet', () => {
    const line = describeOfficialCalendarSeed(
      { source: 'chinese-days@1.5.7', years: [2025, 2026], inserted: 38, updated: 0 },
      new Date('2026-11-25T00:00:00Z'),
    );
    expect(line).toContain('2025, 2026 from chinese-days@1.5.7 (38 day(s) added, 0 updated)');
    expect(line).toContain('none yet for 2027');
  });
});
