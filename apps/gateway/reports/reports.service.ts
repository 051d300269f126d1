import { Injectable } from '@nestjs/common';
import {
  EventLogRepository,
  type EventLogCase,
  type EventLogFilter,
} from '../../../libs/persistence/repositories/event-log.repository';
import { departmentOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import { fieldProblem, validationFailed } from '../common/gateway.error';
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, type EventLogQueryDto } from './reports.dto';
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
  constructor(private readonly log: EventLogRepository) {}

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
