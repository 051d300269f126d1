import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Identity } from '../auth/auth.types';
import type { BottleneckReport } from '../../../libs/domain';
import { ErrorResponseDto } from '../common/error-response.dto';
import { Language, type ResponseLanguage } from '../common/language.decorator';
import { BottleneckQueryDto, BottleneckReportDto, EventLogQueryDto, TrendDto, TrendQueryDto } from './reports.dto';
import { ReportsService } from './reports.service';
import { XesWriter } from './xes-writer';

@ApiTags('reports')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'en for English reasons; Chinese otherwise' })
@Roles('coord_cio', 'dept_cio', 'admin')
@Controller('reports')
export class ReportsController {
  private readonly logger = new Logger('Reports');

  constructor(private readonly reports: ReportsService) {}

  @Get('bottlenecks')
  @ApiOperation({
    summary: 'Where cases get stuck: per-department figures over a window and the ranked bottlenecks',
    description:
      'Per department and per department × service: work in progress, arrivals, throughput, the four-way time split ' +
      '(median and p90, hours and working days), breaches, open overdue tasks, deemed approvals, supplement rounds, ' +
      'supervision and the critical-path share. The ranking names the worst department × service pairs with the ' +
      'reason in words and the open cases waiting longest. A department CIO sees only their own department.',
  })
  @ApiOkResponse({ type: BottleneckReportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: from, to, serviceCode, format' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, REPORT_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REPORT_SERVICE_NOT_FOUND' })
  async bottlenecks(
    @CurrentUser() identity: Identity,
    @Query() query: BottleneckQueryDto,
    @Language() language: ResponseLanguage,
  ): Promise<BottleneckReportDto> {
    return inLanguage(await this.reports.bottlenecks(identity, query), language);
  }

  @Get('trend')
  @ApiOperation({
    summary: 'The per-department figures week by week (Monday 00:00 Asia/Shanghai), the last week up to now',
  })
  @ApiOkResponse({ type: TrendDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: weeks, serviceCode, format' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN_ROLE, REPORT_OUT_OF_SCOPE' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'REPORT_SERVICE_NOT_FOUND' })
  trend(@CurrentUser() identity: Identity, @Query() query: TrendQueryDto): Promise<TrendDto> {
    return this.reports.trend(identity, query);
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
