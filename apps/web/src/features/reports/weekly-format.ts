// Pure (dayjs only, no React, no client): the unit tests check these in Node.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { formatPercent } from './report-charts';

dayjs.extend(utc);
dayjs.extend(timezone);

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
  const first = dayjs(from).tz(BEIJING).format('YYYY-MM-DD');
  const last = dayjs(to).tz(BEIJING).subtract(1, 'millisecond').format('YYYY-MM-DD');
  return { ...isoWeekOf(first), first, last };
}

const DAY_MS = 86_400_000;

/**
 * The ISO 8601 week of a calendar date: weeks start on Monday, and week 1 is the one with the
 * year's first Thursday. Counted on the date itself in UTC arithmetic: dayjs's isoWeek plugin, on a
 * date moved to Beijing time, counted from the browser's own midnight and could give the week before.
 */
export function isoWeekOf(date: string): { year: number; week: number } {
  const day = new Date(`${date}T00:00:00Z`);
  // The Thursday of the date's week decides the year.
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return { year, week };
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
