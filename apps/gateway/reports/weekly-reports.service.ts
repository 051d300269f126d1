import { Injectable } from '@nestjs/common';
import type { BottleneckReport } from '../../../libs/domain';
import {
  WeeklyReportRepository,
  type AlertRecord,
  type ThresholdPatch,
  type ThresholdRecord,
} from '../../../libs/persistence/repositories/weekly-report.repository';
import type { Identity } from '../auth/auth.types';
import type { FieldProblem } from '../common/common.errors';
import { decodeCursor, encodeCursor } from '../common/cursor.codec';
import { fieldProblem } from '../common/gateway.error';
import type { ResponseLanguage } from '../common/language.decorator';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.dto';
import type {
  AlertDto,
  AlertPageDto,
  AlertsQueryDto,
  SnapshotPageDto,
  ThresholdDto,
  ThresholdListDto,
} from './reports.dto';
import { ReportsErrors } from './reports.errors';
import { ReportsService } from './reports.service';
import type { PageQueryDto } from '../common/pagination.dto';

/** A stored snapshot with its report still in both languages (the controller picks one, or writes CSV). */
export interface SnapshotView {
  id: string;
  weekStart: string;
  from: string;
  to: string;
  createdAt: string;
  report: BottleneckReport;
  alerts: AlertDto[];
}

/**
 * The weekly reports as delivered, with the live reports' scoping (ReportsService.scope): the
 * coordinating CIO sees everything, a department CIO their own department only, and naming
 * another department is refused (403), never answered with an empty list.
 */
@Injectable()
export class WeeklyReportsService {
  constructor(
    private readonly weekly: WeeklyReportRepository,
    private readonly reports: ReportsService,
  ) {}

  async snapshots(identity: Identity, query: PageQueryDto): Promise<SnapshotPageDto> {
    const after = decodeCursor(query.cursor);
    const { departmentCode } = await this.reports.scope(identity, {});
    const page = await this.weekly.snapshots({
      ...(departmentCode ? { departmentCode } : {}),
      ...(after ? { after } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return {
      items: page.items.map((s) => ({
        id: s.id,
        weekStart: s.weekStart.toISOString(),
        from: s.weekStart.toISOString(),
        to: s.weekEnd.toISOString(),
        createdAt: s.createdAt.toISOString(),
        alertCount: s.alertCount,
      })),
      nextCursor: encodeCursor(page.next),
    };
  }

  async snapshot(identity: Identity, id: string, language: ResponseLanguage): Promise<SnapshotView> {
    const { departmentCode } = await this.reports.scope(identity, {});
    const snapshot = await this.weekly.snapshot(id, departmentCode);
    if (!snapshot) throw ReportsErrors.snapshotNotFound(id);
    const alerts = await this.weekly.alertsOf(id, departmentCode);
    return {
      id: snapshot.id,
      weekStart: snapshot.weekStart.toISOString(),
      from: snapshot.weekStart.toISOString(),
      to: snapshot.weekEnd.toISOString(),
      createdAt: snapshot.createdAt.toISOString(),
      report: snapshot.report,
      alerts: alerts.map((alert) => alertDto(alert, language)),
    };
  }

  async alerts(identity: Identity, query: AlertsQueryDto, language: ResponseLanguage): Promise<AlertPageDto> {
    const after = decodeCursor(query.cursor);
    const { departmentCode } = await this.reports.scope(
      identity,
      query.departmentCode !== undefined ? { departmentCode: query.departmentCode } : {},
    );
    const page = await this.weekly.alerts({
      ...(departmentCode ? { departmentCode } : {}),
      ...(after ? { after } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: page.items.map((alert) => alertDto(alert, language)), nextCursor: encodeCursor(page.next) };
  }

  async thresholds(identity: Identity, language: ResponseLanguage): Promise<ThresholdListDto> {
    const { departmentCode } = await this.reports.scope(identity, {});
    return { items: (await this.weekly.thresholds(departmentCode)).map((item) => thresholdDto(item, language)) };
  }

  /**
   * Checks the whole body before anything is written: every problem is named (422), then an unknown
   * department is 404. The role (coordinating CIO only) is the controller's guard.
   */
  async updateThresholds(
    identity: Identity,
    departmentCode: string,
    body: unknown,
    language: ResponseLanguage,
  ): Promise<ThresholdDto> {
    const patch = thresholdPatch(body);
    const updated = await this.weekly.updateThresholds(departmentCode, patch, identity.username);
    if (!updated) throw ReportsErrors.departmentNotFound(departmentCode);
    return thresholdDto(updated, language);
  }
}

/** The body as a patch, or a 422 naming every field and rule it breaks. */
export function thresholdPatch(body: unknown): ThresholdPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw ReportsErrors.thresholdInvalid([fieldProblem('body', 'NOT_OBJECT', {})]);
  const record = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(record))
    if (key !== 'breachRate' && key !== 'overdueOpen') problems.push(fieldProblem(key, 'UNKNOWN_PROPERTY', {}));
  const patch: ThresholdPatch = {};
  if ('breachRate' in record) {
    const value = record.breachRate;
    if (value === null) patch.breachRate = null;
    else if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1) patch.breachRate = value;
    else problems.push(fieldProblem('breachRate', 'THRESHOLD_FRACTION', {}));
  }
  if ('overdueOpen' in record) {
    const value = record.overdueOpen;
    if (value === null) patch.overdueOpen = null;
    else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) patch.overdueOpen = value;
    else problems.push(fieldProblem('overdueOpen', 'THRESHOLD_COUNT', {}));
  }
  if (!('breachRate' in record) && !('overdueOpen' in record))
    problems.push(fieldProblem('body', 'THRESHOLD_NONE_GIVEN', {}));
  if (problems.length > 0) throw ReportsErrors.thresholdInvalid(problems);
  return patch;
}

function alertDto(alert: AlertRecord, language: ResponseLanguage): AlertDto {
  return {
    id: alert.id,
    departmentCode: alert.departmentCode,
    departmentName: language === 'en' ? alert.departmentNameEn : alert.departmentName,
    rule: alert.rule,
    threshold: alert.threshold,
    value: alert.value,
    weekStart: alert.weekStart.toISOString(),
    snapshotId: alert.snapshotId,
    raisedAt: alert.raisedAt.toISOString(),
  };
}

function thresholdDto(item: ThresholdRecord, language: ResponseLanguage): ThresholdDto {
  return {
    departmentCode: item.departmentCode,
    departmentName: language === 'en' ? item.departmentNameEn : item.departmentName,
    breachRate: item.breachRate,
    overdueOpen: item.overdueOpen,
    updatedAt: item.updatedAt ? item.updatedAt.toISOString() : null,
  };
}
