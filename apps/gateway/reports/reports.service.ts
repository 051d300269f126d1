import { Inject, Injectable } from '@nestjs/common';
import { configuredClockSource } from '../../../activities/clock-sources';
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
import { departmentOf } from '../auth/auth.scope';
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
  type TrendQueryDto,
} from './reports.dto';
import { ReportsErrors } from './reports.errors';

const DAY_MS = 24 * 60 * 60 * 1000;

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

  constructor(
    private readonly log: EventLogRepository,
    reports: ReportRepository,
    calendar: CalendarRepository,
    @Inject(GATEWAY_CONFIG) config: Config,
  ) {
    this.reporter = new BottleneckReporter(reports, configuredClockSource(config, calendar));
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
   * The service and department a report may cover: a department CIO only their own department
   * (naming another is refused, never answered with an empty report that looks like good news).
   */
  private async scope(
    identity: Identity,
    query: Pick<ReportScopeQueryDto, 'serviceCode' | 'departmentCode'>,
  ): Promise<{ serviceCode?: string; departmentCode?: string }> {
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
