import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every date and time is shown in Beijing time, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(value: string | Date | null | undefined): string {
  return value ? dayjs(value).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(value: string | Date | null | undefined): string {
  return value ? dayjs(value).tz(TIME_ZONE).format('YYYY-MM-DD') : '—';
}

/**
 * A calendar date the user typed (a form's `date` field, YYYY-MM-DD): a day, not an instant, so it is
 * shown as written, never moved through a time zone (which could turn it into the day before).
 */
export function formatCalendarDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : value.slice(0, 10);
}

/** A size in bytes as people read it: 812 B, 45.3 KB, 2.1 MB (1 KB = 1024 B). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}
