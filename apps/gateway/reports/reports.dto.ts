import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DELAY_COMPONENTS, type ClockState, type DelayComponent } from '../../../libs/domain';
import { ISO_TIME_WITH_OFFSET } from '../common/instant.pattern';
import { PageQueryDto } from '../common/pagination.dto';
import { withRule } from '../common/request-problems';
import { CardDto, UrgeDto } from '../tasks/tasks.dto';
import { SERVICE_CODE_PATTERN } from '../services/services.drafts.dto';

/** Without `from`, the export covers this many days before `to`. */
export const DEFAULT_WINDOW_DAYS = 30;
/** A longer window is refused: a year of one service is already a large log for a mining tool. */
export const MAX_WINDOW_DAYS = 366;

export class EventLogQueryDto {
  @ApiProperty({
    example: 'restaurant-opening',
    description: 'The service whose applications the log holds: one process per log, as mining tools expect',
  })
  @IsString()
  @Matches(SERVICE_CODE_PATTERN, withRule('SERVICE_CODE_FORMAT'))
  serviceCode: string;

  @ApiPropertyOptional({
    example: '2026-09-01T00:00:00+08:00',
    description: `Applications filed from this instant on (inclusive); default ${DEFAULT_WINDOW_DAYS} days before \`to\`. ISO-8601 with a UTC offset or Z (in a URL, write + as %2B)`,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIME_WITH_OFFSET, withRule('INSTANT_WITHOUT_OFFSET'))
  from?: string;

  @ApiPropertyOptional({
    example: '2026-10-01T00:00:00+08:00',
    description: `Applications filed before this instant (exclusive); default now. At most ${MAX_WINDOW_DAYS} days after \`from\``,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIME_WITH_OFFSET, withRule('INSTANT_WITHOUT_OFFSET'))
  to?: string;
}

/** Trend: this many weeks by default, at most MAX_TREND_WEEKS. */
export const DEFAULT_TREND_WEEKS = 12;
export const MAX_TREND_WEEKS = 104;

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What every report can be narrowed to, and its format. */
export class ReportScopeQueryDto {
  @ApiPropertyOptional({ example: 'restaurant-opening', description: 'Only this service' })
  @IsOptional()
  @IsString()
  @Matches(SERVICE_CODE_PATTERN, withRule('SERVICE_CODE_FORMAT'))
  serviceCode?: string;

  @ApiPropertyOptional({
    example: 'fire',
    description: 'Only this department. A department CIO may name only their own (or leave it out)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  departmentCode?: string;

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description:
      'csv: a download for spreadsheets (UTF-8 with a BOM, one header row, reasons in the Accept-Language); ' +
      'refusals stay JSON errors',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** The parts of the bottleneck report as CSV: each its own table, so a spreadsheet can sort and filter it. */
export const BOTTLENECK_CSV_PARTS = ['departments', 'services', 'steps', 'ranking'] as const;
export type BottleneckCsvPart = (typeof BOTTLENECK_CSV_PARTS)[number];

export class BottleneckQueryDto extends ReportScopeQueryDto {
  @ApiPropertyOptional({
    example: '2026-09-01T00:00:00+08:00',
    description: `Window start (inclusive); default ${DEFAULT_WINDOW_DAYS} days before \`to\``,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIME_WITH_OFFSET, withRule('INSTANT_WITHOUT_OFFSET'))
  from?: string;

  @ApiPropertyOptional({
    example: '2026-10-01T00:00:00+08:00',
    description: `Window end (exclusive); default now. At most ${MAX_WINDOW_DAYS} days after \`from\``,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_TIME_WITH_OFFSET, withRule('INSTANT_WITHOUT_OFFSET'))
  to?: string;

  @ApiPropertyOptional({
    enum: BOTTLENECK_CSV_PARTS,
    default: 'departments',
    description:
      'With format=csv, which table: departments (one row per department), services (per department × service), ' +
      'steps (per step of each service) ' +
      'or ranking (the ranked bottlenecks with their reasons). Only with format=csv',
  })
  @IsOptional()
  @IsIn(BOTTLENECK_CSV_PARTS)
  part?: BottleneckCsvPart;
}

export class TrendQueryDto extends ReportScopeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TREND_WEEKS, default: DEFAULT_TREND_WEEKS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TREND_WEEKS)
  weeks?: number;
}

export class TimeSummaryDto {
  @ApiProperty({ description: 'How many rounds were measured' }) count: number;
  @ApiProperty({ type: Number, nullable: true }) p50Hours: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Hours: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working days × 24' }) p50WorkingHours: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90WorkingHours: number | null;
  @ApiProperty({ type: Number, nullable: true }) p50WorkingDays: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90WorkingDays: number | null;
  @ApiProperty() totalHours: number;
  @ApiProperty() totalWorkingDays: number;
}

export class CriticalPathDto {
  @ApiProperty({ description: 'Parallel stages the department took part in that finished in the window' })
  stages: number;
  @ApiProperty({ description: 'Of those, how often it finished last' }) timesLast: number;
  @ApiProperty({ description: 'timesLast / stages; 0 when never in a parallel stage' }) share: number;
  @ApiProperty() medianHoursAdded: number;
  @ApiProperty() totalHoursAdded: number;
  @ApiProperty() medianWorkingDaysAdded: number;
  @ApiProperty() totalWorkingDaysAdded: number;
}

export class OverdueTaskDto {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty() stepKey: string;
  @ApiProperty() round: number;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ description: 'Working days past the due date at the end of the window' }) overdueWorkingDays: number;
}

export class SupplementRoundsDto {
  @ApiProperty({ description: 'Supplement requests decided in the window' }) total: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Per case decided on in the window' })
  perCase: number | null;
}

export class DepartmentMetricsDto {
  @ApiProperty() departmentCode: string;
  @ApiPropertyOptional({ description: 'In the per department × service rows' }) serviceCode?: string;
  @ApiProperty({ description: 'Open tasks (queued, held or paused) at the end of the window' }) wip: number;
  @ApiProperty({ description: 'Tasks created in the window' }) arrivals: number;
  @ApiProperty({ description: 'Tasks decided in the window' }) throughput: number;
  @ApiProperty({ type: TimeSummaryDto, description: 'Unclaimed in the queue' }) queueTime: TimeSummaryDto;
  @ApiProperty({ type: TimeSummaryDto, description: 'Held by an officer, less paused time' })
  handlingTime: TimeSummaryDto;
  @ApiProperty({ type: TimeSummaryDto, description: 'Waiting on a supplement' }) applicantTime: TimeSummaryDto;
  @ApiProperty({ type: TimeSummaryDto, description: 'Stopped by a pause' }) pausedTime: TimeSummaryDto;
  @ApiProperty() breaches: number;
  @ApiProperty({ type: Number, nullable: true, description: 'breaches / throughput' }) breachRate: number | null;
  @ApiProperty() overdueOpen: number;
  @ApiProperty({ type: OverdueTaskDto, nullable: true }) oldestOverdue: OverdueTaskDto | null;
  @ApiProperty() deemedApprovals: number;
  @ApiProperty({ type: SupplementRoundsDto }) supplementRounds: SupplementRoundsDto;
  @ApiProperty() warnings: number;
  @ApiProperty() yellowCards: number;
  @ApiProperty() redCards: number;
  @ApiProperty() urges: number;
  @ApiProperty() reassignments: number;
  @ApiProperty({ type: CriticalPathDto }) criticalPath: CriticalPathDto;
}

export class RatingSummaryDto {
  @ApiProperty({ description: 'Ratings given to the department in the window' }) count: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean score 1..5, two decimals; null without ratings' })
  average: number | null;
  @ApiProperty({ description: 'Low ratings (score 1 or 2), each a follow-up for the department CIO' }) low: number;
}

/** A department row of the report: the figures and the ratings (好差评) given in the window. */
export class DepartmentReportRowDto extends DepartmentMetricsDto {
  @ApiProperty({ type: RatingSummaryDto }) ratings: RatingSummaryDto;
}

export class StepMetricsDto extends OmitType(DepartmentMetricsDto, ['criticalPath', 'serviceCode'] as const) {
  @ApiProperty() serviceCode: string;
  @ApiProperty() stepKey: string;
}

export class BottleneckDto {
  @ApiProperty() rank: number;
  @ApiProperty() departmentCode: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty({ description: 'Working days added to the critical path: what the ranking is by first' })
  score: number;
  @ApiProperty() share: number;
  @ApiProperty() timesLast: number;
  @ApiProperty() stages: number;
  @ApiProperty() medianWorkingDaysAdded: number;
  @ApiProperty() breaches: number;
  @ApiProperty({ type: Number, nullable: true }) breachRate: number | null;
  @ApiProperty() overdueOpen: number;
  @ApiProperty({ enum: DELAY_COMPONENTS, nullable: true, description: 'The kind of time that makes up most of it' })
  dominant: DelayComponent | null;
  @ApiProperty({ type: Number, nullable: true }) dominantShare: number | null;
  @ApiProperty({ description: 'In words, in the language of Accept-Language (Chinese by default)' }) reason: string;
  @ApiProperty({ type: [String], description: 'Open cases waiting longest on this department for this service' })
  stuckCases: string[];
}

export class BottleneckReportDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiPropertyOptional() serviceCode?: string;
  @ApiPropertyOptional() departmentCode?: string;
  @ApiProperty({ type: [DepartmentReportRowDto], description: 'Per department' })
  departments: DepartmentReportRowDto[];
  @ApiProperty({ type: [DepartmentMetricsDto], description: 'Per department × service (serviceCode set)' })
  services: DepartmentMetricsDto[];
  @ApiProperty({
    type: [StepMetricsDto],
    description: 'Per step of each service (the critical path is the department’s, in services)',
  })
  steps: StepMetricsDto[];
  @ApiProperty({ type: [BottleneckDto] }) ranking: BottleneckDto[];
}

export class TrendWeekDto {
  @ApiProperty({ format: 'date-time', description: 'Monday 00:00 Asia/Shanghai' }) weekStart: string;
  @ApiProperty({ type: [DepartmentMetricsDto] }) departments: DepartmentMetricsDto[];
}

export class TrendDto {
  @ApiProperty({ type: [TrendWeekDto], description: 'Oldest first; the last is the week in progress' })
  weeks: TrendWeekDto[];
}

export class StuckCasesQueryDto extends IntersectionType(ReportScopeQueryDto, PageQueryDto) {}

export class StuckCaseDto {
  @ApiProperty({ format: 'uuid' }) applicationId: string;
  @ApiProperty({ description: 'The application number (办件编号)' }) number: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() serviceCode: string;
  @ApiProperty() stepKey: string;
  @ApiProperty({ description: 'The review round of the step (1, then one more per supplement)' }) round: number;
  @ApiProperty() departmentCode: string;
  @ApiProperty({
    enum: ['pending', 'claimed', 'paused'],
    description: 'Where the case is: queued unclaimed, held by an officer, or paused by the department',
  })
  status: 'pending' | 'claimed' | 'paused';
  @ApiProperty({ enum: ['running', 'stopped'], description: 'The time limit runs unless the step is paused' })
  clock: ClockState;
  @ApiProperty({ format: 'date-time', description: 'When this round’s task was created (queued at the department)' })
  waitingSince: string;
  @ApiProperty({ description: 'Working days from waitingSince to now, to two decimals' })
  waitingWorkingDays: number;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ description: 'Past the time limit: breached, or due with the clock running' }) overdue: boolean;
  @ApiProperty({ type: [CardDto] }) cards: CardDto[];
  @ApiProperty({ type: [UrgeDto] }) urges: UrgeDto[];
}

