// Pure (dayjs only, no React, no client): the unit tests check these in Node.
import dayjs from 'dayjs';
import isoWeek from 'dayjs/plugin/isoWeek';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { formatPercent } from './report-charts';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);

const BEIJING = 'Asia/Shanghai';

export type ThresholdRule = 'breachRate' | 'overdueOpen';

export interface ReportWeek {
  /** ISO week-numbering year and week of the Monday, as a Chinese office counts weeks. */
  year: number;
  week: number;
  /** The Monday and the Sunday, as Beijing calendar dates (YYYY-MM-DD). */
  first: string;
  last: string;
}

/**
 * The reported week of a snapshot: `from` is Monday 00:00 in Beijing and `to` the next Monday
 * 00:00, exclusive, so the last day shown is the day before `to` (a week reads "Mon to Sun", not
 * "Mon to Mon").
 */
export function reportWeek(from: string, to: string): ReportWeek {
  const monday = dayjs(from).tz(BEIJING);
  const lastDay = dayjs(to).tz(BEIJING).subtract(1, 'millisecond');
  return {
    year: monday.isoWeekYear(),
    week: monday.isoWeek(),
    first: monday.format('YYYY-MM-DD'),
    last: lastDay.format('YYYY-MM-DD'),
  };
}

/** A week starting at `weekStart` (an alert names only that): seven days to the next Monday. */
export function reportWeekOf(weekStart: string): ReportWeek {
  return reportWeek(weekStart, dayjs(weekStart).add(7, 'day').toISOString());
}

/** A threshold or the value that crossed it, in the rule's unit: a percentage or a count of tasks. */
export function formatRuleValue(rule: ThresholdRule, value: number): string {
  return rule === 'breachRate' ? formatRate(value) : String(value);
}

/**
 * A breach rate as a percentage with up to one decimal: 12.5% stays 12.5% (rounding it to 13%
 * could show a value "over" a 13% threshold that it is under).
 */
export function formatRate(fraction: number): string {
  const percent = Math.round(fraction * 1000) / 10;
  return Number.isInteger(percent) ? formatPercent(fraction) : `${percent.toFixed(1)}%`;
}

/**
 * The API keeps the breach-rate threshold as a fraction; people type a percentage. Rounded to
 * hundredths of a percent so 7 % shows as 7, not 7.000000000000001.
 */
export function percentFromFraction(fraction: number | null): number | null {
  return fraction === null ? null : Math.round(fraction * 10_000) / 100;
}

export function fractionFromPercent(percent: number | null | undefined): number | null {
  return percent === null || percent === undefined ? null : Math.round(percent * 100) / 10_000;
}
