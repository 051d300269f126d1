import { rankBottlenecks, type Bottleneck, type RankingNames } from './bottleneck-ranking';
import type { WorkingClock } from '../calendar/working-clock';
import { reportMetrics, type CriticalPathMetrics, type GroupMetrics, type TimeSummary } from './report-metrics';
import type { ReportCase } from './round-metrics';
import { NO_RATINGS, type RatingSummary } from '../ratings/rating-rules';

/**
 * The bottleneck report as the API gives it and as a weekly snapshot keeps it: plain JSON (ISO
 * instants), with each reason in both languages (the API picks the caller's).
 */
export interface BottleneckReport {
  from: string;
  to: string;
  serviceCode?: string;
  departmentCode?: string;
  departments: RatedDepartmentRow[];
  services: DepartmentReportRow[];
  /** Per step of each service: the same figures but the critical path, which is the department's. */
  steps: StepReportRow[];
  ranking: RankedBottleneck[];
}

export type StepReportRow = Omit<DepartmentReportRow, 'criticalPath'> & { serviceCode: string; stepKey: string };

export interface DepartmentReportRow {
  departmentCode: string;
  serviceCode?: string;
  wip: number;
  arrivals: number;
  throughput: number;
  queueTime: TimeSummary;
  handlingTime: TimeSummary;
  applicantTime: TimeSummary;
  pausedTime: TimeSummary;
  breaches: number;
  breachRate: number | null;
  overdueOpen: number;
  oldestOverdue: {
    applicationId: string;
    stepKey: string;
    round: number;
    dueAt: string;
    overdueWorkingDays: number;
  } | null;
  deemedApprovals: number;
  supplementRounds: { total: number; perCase: number | null };
  warnings: number;
  yellowCards: number;
  redCards: number;
  urges: number;
  reassignments: number;
  criticalPath: {
    stages: number;
    timesLast: number;
    share: number;
    medianHoursAdded: number;
    totalHoursAdded: number;
    medianWorkingDaysAdded: number;
    totalWorkingDaysAdded: number;
  };
}

/**
 * A department row of the report with the ratings (好差评) given to the department in the window.
 * Ratings are not events of the case log: they come from their own table by a plain query, beside
 * the roll-ups and outside the replay reference they are checked against.
 */
export type RatedDepartmentRow = DepartmentReportRow & { ratings: RatingSummary };

export type RankedBottleneck = Bottleneck & { stuckCases: string[] };

const NO_PATH = {
  stages: 0,
  timesLast: 0,
  share: 0,
  medianHoursAdded: 0,
  totalHoursAdded: 0,
  medianWorkingDaysAdded: 0,
  totalWorkingDaysAdded: 0,
};

/** A group's figures as JSON (the oldest overdue task's due date as an ISO instant, its lateness in working days). */
function figuresRow(group: GroupMetrics, workingDayMs: number) {
  const { oldestOverdue, ...figures } = group;
  return {
    ...figures,
    oldestOverdue: oldestOverdue && {
      applicationId: oldestOverdue.applicationId,
      stepKey: oldestOverdue.stepKey,
      round: oldestOverdue.round,
      dueAt: oldestOverdue.dueAt.toISOString(),
      overdueWorkingDays: oldestOverdue.overdue.workingMs / workingDayMs,
    },
  };
}

function reportRow(
  group: GroupMetrics,
  path: CriticalPathMetrics | undefined,
  workingDayMs: number,
): DepartmentReportRow {
  const { stepKey: _stepKey, ...row } = figuresRow(group, workingDayMs);
  return {
    ...row,
    criticalPath: path
      ? {
          stages: path.stages,
          timesLast: path.timesLast,
          share: path.share,
          medianHoursAdded: path.medianHoursAdded,
          totalHoursAdded: path.totalHoursAdded,
          medianWorkingDaysAdded: path.medianWorkingDaysAdded,
          totalWorkingDaysAdded: path.totalWorkingDaysAdded,
        }
      : NO_PATH,
  };
}

const pathKey = (key: { departmentCode: string; serviceCode?: string }) =>
  `${key.departmentCode}|${key.serviceCode ?? ''}`;

/** The figures of a window, per department and per department × service, with the critical-path share joined in. */
export interface WindowMetrics {
  departments: GroupMetrics[];
  departmentPaths: CriticalPathMetrics[];
  services: GroupMetrics[];
  servicePaths: CriticalPathMetrics[];
  steps: GroupMetrics[];
}

/**
 * A window's figures by replaying the cases' logs in memory: the reference the SQL roll-ups are
 * checked against. `cases` must hold every case with something in the window (more do no harm).
 */
export function windowMetricsFromCases(
  cases: readonly ReportCase[],
  clock: WorkingClock,
  filter: { from: Date; to: Date; departmentCode?: string },
): WindowMetrics {
  const window = { from: filter.from, to: filter.to };
  const keep = <T extends { departmentCode: string }>(rows: T[]) =>
    filter.departmentCode ? rows.filter((row) => row.departmentCode === filter.departmentCode) : rows;
  const byDepartment = reportMetrics({ cases, clock, window, groupBy: 'department' });
  const byService = reportMetrics({ cases, clock, window, groupBy: 'departmentService' });
  const byStep = reportMetrics({ cases, clock, window, groupBy: 'step' });
  return {
    departments: keep(byDepartment.groups),
    departmentPaths: keep(byDepartment.criticalPath),
    services: keep(byService.groups),
    servicePaths: keep(byService.criticalPath),
    steps: keep(byStep.groups),
  };
}

/** Joins the figures into report rows (the critical path of each row beside its other figures). */
export function reportRows(metrics: Pick<WindowMetrics, 'departments' | 'departmentPaths'>, workingDayMs: number) {
  const paths = new Map(metrics.departmentPaths.map((path) => [pathKey(path), path]));
  return metrics.departments.map((group) => reportRow(group, paths.get(pathKey(group)), workingDayMs));
}

/**
 * Puts a window's figures together into the report: rows per department and per department ×
 * service, and the ranked bottlenecks with their reasons and the stuck cases behind each.
 */
export function assembleBottleneckReport(input: {
  window: { from: Date; to: Date; serviceCode?: string; departmentCode?: string };
  metrics: WindowMetrics;
  names: RankingNames;
  workingDayMs: number;
  /** Open cases waiting longest, per `departmentCode|serviceCode`. */
  stuckCases: (departmentCode: string, serviceCode: string) => string[];
  /** The ratings given to a department in the window. */
  ratings?: (departmentCode: string) => RatingSummary | undefined;
}): BottleneckReport {
  const { window, metrics, names, workingDayMs } = input;
  const ranking = rankBottlenecks(metrics.services, metrics.servicePaths, names).map((bottleneck) => ({
    ...bottleneck,
    stuckCases: input.stuckCases(bottleneck.departmentCode, bottleneck.serviceCode),
  }));
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    ...(window.serviceCode ? { serviceCode: window.serviceCode } : {}),
    ...(window.departmentCode ? { departmentCode: window.departmentCode } : {}),
    departments: reportRows(metrics, workingDayMs).map((row) => ({
      ...row,
      ratings: input.ratings?.(row.departmentCode) ?? NO_RATINGS,
    })),
    services: reportRows({ departments: metrics.services, departmentPaths: metrics.servicePaths }, workingDayMs),
    steps: metrics.steps.map((group) => figuresRow(group, workingDayMs) as StepReportRow),
    ranking,
  };
}