export class StuckCasePageDto {
  @ApiProperty({ type: [StuckCaseDto], description: 'Longest waiting first' }) items: StuckCaseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

export class SnapshotSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'Monday 00:00 Asia/Shanghai of the reported week' })
  weekStart: string;
  @ApiProperty({ format: 'date-time', description: 'The window start: weekStart' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'The window end (exclusive): the next Monday 00:00' })
  to: string;
  @ApiProperty({ format: 'date-time', description: 'When the weekly run took the snapshot' }) createdAt: string;
  @ApiProperty({ description: 'Alerts raised by the runs of this week (a department CIO: their department’s)' })
  alertCount: number;
}

export class SnapshotPageDto {
  @ApiProperty({ type: [SnapshotSummaryDto], description: 'Newest week first' }) items: SnapshotSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

export const THRESHOLD_RULE_NAMES = ['breachRate', 'overdueOpen'] as const;

export class AlertDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty({ description: 'In the language of Accept-Language' }) departmentName: string;
  @ApiProperty({
    enum: THRESHOLD_RULE_NAMES,
    description: 'breachRate: the week’s breach rate over the fraction; overdueOpen: more open overdue tasks than N',
  })
  rule: (typeof THRESHOLD_RULE_NAMES)[number];
  @ApiProperty({ description: 'The threshold in force when it was raised' }) threshold: number;
  @ApiProperty({ description: 'The value that crossed it' }) value: number;
  @ApiProperty({ format: 'date-time' }) weekStart: string;
  @ApiProperty({ format: 'uuid' }) snapshotId: string;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto], description: 'Newest first' }) items: AlertDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

