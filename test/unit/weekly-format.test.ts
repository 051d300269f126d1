import {
  formatRate,
  formatRuleValue,
  isoWeekOf,
  fractionFromPercent,
  percentFromFraction,
  reportWeek,
  reportWeekOf,
} from '../../apps/web/src/features/reports/weekly-format';

describe('the weekly reports’ words and numbers', () => {
  test('a reported week reads Monday to Sunday in Beijing, with its ISO week number', () => {
    // Monday 23 November 2026 00:00 in Beijing is Sunday 16:00 UTC.
    expect(reportWeek('2026-11-22T16:00:00.000Z', '2026-11-29T16:00:00.000Z')).toEqual({
      year: 2026,
      week: 48,
      first: '2026-11-23',
      last: '2026-11-29',
    });
    expect(reportWeekOf('2026-11-22T16:00:00.000Z')).toEqual(
      reportWeek('2026-11-22T16:00:00.000Z', '2026-11-29T16:00:00.000Z'),
    );
  });

  test('ISO weeks at the turns of the years', () => {
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1 }); // a Thursday
    expect(isoWeekOf('2025-12-29')).toEqual({ year: 2026, week: 1 }); // its Monday
    expect(isoWeekOf('2027-01-03')).toEqual({ year: 2026, week: 53 }); // a Sunday
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf('2026-11-23')).toEqual({ year: 2026, week: 48 });
    expect(isoWeekOf('2026-11-29')).toEqual({ year: 2026, week: 48 });
  });

  test('the week that starts 2026 belongs to the ISO year of its Monday', () => {
    // Monday 28 December 2026: ISO week 53 of 2026.
    expect(reportWeekOf('2026-12-27T16:00:00.000Z')).toMatchObject({ year: 2026, week: 53, last: '2027-01-03' });
    // Monday 4 January 2027: week 1 of 2027.
    expect(reportWeekOf('2027-01-03T16:00:00.000Z')).toMatchObject({ year: 2027, week: 1, first: '2027-01-04' });
  });

  test('a breach rate shows as a percentage, a tenth kept where it tells a value from its threshold', () => {
    expect(formatRate(0.1)).toBe('10%');
    expect(formatRate(0.125)).toBe('12.5%');
    expect(formatRuleValue('breachRate', 0.3333)).toBe('33.3%');
    expect(formatRuleValue('overdueOpen', 3)).toBe('3');
  });

  test('percentages typed become the API’s fractions and back without float noise; empty is null', () => {
    expect(fractionFromPercent(7)).toBe(0.07);
    expect(fractionFromPercent(12.5)).toBe(0.125);
    expect(fractionFromPercent(150)).toBe(1.5);
    expect(fractionFromPercent(null)).toBeNull();
    expect(fractionFromPercent(undefined)).toBeNull();
    expect(percentFromFraction(0.07)).toBe(7);
    expect(percentFromFraction(0.125)).toBe(12.5);
    expect(percentFromFraction(null)).toBeNull();
  });
});
