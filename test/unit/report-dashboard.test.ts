import {
  criticalPathRows,
  heatMap,
  timeSplitRows,
  trendLines,
  type BottleneckReport,
  type DepartmentMetrics,
} from '../../apps/web/src/features/reports/report-charts';
import { periodFromParams, trendWeeks, windowQuery } from '../../apps/web/src/features/reports/report-window';

const time = (p50WorkingDays: number | null, totalWorkingDays = p50WorkingDays ?? 0) => ({
  count: p50WorkingDays === null ? 0 : 1,
  p50Hours: null,
  p90Hours: null,
  p50WorkingHours: null,
  p90WorkingHours: null,
  p50WorkingDays,
  p90WorkingDays: p50WorkingDays === null ? null : p50WorkingDays * 2,
  totalHours: 0,
  totalWorkingDays,
});

function metrics(departmentCode: string, overrides: Partial<DepartmentMetrics> = {}): DepartmentMetrics {
  return {
    departmentCode,
    wip: 0,
    arrivals: 0,
    throughput: 0,
    queueTime: time(null),
    handlingTime: time(null),
    applicantTime: time(null),
    pausedTime: time(null),
    breaches: 0,
    breachRate: null,
    overdueOpen: 0,
    oldestOverdue: null,
    deemedApprovals: 0,
    supplementRounds: { total: 0, perCase: null },
    warnings: 0,
    yellowCards: 0,
    redCards: 0,
    urges: 0,
    reassignments: 0,
    criticalPath: {
      stages: 0,
      timesLast: 0,
      share: 0,
      medianHoursAdded: 0,
      totalHoursAdded: 0,
      medianWorkingDaysAdded: 0,
      totalWorkingDaysAdded: 0,
    },
    ...overrides,
  };
}

const path = (stages: number, timesLast: number, totalWorkingDaysAdded: number) => ({
  stages,
  timesLast,
  share: stages === 0 ? 0 : timesLast / stages,
  medianHoursAdded: 0,
  totalHoursAdded: 0,
  medianWorkingDaysAdded: 0,
  totalWorkingDaysAdded,
});

const ranked = (departmentCode: string, serviceCode: string, stuckCases: string[]) => ({
  rank: 0,
  departmentCode,
  serviceCode,
  score: 0,
  share: 0,
  timesLast: 0,
  stages: 0,
  medianWorkingDaysAdded: 0,
  breaches: 0,
  breachRate: null,
  overdueOpen: 0,
  dominant: null,
  dominantShare: null,
  reason: '',
  stuckCases,
});

const report: BottleneckReport = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  departments: [
    metrics('market', { criticalPath: path(3, 0, 0), queueTime: time(0.5, 2), handlingTime: time(1, 3) }),
    metrics('health', { criticalPath: path(2, 1, 1) }),
    metrics('fire', { criticalPath: path(3, 2, 4), queueTime: time(2.04, 9), pausedTime: time(1) }),
    metrics('tax', { criticalPath: path(2, 1, 3) }),
  ].map((row) => ({ ...row, ratings: { count: 0, average: null, low: 0 } })),
  services: [
    metrics('fire', { serviceCode: 'shop', queueTime: time(2), handlingTime: time(0.44) }),
    metrics('fire', { serviceCode: 'sign', queueTime: time(null), handlingTime: time(1) }),
    metrics('market', { serviceCode: 'shop', queueTime: time(null), handlingTime: time(null) }),
  ],
  steps: [],
  ranking: [ranked('fire', 'sign', ['c2', 'c1']), ranked('fire', 'shop', ['c1', 'c3']), ranked('health', 'shop', [])],
};

