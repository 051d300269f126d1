import { stringify } from 'csv-stringify/sync';
import type {
  BottleneckCsvPart,
  BottleneckDto,
  BottleneckReportDto,
  DepartmentMetricsDto,
  DepartmentReportRowDto,
  StepMetricsDto,
  StuckCaseDto,
  TimeSummaryDto,
  TrendDto,
} from './reports.dto';

/** What a CSV cell may hold: nulls become empty cells, dates are written as ISO-8601 UTC instants. */
type Cell = string | number | boolean | null;

/** One column of a table: its header (stable snake_case, for formulas and scripts) and its value. */
interface Column<Row> {
  header: string;
  value: (row: Row) => Cell;
}

/**
 * Tables as CSV for spreadsheets. The quoting is csv-stringify's; the choices here are what Excel
 * and WPS need: a UTF-8 BOM, or they read Chinese as the local ANSI code page; CRLF line ends
 * (RFC 4180); and text that begins with = + - @ prefixed by an apostrophe, so an enterprise name
 * such as "=HYPERLINK(…)" stays text instead of becoming a formula (CSV injection).
 */
export class CsvTable<Row> {
  constructor(private readonly columns: readonly Column<Row>[]) {}

  /** The header row (with the BOM in front) when `first`, then the rows. */
  write(rows: readonly Row[], first = true): string {
    const records = rows.map((row) => this.columns.map((column) => column.value(row)));
    return stringify(records, {
      bom: first,
      header: first,
      columns: this.columns.map((column) => column.header),
      record_delimiter: 'windows',
      escape_formulas: true,
      cast: { boolean: (value) => (value ? 'true' : 'false') },
    });
  }
}

const TIME_COMPONENTS = [
  ['queue', 'queueTime'],
  ['handling', 'handlingTime'],
  ['applicant', 'applicantTime'],
  ['paused', 'pausedTime'],
] as const;

const TIME_FIGURES: readonly [string, keyof TimeSummaryDto][] = [
  ['count', 'count'],
  ['p50_hours', 'p50Hours'],
  ['p90_hours', 'p90Hours'],
  ['p50_working_hours', 'p50WorkingHours'],
  ['p90_working_hours', 'p90WorkingHours'],
  ['p50_working_days', 'p50WorkingDays'],
  ['p90_working_days', 'p90WorkingDays'],
  ['total_hours', 'totalHours'],
  ['total_working_days', 'totalWorkingDays'],
];

/** What a department row and a step row have in common. */
type FigureRow = Omit<DepartmentMetricsDto, 'criticalPath' | 'serviceCode'>;

/** The figures a step row shares with a department row, nested ones flattened (queue_p50_working_days …). */
const FIGURE_COLUMNS: Column<FigureRow>[] = [
  { header: 'wip', value: (row) => row.wip },
  { header: 'arrivals', value: (row) => row.arrivals },
  { header: 'throughput', value: (row) => row.throughput },
  ...TIME_COMPONENTS.flatMap(([prefix, key]) =>
    TIME_FIGURES.map(([suffix, figure]) => ({
      header: `${prefix}_${suffix}`,
      value: (row: FigureRow) => row[key][figure],
    })),
  ),
  { header: 'breaches', value: (row) => row.breaches },
  { header: 'breach_rate', value: (row) => row.breachRate },
  { header: 'overdue_open', value: (row) => row.overdueOpen },
  { header: 'oldest_overdue_application_id', value: (row) => row.oldestOverdue?.applicationId ?? null },
  { header: 'oldest_overdue_step_key', value: (row) => row.oldestOverdue?.stepKey ?? null },
  { header: 'oldest_overdue_round', value: (row) => row.oldestOverdue?.round ?? null },
  { header: 'oldest_overdue_due_at', value: (row) => row.oldestOverdue?.dueAt ?? null },
  { header: 'oldest_overdue_working_days', value: (row) => row.oldestOverdue?.overdueWorkingDays ?? null },
  { header: 'deemed_approvals', value: (row) => row.deemedApprovals },
  { header: 'supplement_rounds', value: (row) => row.supplementRounds.total },
  { header: 'supplement_rounds_per_case', value: (row) => row.supplementRounds.perCase },
  { header: 'warnings', value: (row) => row.warnings },
  { header: 'yellow_cards', value: (row) => row.yellowCards },
  { header: 'red_cards', value: (row) => row.redCards },
  { header: 'urges', value: (row) => row.urges },
  { header: 'reassignments', value: (row) => row.reassignments },
];

/** Every figure of a department row: the shared ones, then the critical path (critical_path_share …). */
const METRIC_COLUMNS: Column<DepartmentMetricsDto>[] = [
  ...FIGURE_COLUMNS,
  { header: 'critical_path_stages', value: (row) => row.criticalPath.stages },
  { header: 'critical_path_times_last', value: (row) => row.criticalPath.timesLast },
  { header: 'critical_path_share', value: (row) => row.criticalPath.share },
  { header: 'critical_path_median_hours_added', value: (row) => row.criticalPath.medianHoursAdded },
  { header: 'critical_path_total_hours_added', value: (row) => row.criticalPath.totalHoursAdded },
  { header: 'critical_path_median_working_days_added', value: (row) => row.criticalPath.medianWorkingDaysAdded },
  { header: 'critical_path_total_working_days_added', value: (row) => row.criticalPath.totalWorkingDaysAdded },
];

