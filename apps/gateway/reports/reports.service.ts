import { Inject, Injectable } from '@nestjs/common';
import { configuredClockSource, type ClockSource } from '../../../activities/clock-sources';
import type { Config } from '../../../libs/config';
import type { BottleneckReport } from '../../../libs/domain';
import { BottleneckReporter, type TrendWeek } from '../../../libs/persistence/reports/bottleneck-reporter';
import { CalendarRepository } from '../../../libs/persistence/repositories/calendar.repository';
import { ReportRepository } from '../../../libs/persistence/repositories/report.repository';
import {
  EventLogRepository,
  type EventLogCase,
  type EventLogFilter,
} from '../../../libs/persistence/repositories/event-log.repository';
import {
  StuckCaseRepository,
  type StuckCaseRecord,
} from '../../../libs/persistence/repositories/stuck-case.repository';
import type { KeysetPosition } from '../../../libs/persistence/repositories/sql.helpers';
import { departmentOf } from '../auth/auth.scope';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.dto';
import type { Identity } from '../auth/auth.types';
import { fieldProblem, validationFailed } from '../common/gateway.error';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import {
  DEFAULT_TREND_WEEKS,
  DEFAULT_WINDOW_DAYS,
  MAX_WINDOW_DAYS,
  type BottleneckQueryDto,
  type EventLogQueryDto,
  type ReportScopeQueryDto,
  type StuckCaseDto,
  type StuckCasePageDto,
  type StuckCasesQueryDto,
  type TrendQueryDto,
} from './reports.dto';
import { ReportsErrors } from './reports.errors';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CSV of the stuck cases holds every one of them, read this many at a time. */
const STUCK_CASES_EXPORT_PAGE = 500;

/** What a report may cover once the caller's role has been applied. */
export interface ReportScope {
  serviceCode?: string;
  departmentCode?: string;
}

/** An export ready to stream: what it covers, and its applications page by page. */
export interface EventLogExport {
  filter: EventLogFilter;
  pages: AsyncGenerator<EventLogCase[]>;
}

/**
 * The reports' read side. Scope: the coordinating CIO (and the admin, who reads like them) sees
 * every department; a department CIO sees only their own department's applications and events.
 */
@Injectable()
export class ReportsService {
  private readonly reporter: BottleneckReporter;
  private readonly clock: ClockSource;

  constructor(
    private readonly log: EventLogRepository,
    reports: ReportRepository,
    private readonly stuck: StuckCaseRepository,
    calendar: CalendarRepository,
    @Inject(GATEWAY_CONFIG) config: Config,
  ) {
    this.clock = configuredClockSource(config, calendar);
    this.reporter = new BottleneckReporter(reports, this.clock);
  }

  /** The bottleneck report of a window, scoped to what the caller may see. */
  async bottlenecks(identity: Identity, query: BottleneckQueryDto, now = new Date()): Promise<BottleneckReport> {
    const { from, to } = reportWindow(query, now);
    const scope = await this.scope(identity, query);
    return this.reporter.report({ from, to, ...scope });
  }

  /** The figures week by week (Monday 00:00 Asia/Shanghai), oldest first, the last week up to now. */
  async trend(identity: Identity, query: TrendQueryDto, now = new Date()): Promise<{ weeks: TrendWeek[] }> {
    const scope = await this.scope(identity, query);
    return this.reporter.trend(scope, query.weeks ?? DEFAULT_TREND_WEEKS, now);
  }

