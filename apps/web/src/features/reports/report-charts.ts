// The generated types themselves, not the client: the unit tests load this file in Node.
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

/**
 * The dashboard's charts as data: which rows, in which order, with which numbers. Each chart and
 * the table offered beside it are drawn from the same rows, so the two cannot disagree. Pure (no
 * ECharts, no React): the unit tests check the figures.
 */

export type BottleneckReport = Schemas['BottleneckReportDto'];
export type DepartmentMetrics = Schemas['DepartmentMetricsDto'];
export type Trend = Schemas['TrendDto'];

export const DELAY_KINDS = ['queue', 'handling', 'paused', 'applicant'] as const;
export type DelayKind = (typeof DELAY_KINDS)[number];

/** Okabe–Ito colours: told apart by people with the common colour-vision deficiencies too. */
export const DELAY_COLOURS: Record<DelayKind, string> = {
  queue: '#E69F00',
  handling: '#0072B2',
  paused: '#CC79A7',
  applicant: '#009E73',
};

const TIME_OF: Record<DelayKind, (row: DepartmentMetrics) => Schemas['TimeSummaryDto']> = {
  queue: (row) => row.queueTime,
  handling: (row) => row.handlingTime,
  paused: (row) => row.pausedTime,
  applicant: (row) => row.applicantTime,
};

/** One decimal, as the reasons write working days; a dash for "nothing measured". */
export function formatDays(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : (Math.round(value * 10) / 10).toFixed(1);
}

export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined ? '—' : `${Math.round(fraction * 100)}%`;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export interface CriticalPathRow {
  departmentCode: string;
  share: number;
  timesLast: number;
  stages: number;
  medianWorkingDaysAdded: number;
  totalWorkingDaysAdded: number;
}

/**
 * Departments by how often they finished last in a parallel stage: the largest share first, then
 * the one that finished last more often, then the one that added more days.
 */
export function criticalPathRows(report: BottleneckReport): CriticalPathRow[] {
  return report.departments
    .map((row) => ({ departmentCode: row.departmentCode, ...row.criticalPath }))
    .sort(
      (a, b) =>
        b.share - a.share ||
        b.timesLast - a.timesLast ||
        b.totalWorkingDaysAdded - a.totalWorkingDaysAdded ||
        a.departmentCode.localeCompare(b.departmentCode),
    );
}

export type SplitMeasure = 'median' | 'total';

export interface TimeSplitRow {
  departmentCode: string;
  /** Working days of each kind: the median of the rounds, or their sum. */
  days: Record<DelayKind, number>;
  sum: number;
}

/** Each department's time cut four ways, the department with the most time first. */
export function timeSplitRows(report: BottleneckReport, measure: SplitMeasure): TimeSplitRow[] {
  return report.departments
    .map((row) => {
      const days = Object.fromEntries(
        DELAY_KINDS.map((kind) => {
          const time = TIME_OF[kind](row);
          return [kind, round1(measure === 'median' ? (time.p50WorkingDays ?? 0) : time.totalWorkingDays)];
        }),
      ) as Record<DelayKind, number>;
      return { departmentCode: row.departmentCode, days, sum: DELAY_KINDS.reduce((s, kind) => s + days[kind], 0) };
    })
    .sort((a, b) => b.sum - a.sum || a.departmentCode.localeCompare(b.departmentCode));
}

export const TREND_MEASURES = ['breaches', 'p90Handling', 'throughput', 'overdueOpen'] as const;
export type TrendMeasure = (typeof TREND_MEASURES)[number];

const TREND_VALUE: Record<TrendMeasure, (row: DepartmentMetrics) => number | null> = {
  breaches: (row) => row.breaches,
  p90Handling: (row) => (row.handlingTime.p90WorkingDays === null ? null : round1(row.handlingTime.p90WorkingDays)),
  throughput: (row) => row.throughput,
  overdueOpen: (row) => row.overdueOpen,
};

export interface TrendLines {
  weekStarts: string[];
  /** One line per department seen in any week; null where the department had nothing to measure. */
  lines: { departmentCode: string; values: (number | null)[] }[];
}

/** One line per department over the weeks, in the order departments first appear. */
export function trendLines(trend: Trend, measure: TrendMeasure): TrendLines {
  const departments: string[] = [];
  for (const week of trend.weeks) {
    for (const row of week.departments)
      if (!departments.includes(row.departmentCode)) departments.push(row.departmentCode);
  }
  return {
    weekStarts: trend.weeks.map((week) => week.weekStart),
    lines: departments.map((departmentCode) => ({
      departmentCode,
      values: trend.weeks.map((week) => {
        const row = week.departments.find((r) => r.departmentCode === departmentCode);
        if (!row) return measure === 'p90Handling' ? null : 0;
        return TREND_VALUE[measure](row);
      }),
    })),
  };
}

export interface HeatCell {
  departmentCode: string;
  serviceCode: string;
  /** Median queue time + median handling time, in working days. */
  delay: number;
}

export interface HeatMap {
  departments: string[];
  services: string[];
  cells: HeatCell[];
  max: number;
}

/**
 * Departments × services by median delay (queue + handling, p50 working days). A pair with no
 * measured round has no cell rather than a zero that would read as "fast".
 */
export function heatMap(report: BottleneckReport): HeatMap {
  const cells = report.services
    .filter((row) => row.serviceCode !== undefined)
    .filter((row) => row.queueTime.p50WorkingDays !== null || row.handlingTime.p50WorkingDays !== null)
    .map((row) => ({
      departmentCode: row.departmentCode,
      serviceCode: row.serviceCode!,
      delay: round1((row.queueTime.p50WorkingDays ?? 0) + (row.handlingTime.p50WorkingDays ?? 0)),
    }));
  const departments = [...new Set(report.services.map((row) => row.departmentCode))].sort();
  const services = [...new Set(report.services.flatMap((row) => (row.serviceCode ? [row.serviceCode] : [])))].sort();
  return { departments, services, cells, max: Math.max(0, ...cells.map((cell) => cell.delay)) };
}

/** What a drill-down opens: a department's stuck cases, on one service or all of them. */
export interface Drill {
  departmentCode: string;
  serviceCode?: string;
}