/** The window on every row, so rows pasted together from several downloads stay distinguishable. */
type InWindow<Row> = Row & { window: { from: string; to: string } };
const windowColumns = <Row>(): Column<InWindow<Row>>[] => [
  { header: 'window_from', value: (row) => row.window.from },
  { header: 'window_to', value: (row) => row.window.to },
];

/** A weekly snapshot stored before ratings were reported has none: its cells read as no ratings. */
const ratingsOf = (row: DepartmentReportRowDto | DepartmentMetricsDto) =>
  'ratings' in row ? row.ratings : { count: 0, average: null, low: 0 };

export const DEPARTMENTS_CSV = new CsvTable<InWindow<DepartmentReportRowDto>>([
  ...windowColumns<DepartmentReportRowDto>(),
  { header: 'department_code', value: (row) => row.departmentCode },
  ...METRIC_COLUMNS,
  // The ratings (好差评) given to the department in the window.
  { header: 'ratings_count', value: (row) => ratingsOf(row).count },
  { header: 'ratings_average', value: (row) => ratingsOf(row).average },
  { header: 'ratings_low', value: (row) => ratingsOf(row).low },
]);

export const SERVICES_CSV = new CsvTable<InWindow<DepartmentMetricsDto>>([
  ...windowColumns<DepartmentMetricsDto>(),
  { header: 'department_code', value: (row) => row.departmentCode },
  { header: 'service_code', value: (row) => row.serviceCode ?? null },
  ...METRIC_COLUMNS,
]);

export const STEPS_CSV = new CsvTable<InWindow<StepMetricsDto>>([
  ...windowColumns<StepMetricsDto>(),
  { header: 'department_code', value: (row) => row.departmentCode },
  { header: 'service_code', value: (row) => row.serviceCode },
  { header: 'step_key', value: (row) => row.stepKey },
  ...FIGURE_COLUMNS,
]);

export const RANKING_CSV = new CsvTable<InWindow<BottleneckDto>>([
  ...windowColumns<BottleneckDto>(),
  { header: 'rank', value: (row) => row.rank },
  { header: 'department_code', value: (row) => row.departmentCode },
  { header: 'service_code', value: (row) => row.serviceCode },
  { header: 'score_working_days', value: (row) => row.score },
  { header: 'critical_path_share', value: (row) => row.share },
  { header: 'times_last', value: (row) => row.timesLast },
  { header: 'stages', value: (row) => row.stages },
  { header: 'median_working_days_added', value: (row) => row.medianWorkingDaysAdded },
  { header: 'breaches', value: (row) => row.breaches },
  { header: 'breach_rate', value: (row) => row.breachRate },
  { header: 'overdue_open', value: (row) => row.overdueOpen },
  { header: 'dominant_delay', value: (row) => row.dominant },
  { header: 'dominant_share', value: (row) => row.dominantShare },
  { header: 'reason', value: (row) => row.reason },
  // Space-separated: one cell, and a spreadsheet's "text to columns" splits it if wanted.
  { header: 'stuck_case_application_ids', value: (row) => row.stuckCases.join(' ') },
]);

export const TREND_CSV = new CsvTable<DepartmentMetricsDto & { weekStart: string }>([
  { header: 'week_start', value: (row) => row.weekStart },
  { header: 'department_code', value: (row) => row.departmentCode },
  ...METRIC_COLUMNS,
]);

export const STUCK_CASES_CSV = new CsvTable<StuckCaseDto>([
  { header: 'application_number', value: (row) => row.number },
  { header: 'enterprise_name', value: (row) => row.enterpriseName },
  { header: 'service_code', value: (row) => row.serviceCode },
  { header: 'step_key', value: (row) => row.stepKey },
  { header: 'round', value: (row) => row.round },
  { header: 'department_code', value: (row) => row.departmentCode },
  { header: 'status', value: (row) => row.status },
  { header: 'clock', value: (row) => row.clock },
  { header: 'waiting_since', value: (row) => row.waitingSince },
  { header: 'waiting_working_days', value: (row) => row.waitingWorkingDays },
  { header: 'due_at', value: (row) => row.dueAt },
  { header: 'overdue', value: (row) => row.overdue },
  { header: 'cards', value: (row) => row.cards.length },
  { header: 'latest_card', value: (row) => row.cards[row.cards.length - 1]?.level ?? null },
  { header: 'urges', value: (row) => row.urges.length },
  { header: 'last_urged_at', value: (row) => row.urges[row.urges.length - 1]?.at ?? null },
  { header: 'application_id', value: (row) => row.applicationId },
]);

/** The rows of one part of the bottleneck report, each with the report's window. */
export function bottleneckCsv(report: BottleneckReportDto, part: BottleneckCsvPart): string {
  const window = { from: report.from, to: report.to };
  if (part === 'ranking') return RANKING_CSV.write(report.ranking.map((row) => ({ ...row, window })));
  if (part === 'steps') return STEPS_CSV.write(report.steps.map((row) => ({ ...row, window })));
  if (part === 'services') return SERVICES_CSV.write(report.services.map((row) => ({ ...row, window })));
  return DEPARTMENTS_CSV.write(report.departments.map((row) => ({ ...row, window })));
}

/** One row per week and department, oldest week first. */
export function trendCsv(trend: TrendDto): string {
  return TREND_CSV.write(
    trend.weeks.flatMap((week) => week.departments.map((row) => ({ ...row, weekStart: week.weekStart }))),
  );
}