  /**
   * Open cases by how long they have waited on the department, longest first: the task of the
   * current round is queued, held or paused there (a case waiting on the applicant's supplement is
   * not stuck at the department). Keyset-paginated like the task queue.
   */
  async stuckCases(identity: Identity, query: StuckCasesQueryDto, now = new Date()): Promise<StuckCasePageDto> {
    const after = decodeCursor(query.cursor);
    const scope = await this.scope(identity, query);
    const page = await this.stuck.page({
      ...scope,
      ...(after ? { after } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: await this.stuckCaseDtos(page.items, now), nextCursor: encodeCursor(page.next) };
  }

  /**
   * Every stuck case in scope, page by page, for the CSV download. The scope is checked before the
   * first page is asked for, so a refusal is still a JSON error; `cursor` and `limit` are the JSON
   * pages' and refused with format=csv (the download is the whole list).
   */
  async allStuckCases(
    identity: Identity,
    query: StuckCasesQueryDto,
  ): Promise<{ scope: ReportScope; pages: AsyncGenerator<StuckCaseDto[]> }> {
    const misplaced = (['cursor', 'limit'] as const).filter((field) => query[field] !== undefined);
    if (misplaced.length > 0)
      throw validationFailed(misplaced.map((field) => fieldProblem(field, 'NOT_WITH_FORMAT', { format: 'csv' })));
    const scope = await this.scope(identity, query);
    const pages = async function* (this: ReportsService): AsyncGenerator<StuckCaseDto[]> {
      let after: KeysetPosition | null | undefined;
      do {
        const page = await this.stuck.page({ ...scope, ...(after ? { after } : {}), limit: STUCK_CASES_EXPORT_PAGE });
        yield await this.stuckCaseDtos(page.items, new Date());
        after = page.next;
      } while (after);
    }.call(this);
    return { scope, pages };
  }

  private async stuckCaseDtos(records: readonly StuckCaseRecord[], now: Date): Promise<StuckCaseDto[]> {
    const clock = await this.clock();
    return records.map((record) => ({
      applicationId: record.applicationId,
      number: record.applicationNumber,
      enterpriseName: record.enterpriseName,
      serviceCode: record.serviceCode,
      stepKey: record.stepKey,
      round: record.round,
      departmentCode: record.departmentCode,
      status: record.status,
      clock: record.status === 'paused' ? 'stopped' : 'running',
      waitingSince: record.createdAt.toISOString(),
      waitingWorkingDays:
        Math.round((clock.workingTimeBetween(record.createdAt, now) / clock.workingDayMs) * 100) / 100,
      dueAt: record.dueAt.toISOString(),
      overdue: record.overdue,
      cards: record.cards,
      urges: record.urges,
    }));
  }

  /**
   * The service and department a report may cover: a department CIO only their own department
   * (naming another is refused, never answered with an empty report that looks like good news).
   */
  async scope(
    identity: Identity,
    query: Pick<ReportScopeQueryDto, 'serviceCode' | 'departmentCode'>,
  ): Promise<ReportScope> {
    let departmentCode = query.departmentCode;
    if (identity.role === 'dept_cio') {
      const own = departmentOf(identity);
      if (departmentCode !== undefined && departmentCode !== own) throw ReportsErrors.outOfScope(departmentCode, own);
      departmentCode = own;
    }
    if (query.serviceCode !== undefined && !(await this.log.serviceExists(query.serviceCode)))
      throw ReportsErrors.serviceNotFound(query.serviceCode);
    return {
      ...(query.serviceCode !== undefined ? { serviceCode: query.serviceCode } : {}),
      ...(departmentCode !== undefined ? { departmentCode } : {}),
    };
  }

  /** Checks the request and the service before anything is written, so refusals are plain JSON errors. */
  async eventLog(identity: Identity, query: EventLogQueryDto): Promise<EventLogExport> {
    const { from, to } = reportWindow(query, new Date());
    if (!(await this.log.serviceExists(query.serviceCode))) throw ReportsErrors.serviceNotFound(query.serviceCode);
    const filter: EventLogFilter = {
      serviceCode: query.serviceCode,
      filedFrom: from,
      filedTo: to,
      ...(identity.role === 'dept_cio' ? { departmentCode: departmentOf(identity) } : {}),
    };
    return { filter, pages: this.log.cases(filter) };
  }
}

/** [from, to): `to` defaults to now and `from` to DEFAULT_WINDOW_DAYS before it; at most MAX_WINDOW_DAYS long. */
export function reportWindow(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (to.getTime() <= from.getTime())
    throw validationFailed([fieldProblem('to', 'WINDOW_NOT_FORWARD', { from: from.toISOString() })]);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    throw validationFailed([fieldProblem('to', 'WINDOW_TOO_LONG', { max: MAX_WINDOW_DAYS })]);
  return { from, to };
}
