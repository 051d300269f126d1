import {
  assembleBottleneckReport,
  reportRows,
  shanghaiWeekStart,
  type BottleneckReport,
  type WorkingClock,
} from '../../domain';
import type { ReportFilter, ReportRepository } from '../repositories/report.repository';

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** How many of the longest-waiting cases each ranked bottleneck links to. */
export const STUCK_CASES_PER_BOTTLENECK = 5;

/** One week of the trend: the per-department rows of [weekStart, min(weekStart + 7 days, now)). */
export interface TrendWeek {
  weekStart: string;
  departments: BottleneckReport['departments'];
}

/**
 * Computes the bottleneck report and the trend for a scope that has already been checked: the
 * gateway (on request) and the weekly report workflow's activity (for snapshots) use this one piece.
 */
export class BottleneckReporter {
  constructor(
    private readonly reports: ReportRepository,
    private readonly clock: () => Promise<WorkingClock>,
  ) {}

  async report(filter: ReportFilter): Promise<BottleneckReport> {
    const clock = await this.clock();
    const [metrics, names, waiting] = await Promise.all([
      this.reports.windowMetrics(filter, clock),
      this.reports.names(),
      this.reports.longestWaiting(filter, STUCK_CASES_PER_BOTTLENECK),
    ]);
    return assembleBottleneckReport({
      window: filter,
      metrics,
      names,
      workingDayMs: clock.workingDayMs,
      stuckCases: (departmentCode, serviceCode) => waiting.get(`${departmentCode}|${serviceCode}`) ?? [],
    });
  }

  /** The last `weeks` weeks (Monday 00:00 Asia/Shanghai), oldest first; the last one runs up to `now`. */
  async trend(scope: Omit<ReportFilter, 'from' | 'to'>, weeks: number, now: Date): Promise<{ weeks: TrendWeek[] }> {
    const clock = await this.clock();
    await this.reports.catchUp(clock);
    const current = shanghaiWeekStart(now);
    const starts = Array.from({ length: weeks }, (_, i) => new Date(current.getTime() - (weeks - 1 - i) * WEEK_MS));
    // Every week in one pass per statement (grouped by week), not the report's statements once per week.
    const bounds = [...starts, new Date(Math.min(current.getTime() + WEEK_MS, now.getTime()))];
    const perWeek = await this.reports.rollupTrend(scope, bounds, clock);
    const result: TrendWeek[] = starts.map((from, i) => ({
      weekStart: from.toISOString(),
      departments: reportRows(perWeek[i], clock.workingDayMs),
    }));
    return { weeks: result };
  }
}
