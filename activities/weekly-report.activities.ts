import type { DataSource } from 'typeorm';
import type { BottleneckReport } from '../libs/domain';
import { BottleneckReporter } from '../libs/persistence/reports/bottleneck-reporter';
import { ReportRepository } from '../libs/persistence/repositories/report.repository';
import { sqlRows } from '../libs/persistence/repositories/sql.helpers';
import { WeeklyReportRepository, type RuleValues } from '../libs/persistence/repositories/weekly-report.repository';
import type { ClockSource } from './clock-sources';

export interface WeeklyReportDeps {
  dataSource: DataSource;
  clock: ClockSource;
}

export interface ReportWeekRef {
  /** Monday 00:00 Asia/Shanghai, ISO. */
  weekStart: string;
  /** The next Monday 00:00, ISO (exclusive). */
  weekEnd: string;
}

/**
 * The weekly run's database work. The report is computed by the same BottleneckReporter the
 * gateway answers GET /reports/bottlenecks with: the whole report for the coordinating CIO, and
 * each department's report as a department CIO's live request computes it, so a snapshot reads
 * exactly as the live report of that week did when it was taken.
 */
export function createWeeklyReportActivities({ dataSource, clock }: WeeklyReportDeps) {
  const weekly = new WeeklyReportRepository(dataSource);
  const reporter = new BottleneckReporter(new ReportRepository(dataSource), clock);
  const departmentCodes = async () =>
    (await sqlRows<{ code: string }>(dataSource, `SELECT code AS "code" FROM departments ORDER BY code`)).map(
      (row) => row.code,
    );

  return {
    /**
     * Stores the week's snapshot with its weekly_report notifications, unless the week has one
     * already (then nothing is computed or written, and the existing one is answered).
     */
    async takeWeeklySnapshot(
      input: ReportWeekRef & { workflowId: string },
    ): Promise<{ snapshotId: string; created: boolean; notificationIds: string[] }> {
      const week = { from: new Date(input.weekStart), to: new Date(input.weekEnd) };
      // A retry or a second trigger in the same week: nothing to compute.
      const existing = await weekly.existingSnapshot(week);
      if (existing) return existing;
      const whole = await reporter.report(week);
      const byDepartment: Record<string, BottleneckReport> = {};
      for (const departmentCode of await departmentCodes())
        byDepartment[departmentCode] = await reporter.report({ ...week, departmentCode });
      return weekly.storeSnapshot({ week, workflowId: input.workflowId, takenAt: new Date(), whole, byDepartment });
    },

    /**
     * Evaluates the threshold rules for this run: each department's breach rate in the stored
     * snapshot (the week), and its open overdue tasks at the time the run was due.
     */
    async evaluateReportThresholds(
      input: ReportWeekRef & { snapshotId: string; runId: string; evaluatedAt: string },
    ): Promise<{ alertIds: string[]; notificationIds: string[] }> {
      const week = { from: new Date(input.weekStart), to: new Date(input.weekEnd) };
      const evaluatedAt = new Date(input.evaluatedAt);
      const stored = await weekly.snapshot(input.snapshotId, undefined);
      if (!stored) throw new Error(`snapshot ${input.snapshotId} not found`);
      // Open overdue tasks "at the run": the report's figure at the end of a window ending then.
      const now = await reporter.report({
        from: week.from,
        to: new Date(Math.max(evaluatedAt.getTime(), week.to.getTime())),
      });
      const values: Record<string, RuleValues> = {};
      for (const row of stored.report.departments)
        values[row.departmentCode] = { breachRate: row.breachRate, overdueOpen: 0 };
      for (const row of now.departments)
        values[row.departmentCode] = {
          breachRate: values[row.departmentCode]?.breachRate ?? null,
          overdueOpen: row.overdueOpen,
        };
      return weekly.evaluateThresholds({
        runId: input.runId,
        snapshotId: input.snapshotId,
        week,
        evaluatedAt,
        values,
      });
    },
  };
}

export type WeeklyReportActivities = ReturnType<typeof createWeeklyReportActivities>;