export class AlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'fire',
    description: 'Only this department. A department CIO may name only their own (or leave it out)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  departmentCode?: string;
}

export class SnapshotQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'json',
    description: 'csv: one table of the stored report (see part), like the live report’s CSV',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ enum: BOTTLENECK_CSV_PARTS, default: 'departments', description: 'Only with format=csv' })
  @IsOptional()
  @IsIn(BOTTLENECK_CSV_PARTS)
  part?: BottleneckCsvPart;
}

export class SnapshotDto extends OmitType(SnapshotSummaryDto, ['alertCount'] as const) {
  @ApiProperty({
    type: BottleneckReportDto,
    description:
      'The bottleneck report as computed when the snapshot was taken (never recomputed), cut to the caller’s ' +
      'department for a department CIO; reasons in the language of Accept-Language',
  })
  report: BottleneckReportDto;
  @ApiProperty({ type: [AlertDto], description: 'The alerts raised by the runs of this week, in the caller’s scope' })
  alerts: AlertDto[];
}

export class DepartmentCodeParamDto {
  @ApiProperty({ example: 'fire' })
  @IsString()
  @Length(1, 32)
  departmentCode: string;
}

export class ThresholdDto {
  @ApiProperty() departmentCode: string;
  @ApiProperty({ description: 'In the language of Accept-Language' }) departmentName: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Alert when the week’s breach rate is over this fraction (0.1 = 10 %); null: no rule',
  })
  breachRate: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Alert when more than this many tasks are open and overdue at the weekly run; null: no rule',
  })
  overdueOpen: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}

export class ThresholdListDto {
  @ApiProperty({ type: [ThresholdDto], description: 'One per department, by department code' })
  items: ThresholdDto[];
}

/**
 * The body of PUT /reports/thresholds/:departmentCode, for the documentation only: the service
 * checks it itself, so every refusal (unknown field, out of range, nothing given) is the 422 the
 * contract names rather than the pipe's 400.
 */
export class ThresholdUpdateDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: 1,
    description: 'A fraction, 0 < x ≤ 1; null clears the rule; absent leaves it as it is',
  })
  breachRate?: number | null;
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    description: 'A whole number ≥ 0 (“more than N open overdue tasks”); null clears it; absent leaves it',
  })
  overdueOpen?: number | null;
}
