import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Body, Controller, Get, Logger, Param, Put, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import type { BottleneckReport } from '../../../libs/domain';
import { ErrorResponseDto } from '../common/error-response.dto';
import { Language, type ResponseLanguage } from '../common/language.decorator';
import { fieldProblem, validationFailed } from '../common/gateway.error';
import { bottleneckCsv, STUCK_CASES_CSV, trendCsv } from './report-csv';
import { IdParamDto, PageQueryDto } from '../common/pagination.dto';
import {
  AlertPageDto,
  AlertsQueryDto,
  DepartmentCodeParamDto,
  SnapshotDto,
  SnapshotPageDto,
  SnapshotQueryDto,
  ThresholdDto,
  ThresholdListDto,
  ThresholdUpdateDto,
  BottleneckQueryDto,
  BottleneckReportDto,
  EventLogQueryDto,
  StuckCasePageDto,
  StuckCasesQueryDto,
  TrendDto,
  TrendQueryDto,
} from './reports.dto';
import { ReportsService, type ReportScope } from './reports.service';
import { WeeklyReportsService } from './weekly-reports.service';
import { XesWriter } from './xes-writer';

@ApiTags('reports')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'en for English reasons; Chinese otherwise' })
@Roles('coord_cio', 'dept_cio', 'admin')
@Controller('reports')
export class ReportsController {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly reports: ReportsService,
    private readonly weekly: WeeklyReportsService,
  ) {}

  @Get('snapshots')
  @ApiOperation({
    summary: 'The weekly reports as delivered, newest week first',
    description:
      'One snapshot per week (Monday 00:00 Asia/Shanghai to the next), taken by the weekly run and never ' +
      'recomputed. alertCount counts the alerts its runs raised; a department CIO counts their department’s only.',
  })
  @ApiOkResponse({ type: SnapshotPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: cursor, limit' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  snapshots(@CurrentUser() identity: Identity, @Query() query: PageQueryDto): Promise<SnapshotPageDto> {
    return this.weekly.snapshots(identity, query);
  }

  @Get('snapshots/:id')
  @ApiOperation({
    summary: 'One weekly report as it was computed when delivered, with the alerts its runs raised',
    description:
      'report has the shape of GET /reports/bottlenecks. A department CIO gets the report of their own department ' +
      'as it was computed for them at the time (the same cut as the live report), and their alerts only. ' +
      'format=csv downloads one table of the stored report (part), like the live report.',
  })
  @ApiExtraModels(SnapshotDto)
  @ApiOkResponse(jsonOrCsv(SnapshotDto, 'With format=csv: the table named by part of the stored report'))
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: id, format, part' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SNAPSHOT_NOT_FOUND' })
  async snapshot(
    @CurrentUser() identity: Identity,
    @Param() params: IdParamDto,
    @Query() query: SnapshotQueryDto,
    @Language() language: ResponseLanguage,
  ): Promise<SnapshotDto | StreamableFile> {
    if (query.part !== undefined && query.format !== 'csv')
      throw validationFailed([fieldProblem('part', 'ONLY_WITH_FORMAT', { format: 'csv' })]);
    const snapshot = await this.weekly.snapshot(identity, params.id, language);
    const report = inLanguage(snapshot.report, language);
    if (query.format !== 'csv') return { ...snapshot, report };
    const part = query.part ?? 'departments';
    const name = csvName(['weekly', part, report], day(snapshot.weekStart));
    return csvFile(Readable.from([bottleneckCsv(report, part)]), name, this.logger);
  }

  @Get('alerts')
  @ApiOperation({
    summary: 'Alerts raised by the weekly runs when a department crossed a threshold rule, newest first',
    description:
      'An alert is raised once per crossing: when a run finds the rule crossed and the previous evaluation did not. ' +
      'A department CIO sees their own department’s only.',
  })
  @ApiOkResponse({ type: AlertPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: departmentCode, cursor, limit' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, REPORT_OUT_OF_SCOPE' })
  alerts(
    @CurrentUser() identity: Identity,
    @Query() query: AlertsQueryDto,
    @Language() language: ResponseLanguage,
  ): Promise<AlertPageDto> {
    return this.weekly.alerts(identity, query, language);
  }

  @Get('thresholds')
  @ApiOperation({
    summary: 'The threshold rules of every department (nulls when unset), by department code',
    description: 'A department CIO gets their own department only.',
  })
  @ApiOkResponse({ type: ThresholdListDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE' })
  thresholds(@CurrentUser() identity: Identity, @Language() language: ResponseLanguage): Promise<ThresholdListDto> {
    return this.weekly.thresholds(identity, language);
  }

  @Put('thresholds/:departmentCode')
  @Roles('coord_cio')
  @ApiOperation({
    summary: 'Sets or clears a department’s threshold rules (coordinating CIO only)',
    description:
      'An absent field is left as it is; null clears the rule. breachRate: a fraction 0 < x ≤ 1; overdueOpen: a ' +
      'whole number ≥ 0. A body with neither, with another field or with a value out of range is refused (422, ' +
      'each field and rule named) and nothing changes. Clearing a rule forgets whether it was crossed.',
  })
  // The service checks the body itself (its refusals are 422), so the pipe sees no DTO class here.
  @ApiBody({ type: ThresholdUpdateDto })
  @ApiOkResponse({ type: ThresholdDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: departmentCode' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE: not the coordinating CIO' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REPORT_DEPARTMENT_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'THRESHOLD_INVALID: breachRate, overdueOpen' })
  updateThresholds(
    @CurrentUser() identity: Identity,
    @Param() params: DepartmentCodeParamDto,
    @Body() body: unknown,
    @Language() language: ResponseLanguage,
  ): Promise<ThresholdDto> {
    return this.weekly.updateThresholds(identity, params.departmentCode, body, language);
  }

  @Get('bottlenecks')
  @ApiOperation({
    summary: 'Where cases get stuck: per-department figures over a window and the ranked bottlenecks',
    description:
      'Per department and per department × service: work in progress, arrivals, throughput, the four-way time split ' +
      '(median and p90, hours and working days), breaches, open overdue tasks, deemed approvals, supplement rounds, ' +
      'supervision and the critical-path share. The ranking names the worst department × service pairs with the ' +
      'reason in words and the open cases waiting longest. A department CIO sees only their own department. ' +
      'format=csv downloads one table of it (part=departments, services or ranking), figures flattened into columns.',
  })
  @ApiExtraModels(BottleneckReportDto)
  @ApiOkResponse(jsonOrCsv(BottleneckReportDto, 'With format=csv: the table named by part, as an attachment'))
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED: from, to, serviceCode, format, part (only with format=csv)',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, REPORT_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REPORT_SERVICE_NOT_FOUND' })
  async bottlenecks(
    @CurrentUser() identity: Identity,
    @Query() query: BottleneckQueryDto,
    @Language() language: ResponseLanguage,
  ): Promise<BottleneckReportDto | StreamableFile> {
    if (query.part !== undefined && query.format !== 'csv')
      throw validationFailed([fieldProblem('part', 'ONLY_WITH_FORMAT', { format: 'csv' })]);
    const report = inLanguage(await this.reports.bottlenecks(identity, query), language);
    if (query.format !== 'csv') return report;
    const part = query.part ?? 'departments';
    const name = csvName(['bottlenecks', part, report], `${day(report.from)}-${day(report.to)}`);
    return csvFile(Readable.from([bottleneckCsv(report, part)]), name, this.logger);
  }

  @Get('trend')
  @ApiOperation({
    summary: 'The per-department figures week by week (Monday 00:00 Asia/Shanghai), the last week up to now',
    description: 'format=csv downloads one row per week and department, figures flattened into columns.',
  })
  @ApiExtraModels(TrendDto)
  @ApiOkResponse(jsonOrCsv(TrendDto, 'With format=csv: one row per week and department, as an attachment'))
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: weeks, serviceCode, format' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, REPORT_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REPORT_SERVICE_NOT_FOUND' })
  async trend(@CurrentUser() identity: Identity, @Query() query: TrendQueryDto): Promise<TrendDto | StreamableFile> {
    const now = new Date();
    const trend = await this.reports.trend(identity, query, now);
    if (query.format !== 'csv') return trend;
    const scope = await this.reports.scope(identity, query);
    const name = csvName(['trend', scope], `${trend.weeks.length}-weeks-to-${day(now.toISOString())}`);
    return csvFile(Readable.from([trendCsv(trend)]), name, this.logger);
  }

  @Get('stuck-cases')
  @ApiOperation({
    summary: 'Open cases by how long they have waited on the department, longest first',
    description:
      'A case waits on a department while the task of its current round there is queued (pending), held (claimed) ' +
      'or paused; waitingSince is when that task was created and waitingWorkingDays counts working days from then ' +
      'to now. A case waiting on the applicant’s supplement is not stuck at the department. A department CIO sees ' +
      'only their own department. format=csv downloads every such case (no paging: cursor and limit are refused).',
  })
  @ApiExtraModels(StuckCasePageDto)
  @ApiOkResponse(jsonOrCsv(StuckCasePageDto, 'With format=csv: every stuck case in scope, as an attachment'))
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED: serviceCode, departmentCode, cursor, limit, format',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, REPORT_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REPORT_SERVICE_NOT_FOUND' })
  async stuckCases(
    @CurrentUser() identity: Identity,
    @Query() query: StuckCasesQueryDto,
  ): Promise<StuckCasePageDto | StreamableFile> {
    if (query.format !== 'csv') return this.reports.stuckCases(identity, query);
    const { scope, pages } = await this.reports.allStuckCases(identity, query);
    // The first page is read before answering, so a failure to read at all is the usual JSON error;
    // a later one breaks the transfer (StreamableFile destroys the response), never a short "whole" file.
    const first = await pages.next();
    const header = STUCK_CASES_CSV.write(first.done ? [] : first.value, true);
    const rest = async function* () {
      for await (const page of pages) if (page.length > 0) yield STUCK_CASES_CSV.write(page, false);
    };
    const csv = async function* () {
      yield header;
      yield* rest();
    };
    return csvFile(Readable.from(csv()), csvName(['stuck-cases', scope], day(new Date().toISOString())), this.logger);
  }

  @Get('event-log.xes')
  @ApiOperation({
    summary: 'The event log of one service as XES (IEEE 1849) for process-mining tools',
    description:
      'One trace per application filed in [from, to), one event per step start, claim, pause, resume and decision, ' +
      'with concept:name (the step), lifecycle:transition, time:timestamp, org:resource (the officer) and org:group ' +
      '(the department). A department CIO gets only their department’s applications and events.',
  })
  // Only the success is XML; refusals are the usual JSON errors.
  @ApiOkResponse({
    description: 'An XES document, as an attachment',
    content: { 'application/xml': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: serviceCode, from or to' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE: not a CIO or the admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REPORT_SERVICE_NOT_FOUND' })
  async eventLog(
    @CurrentUser() identity: Identity,
    @Query() query: EventLogQueryDto,
    // Node's response, which Express's extends: the log is streamed, not returned.
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { filter, pages } = await this.reports.eventLog(identity, query);
    const day = (instant: Date) => instant.toISOString().slice(0, 10);
    const scope = filter.departmentCode ? `-${filter.departmentCode}` : '';
    response.statusCode = 200;
    response.setHeader('Content-Type', 'application/xml; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      // The service code is [a-z0-9-] (checked by the DTO), so the name needs no quoting beyond this.
      `attachment; filename="event-log-${filter.serviceCode}${scope}-${day(filter.filedFrom)}-${day(filter.filedTo)}.xes"`,
    );
    let chunks: string[] = [];
    const writer = new XesWriter((chunk) => chunks.push(chunk), {
      serviceCode: filter.serviceCode,
      from: filter.filedFrom,
      to: filter.filedTo,
      ...(filter.departmentCode ? { departmentCode: filter.departmentCode } : {}),
    });
    // A page of applications at a time: written out, then the next read only once the client
    // has taken it (backpressure), so memory stays at one page whatever the window.
    const flush = async () => {
      const text = chunks.join('');
      chunks = [];
      if (!response.write(text)) await once(response, 'drain');
    };
    try {
      for await (const page of pages) {
        if (response.destroyed) return; // the client went away; the generator's return ends the reads
        for (const application of page) writer.writeCase(application);
        await flush();
      }
      writer.end();
      await flush();
      response.end();
    } catch (error) {
      // Headers are sent: the only honest signal left is a broken transfer, never a truncated "valid" log.
      this.logger.error(`event log export failed: ${error instanceof Error ? error.stack : String(error)}`);
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** The report with each reason in the caller's language. */
export function inLanguage(report: BottleneckReport, language: ResponseLanguage): BottleneckReportDto {
  return { ...report, ranking: report.ranking.map((entry) => ({ ...entry, reason: entry.reason[language] })) };
}

/** The OpenAPI success of a report that is JSON, or CSV with format=csv. */
function jsonOrCsv(type: new () => unknown, csvDescription: string) {
  return {
    description: `JSON; ${csvDescription} (UTF-8 with a BOM, text/csv)`,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(type) } },
      'text/csv': { schema: { type: 'string' } },
    },
  };
}

const day = (instant: string) => instant.slice(0, 10);

/** Codes as they may appear in a file name; anything else (quotes, slashes, spaces) becomes "_". */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

/** e.g. bottlenecks-ranking-fire-restaurant-opening-2026-09-01-2026-10-01.csv: what, whose, when. */
function csvName(parts: (string | ReportScope)[], when: string): string {
  const words = parts.flatMap((part) =>
    typeof part === 'string' ? [part] : [part.departmentCode, part.serviceCode].filter((code) => code !== undefined),
  );
  return `${[...words, when].map(fileSafe).join('-')}.csv`;
}

/**
 * A CSV download. Its content is computed, or its first part read, before this is returned, so
 * refusals and failures up to then are the usual JSON errors; a failure after the first bytes went
 * out breaks the transfer (StreamableFile destroys the response) rather than ending a short file.
 */
function csvFile(content: Readable, fileName: string, logger: Logger): StreamableFile {
  return new StreamableFile(content, {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${fileName}"`,
  }).setErrorLogger((error: Error) => logger.error(`CSV export failed: ${error.stack ?? error.message}`));
}
