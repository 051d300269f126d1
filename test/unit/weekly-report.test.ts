import { thresholdPatch } from '../../apps/gateway/reports/weekly-reports.service';
import { GatewayError } from '../../apps/gateway/common/gateway.error';
import { lastCompleteWeek, raisesAlert, reportAlertText, ruleCrossed, weeklyReportText } from '../../libs/domain';

const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('the week a weekly run reports', () => {
  test('a run on Monday 08:00 reports the week that ended at midnight', () => {
    expect(lastCompleteWeek(shanghai('2026-11-30T08:00:00'))).toEqual({
      from: shanghai('2026-11-23T00:00:00'),
      to: shanghai('2026-11-30T00:00:00'),
    });
  });

  test('a run at exactly Monday 00:00 reports the week that just ended; one a moment before, the one before it', () => {
    expect(lastCompleteWeek(shanghai('2026-11-30T00:00:00')).from).toEqual(shanghai('2026-11-23T00:00:00'));
    expect(lastCompleteWeek(shanghai('2026-11-29T23:59:59')).from).toEqual(shanghai('2026-11-16T00:00:00'));
  });

  test('Sunday evening in UTC is already Monday in Shanghai', () => {
    expect(lastCompleteWeek(new Date('2026-11-29T17:00:00Z')).to).toEqual(shanghai('2026-11-30T00:00:00'));
  });
});

describe('threshold rules', () => {
  test('crossed only strictly above the threshold, and never without a value', () => {
    expect(ruleCrossed(0.1, 0.1)).toBe(false);
    expect(ruleCrossed(0.1, 0.11)).toBe(true);
    expect(ruleCrossed(0, 1)).toBe(true);
    expect(ruleCrossed(0, 0)).toBe(false);
    expect(ruleCrossed(0.1, null)).toBe(false);
  });

  test('an alert is raised on the crossing only, and again after a run under the threshold', () => {
    const runs = [false, true, true, false, true];
    const alerts = runs.map((crossed, i) => raisesAlert(i > 0 ? runs[i - 1] : false, crossed));
    expect(alerts).toEqual([false, true, false, false, true]);
  });

  test('the texts name the department, the figure and the threshold, in both languages', () => {
    const week = { from: shanghai('2026-11-23T00:00:00'), to: shanghai('2026-11-30T00:00:00') };
    const department = { zh: '消防救援支队', en: 'Fire and Rescue Detachment' };
    const alert = reportAlertText({ department, rule: 'breachRate', threshold: 0.1, value: 0.25, week });
    expect(alert.body).toContain('25%');
    expect(alert.body).toContain('10%');
    expect(alert.bodyEn).toContain('Fire and Rescue Detachment');
    const weekly = weeklyReportText({ week, department });
    expect(weekly.title).toBe('消防救援支队周报：2026-11-23 至 2026-11-29');
    expect(weekly.titleEn).toBe('Fire and Rescue Detachment weekly report: 2026-11-23 to 2026-11-29');
  });
});

describe('the body of PUT /reports/thresholds/:departmentCode', () => {
  const problems = (body: unknown) => {
    try {
      thresholdPatch(body);
    } catch (error) {
      if (error instanceof GatewayError) return [error.code, error.details];
      throw error;
    }
    throw new Error('expected a refusal');
  };

  test('absent fields stay, null clears, values in range are taken', () => {
    expect(thresholdPatch({ breachRate: 1 })).toEqual({ breachRate: 1 });
    expect(thresholdPatch({ overdueOpen: 0, breachRate: null })).toEqual({ overdueOpen: 0, breachRate: null });
  });

  test('every problem is named at once, as THRESHOLD_INVALID', () => {
    const [code, details] = problems({ breachRate: 0, overdueOpen: 1.5, extra: true });
    expect(code).toBe('THRESHOLD_INVALID');
    expect(details).toEqual([
      expect.objectContaining({ field: 'extra', rule: 'UNKNOWN_PROPERTY' }),
      expect.objectContaining({ field: 'breachRate', rule: 'THRESHOLD_FRACTION' }),
      expect.objectContaining({ field: 'overdueOpen', rule: 'THRESHOLD_COUNT' }),
    ]);
    expect(problems({})[1]).toEqual([expect.objectContaining({ field: 'body', rule: 'THRESHOLD_NONE_GIVEN' })]);
    expect(problems([])[1]).toEqual([expect.objectContaining({ field: 'body', rule: 'NOT_OBJECT' })]);
    expect(problems({ overdueOpen: Number.NaN })[1]).toEqual([
      expect.objectContaining({ field: 'overdueOpen', rule: 'THRESHOLD_COUNT' }),
    ]);
  });
});
