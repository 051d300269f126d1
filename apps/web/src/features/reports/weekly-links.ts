import { useTranslation } from 'react-i18next';
import { reportWeek, reportWeekOf, type ReportWeek } from './weekly-format';

/**
 * Where a weekly report opens: the same console (coordination or department), its reports tab,
 * the weekly view, that snapshot. A search only, so it stays in the console it is clicked in.
 */
export function snapshotSearch(snapshotId: string): string {
  return `?${new URLSearchParams({ tab: 'reports', view: 'weekly', snapshot: snapshotId }).toString()}`;
}

/** A report week in words: "2026 年第 48 周" / "Week 48, 2026", and its Monday-to-Sunday dates. */
export function useWeekWords() {
  const { t } = useTranslation();
  const words = (week: ReportWeek) => ({
    label: t('reports.week.label', { year: week.year, week: week.week }),
    range: t('reports.week.range', { first: week.first, last: week.last }),
  });
  return {
    ofSnapshot: (from: string, to: string) => words(reportWeek(from, to)),
    ofWeekStart: (weekStart: string) => words(reportWeekOf(weekStart)),
  };
}