describe('the dashboard charts, drawn from the report', () => {
  test('departments by critical-path share, then by how often last, then by days added', () => {
    expect(criticalPathRows(report).map((row) => [row.departmentCode, row.timesLast])).toEqual([
      ['fire', 2],
      ['tax', 1],
      ['health', 1],
      ['market', 0],
    ]);
  });

  test('the time split takes medians or totals, the department with the most time first', () => {
    const median = timeSplitRows(report, 'median');
    expect(median[0]).toEqual({
      departmentCode: 'fire',
      days: { queue: 2, handling: 0, paused: 1, applicant: 0 },
      sum: 3,
    });
    const total = timeSplitRows(report, 'total');
    expect(total.map((row) => [row.departmentCode, row.sum])).toEqual([
      ['fire', 10],
      ['market', 5],
      ['health', 0],
      ['tax', 0],
    ]);
  });

  test('the heat map adds median queue and handling time, and leaves out a pair with nothing measured', () => {
    expect(heatMap(report)).toEqual({
      departments: ['fire', 'market'],
      services: ['shop', 'sign'],
      cells: [
        { departmentCode: 'fire', serviceCode: 'shop', delay: 2.4 },
        { departmentCode: 'fire', serviceCode: 'sign', delay: 1 },
      ],
      max: 2.4,
    });
  });

  test('a trend line per department; a week without the department is zero, or a gap for a time', () => {
    const trend = {
      weeks: [
        { weekStart: '2026-11-16T16:00:00.000Z', departments: [metrics('fire', { breaches: 2 })] },
        {
          weekStart: '2026-11-23T16:00:00.000Z',
          departments: [metrics('market', { breaches: 1 }), metrics('fire', { handlingTime: time(1.26) })],
        },
      ],
    };
    expect(trendLines(trend, 'breaches')).toEqual({
      weekStarts: ['2026-11-16T16:00:00.000Z', '2026-11-23T16:00:00.000Z'],
      lines: [
        { departmentCode: 'fire', values: [2, 0] },
        { departmentCode: 'market', values: [0, 1] },
      ],
    });
    expect(trendLines(trend, 'p90Handling').lines).toEqual([
      { departmentCode: 'fire', values: [null, 2.5] },
      { departmentCode: 'market', values: [null, null] },
    ]);
  });
});

describe('the period of the dashboard', () => {
  // 2026-12-02 01:30 in Beijing.
  const now = new Date('2026-12-01T17:30:00Z');

  test('a preset starts at Beijing midnight of its first day, today included, and runs to now', () => {
    expect(windowQuery({ days: 7 }, now)).toEqual({ from: '2026-11-26T00:00:00+08:00', days: 7 });
    expect(windowQuery({ days: 30 }, now).from).toBe('2026-11-03T00:00:00+08:00');
  });

  test('custom days run from midnight of the first to midnight after the last, or to now when that is later', () => {
    expect(windowQuery({ firstDay: '2026-11-01', lastDay: '2026-11-30' }, now)).toEqual({
      from: '2026-11-01T00:00:00+08:00',
      to: '2026-12-01T00:00:00+08:00',
      days: 30,
    });
    expect(windowQuery({ firstDay: '2026-11-20', lastDay: '2026-12-02' }, now)).toEqual({
      from: '2026-11-20T00:00:00+08:00',
      days: 13,
    });
  });

  test('the address gives the period; anything else is the last 30 days', () => {
    expect(periodFromParams(new URLSearchParams('period=7'))).toEqual({ days: 7 });
    expect(periodFromParams(new URLSearchParams('period=custom&from=2026-11-01&to=2026-11-05'))).toEqual({
      firstDay: '2026-11-01',
      lastDay: '2026-11-05',
    });
    expect(periodFromParams(new URLSearchParams('period=custom&from=2026-11-05&to=2026-11-01'))).toEqual({ days: 30 });
    expect(periodFromParams(new URLSearchParams('period=14'))).toEqual({ days: 30 });
  });

  test('the trend shows about as many weeks as the period, at least four', () => {
    expect([trendWeeks(7), trendWeeks(30), trendWeeks(90), trendWeeks(366)]).toEqual([4, 5, 13, 52]);
  });
});
