import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Report days start at midnight Beijing time, as the offices' days do. */
const ZONE = 'Asia/Shanghai';

export const PRESET_DAYS = [7, 30, 90] as const;
export type PresetDays = (typeof PRESET_DAYS)[number];

/** The period a CIO picked: one of the presets ending now, or calendar days (YYYY-MM-DD, both included). */
export type ReportPeriod = { days: PresetDays } | { firstDay: string; lastDay: string };

/** What the API is asked for: `from` (inclusive), `to` (exclusive; left out for "until now"). */
export interface WindowQuery {
  from: string;
  to?: string;
  /** Calendar days covered, for choosing how many weeks of trend to show. */
  days: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The window of a period. A preset starts at midnight of its first day (today counts as one of
 * them), so it stays the same all day and a report asked for twice is the same report. A custom
 * period runs from midnight of its first day to midnight after its last, or to now if that is sooner.
 */
export function windowQuery(period: ReportPeriod, now: Date): WindowQuery {
  const today = dayjs(now).tz(ZONE).startOf('day');
  if ('days' in period) {
    return { from: today.subtract(period.days - 1, 'day').format(), days: period.days };
  }
  const first = dayjs.tz(period.firstDay, ZONE).startOf('day');
  const end = dayjs.tz(period.lastDay, ZONE).startOf('day').add(1, 'day');
  const days = Math.max(1, Math.round(end.diff(first, 'hour') / 24));
  return end.isAfter(now) ? { from: first.format(), days } : { from: first.format(), to: end.format(), days };
}

/** The period in the page's address (`period=7|30|90` or `period=custom&from=&to=`); 30 days otherwise. */
export function periodFromParams(params: URLSearchParams): ReportPeriod {
  const firstDay = params.get('from') ?? '';
  const lastDay = params.get('to') ?? '';
  if (params.get('period') === 'custom' && DAY.test(firstDay) && DAY.test(lastDay) && firstDay <= lastDay) {
    return { firstDay, lastDay };
  }
  const days = Number(params.get('period'));
  return { days: (PRESET_DAYS as readonly number[]).includes(days) ? (days as PresetDays) : 30 };
}

/** Weeks of trend for a period: about as long as the period, at least 4 so a trend can be seen. */
export function trendWeeks(days: number): number {
  return Math.min(52, Math.max(4, Math.ceil(days / 7)));
}
