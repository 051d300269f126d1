import type { DataSource } from 'typeorm';
import {
  windowMetricsFromCases,
  type RankingNames,
  type RatingSummary,
  type ReportCase,
  type WindowMetrics,
  type WorkingClock,
} from '../../domain';
import { ReportAnswerCache } from '../reports/report-answer-cache';
import { drainReportRefreshQueue, loadReportCases, reportRollupVersion } from '../reports/report-facts';
import { rollupDepartmentTrend, rollupWindowMetrics } from '../reports/report-rollups.sql';
import { memoryFrameRows } from '../reports/rollup-memory';
import type { ReportRollupMirror } from '../reports/rollup-mirror';
import { checkTrendBounds, frameWindows, type Frame } from '../reports/rollup-rows';
import { RatingRepository } from './rating.repository';
import { StuckCaseRepository } from './stuck-case.repository';
import { sqlRows } from './sql.helpers';

/** What a report covers: the window [from, to), optionally one service and/or one department. */
export interface ReportFilter {
  from: Date;
  to: Date;
  serviceCode?: string;
  departmentCode?: string;
}

/**
 * The figures behind the bottleneck report: `windowMetrics` adds up the roll-ups after bringing them
 * up to date — from an in-memory copy when given a `mirror` (the gateway: rollup-memory.ts), else by
 * SQL (report-rollups.sql.ts); the two give identical rows. `windowMetricsFromEvents` replays the
 * event logs in memory with the domain's `reportMetrics` — the reference the roll-ups are checked
 * against (tests, benchmark).
 */
export class ReportRepository {
  /** Figures of recent windows while the roll-ups stay as they were (a past window asked again). */
  private readonly answers = new ReportAnswerCache<WindowMetrics>();
  private readonly mirror: ReportRollupMirror | undefined;

  constructor(
    private readonly dataSource: DataSource,
    options: { mirror?: ReportRollupMirror } = {},
  ) {
    this.mirror = options.mirror;
  }

  /**
   * The ratings given per department in the window. Kept out of WindowMetrics (and so out of both
   * the roll-ups and the replay reference `windowMetricsFromEvents`): ratings are not case events.
   */
  ratingsByDepartment(filter: ReportFilter): Promise<Map<string, RatingSummary>> {
    return new RatingRepository(this.dataSource).summaryByDepartment(filter);
  }

  /** The report's figures from the roll-ups, once every queued case has been rolled up. */
  async windowMetrics(filter: ReportFilter, clock: WorkingClock): Promise<WindowMetrics> {
    await this.catchUp(clock);
    const version = () => reportRollupVersion(this.dataSource);
    const key = JSON.stringify([
      filter.from.getTime(),
      filter.to.getTime(),
      filter.serviceCode ?? null,
      filter.departmentCode ?? null,
    ]);
    return this.answers.answer(key, clock, await version(), () => this.rollupMetrics(filter, clock), version);
  }

  /** Rolls up every case whose log grew, waiting for those another process is rolling up right now. */
  async catchUp(clock: WorkingClock): Promise<void> {
    await drainReportRefreshQueue(this.dataSource, clock, { wait: true });
  }

  /** The figures from the roll-ups as they are (after `catchUp` when they must be current). */
  async rollupMetrics(filter: ReportFilter, clock: WorkingClock): Promise<WindowMetrics> {
    if (!this.mirror) return rollupWindowMetrics(this.dataSource, filter, clock);
    return (await this.fromMirror({ ...filter, bounds: [filter.from, filter.to], levels: 'all' }, clock))[0];
  }

  /** A frame's figures from the in-memory copy, brought up to what is committed now. */
  private async fromMirror(frame: Frame, clock: WorkingClock): Promise<WindowMetrics[]> {
    const { columns } = await this.mirror!.current();
    // No await between: the copy may change in place at the next one.
    return frameWindows(frame, memoryFrameRows(columns, frame, clock), clock);
  }

  /**
   * The department rows of consecutive windows [bounds[i], bounds[i + 1]) from the roll-ups as they
   * are, one pass for all of them (the trend's weeks).
   */
  async rollupTrend(
    scope: Omit<ReportFilter, 'from' | 'to'>,
    bounds: readonly Date[],
    clock: WorkingClock,
  ): Promise<WindowMetrics[]> {
    if (!this.mirror) return rollupDepartmentTrend(this.dataSource, scope, bounds, clock);
    checkTrendBounds(bounds);
    return this.fromMirror({ ...scope, bounds, levels: 'departments' }, clock);
  }

  /** The same figures by replaying every touched case's log (slow; the reference). */
  async windowMetricsFromEvents(filter: ReportFilter, clock: WorkingClock): Promise<WindowMetrics> {
    return windowMetricsFromCases(await this.casesTouching(filter), clock, filter);
  }

  /**
   * The cases with a task that may count in the window (created before its end and not decided
   * before its start), of the service, on which the department had a task at any time: a stage the
   * department finished before the window still counts for it when another department finishes
   * the stage inside the window.
   */
  async casesTouching(filter: ReportFilter): Promise<ReportCase[]> {
    const heads = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT a.id AS "id" FROM applications a
        WHERE ($3::varchar IS NULL OR a.service_code = $3)
          AND EXISTS (SELECT 1 FROM tasks t
                       WHERE t.application_id = a.id AND t.created_at < $2
                         AND (t.decided_at IS NULL OR t.decided_at >= $1))
          AND ($4::varchar IS NULL OR EXISTS (SELECT 1 FROM tasks t
                                               WHERE t.application_id = a.id AND t.department_code = $4))`,
      [filter.from, filter.to, filter.serviceCode ?? null, filter.departmentCode ?? null],
    );
    return loadReportCases(
      this.dataSource,
      heads.map((head) => head.id),
    );
  }

  /**
   * Open cases waiting on each department × service, longest waiting first (since the task of the
   * current round was created), at most `perGroup` of each: the stuck cases' own definition.
   */
  longestWaiting(filter: Omit<ReportFilter, 'from' | 'to'>, perGroup: number): Promise<Map<string, string[]>> {
    return new StuckCaseRepository(this.dataSource).longestPerGroup(filter, perGroup);
  }

  /** Department and service names for the reasons; a code stands in for a missing name. */
  async names(): Promise<RankingNames> {
    const departments = await sqlRows<{ code: string; name: string; nameEn: string }>(
      this.dataSource,
      `SELECT code AS "code", name AS "name", name_en AS "nameEn" FROM departments`,
    );
    const services = await sqlRows<{ code: string; name: string }>(
      this.dataSource,
      `SELECT code AS "code", name AS "name" FROM services`,
    );
    const departmentNames = new Map(departments.map((d) => [d.code, { zh: d.name, en: d.nameEn }]));
    // Services have one name (the one the enterprise sees); English sentences quote it as it is.
    const serviceNames = new Map(services.map((s) => [s.code, { zh: `“${s.name}”`, en: `“${s.name}”` }]));
    return {
      department: (code) => departmentNames.get(code) ?? { zh: code, en: code },
      service: (code) => serviceNames.get(code) ?? { zh: code, en: code },
    };
  }
}
