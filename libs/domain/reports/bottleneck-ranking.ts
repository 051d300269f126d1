import type { CriticalPathMetrics, GroupMetrics } from './report-metrics';

/** The four kinds of time a department's rounds are split into (see round-metrics SpanKind). */
export const DELAY_COMPONENTS = ['queue', 'handling', 'paused', 'applicant'] as const;
export type DelayComponent = (typeof DELAY_COMPONENTS)[number];

/** Names to put in the sentences; codes stand in where a name is missing. */
export interface RankingNames {
  department: (code: string) => { zh: string; en: string };
  service: (code: string) => { zh: string; en: string };
}

/**
 * One bottleneck: a department on one service, with the figures its reason is made of. `reason`
 * is the plain sentence in Chinese and English; clients show the one in the user's language.
 */
export interface Bottleneck {
  rank: number;
  departmentCode: string;
  serviceCode: string;
  /** Working days the department added to the cases' critical path (see `score`). */
  score: number;
  /** Of the parallel stages the department took part in, the share it finished last. */
  share: number;
  timesLast: number;
  stages: number;
  medianWorkingDaysAdded: number;
  breaches: number;
  breachRate: number | null;
  overdueOpen: number;
  /** The kind of time that makes up most of the department's time on the service's decided rounds. */
  dominant: DelayComponent | null;
  /** Its part of the department's total time (0..1). */
  dominantShare: number | null;
  reason: { zh: string; en: string };
}

const ZH_COMPONENT: Record<DelayComponent, string> = {
  queue: '排队等待认领',
  handling: '承办人办理',
  paused: '计时暂停（检验、专家评审、听证等）',
  applicant: '等待申请人补正',
};
const EN_COMPONENT: Record<DelayComponent, string> = {
  queue: 'waiting in the queue to be claimed',
  handling: 'being handled by an officer',
  paused: 'paused (inspection, expert review, hearing …)',
  applicant: 'waiting for the applicant’s supplement',
};

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
const days = (value: number) => (Math.round(value * 10) / 10).toString();

/** The kind of time with the largest total, and its part of the whole; null when no time was measured. */
export function dominantComponent(group: GroupMetrics): { component: DelayComponent; share: number } | null {
  const totals: Record<DelayComponent, number> = {
    queue: group.queueTime.totalWorkingDays,
    handling: group.handlingTime.totalWorkingDays,
    paused: group.pausedTime.totalWorkingDays,
    applicant: group.applicantTime.totalWorkingDays,
  };
  const whole = DELAY_COMPONENTS.reduce((sum, kind) => sum + totals[kind], 0);
  if (!(whole > 0)) return null;
  const component = DELAY_COMPONENTS.reduce((best, kind) => (totals[kind] > totals[best] ? kind : best), 'queue');
  return { component, share: totals[component] / whole };
}

function reasonOf(
  group: GroupMetrics,
  path: CriticalPathMetrics | undefined,
  dominant: ReturnType<typeof dominantComponent>,
  names: RankingNames,
): { zh: string; en: string } {
  const department = names.department(group.departmentCode);
  const service = names.service(group.serviceCode ?? '');
  const zh: string[] = [];
  const en: string[] = [];
  if (path && path.timesLast > 0) {
    zh.push(
      `在${service.zh}的并联阶段中 ${percent(path.share)} 的办件最后完成，中位数多用 ${days(path.medianWorkingDaysAdded)} 个工作日`,
    );
    en.push(
      `finished last in ${percent(path.share)} of the parallel stages of ${service.en}, adding a median ${days(path.medianWorkingDaysAdded)} working days`,
    );
  } else {
    zh.push(`在${service.zh}中`);
    en.push(`on ${service.en}`);
  }
  if (group.breaches > 0) {
    zh.push(`超期 ${group.breaches} 件（超期率 ${percent(group.breachRate ?? 0)}）`);
    en.push(`${group.breaches} decided past the limit (${percent(group.breachRate ?? 0)})`);
  }
  if (group.overdueOpen > 0) {
    zh.push(`${group.overdueOpen} 件在办已超期`);
    en.push(`${group.overdueOpen} open and overdue`);
  }
  if (dominant) {
    zh.push(`其中 ${percent(dominant.share)} 是${ZH_COMPONENT[dominant.component]}`);
    en.push(`${percent(dominant.share)} of its time was ${EN_COMPONENT[dominant.component]}`);
  }
  const [zhHead, ...zhRest] = zh;
  const [enHead, ...enRest] = en;
  return {
    zh: `${department.zh}: ${zhHead}${zhRest.length ? '，' + zhRest.join('；') : ''}`,
    en: `${department.en}: ${enHead}${enRest.length ? '; ' + enRest.join('; ') : ''}`,
  };
}

/**
 * The ranked bottlenecks from the department × service metrics: first by the working days a
 * department added to the cases' critical path (finishing last in parallel stages), then by
 * breaches and open overdue tasks, then by the p90 of its queue + handling time. Only departments
 * that held something up are listed: finished last at least once, breached, or overdue now.
 */
export function rankBottlenecks(
  groups: readonly GroupMetrics[],
  criticalPath: readonly CriticalPathMetrics[],
  names: RankingNames,
  limit = 10,
): Bottleneck[] {
  const pathOf = new Map(criticalPath.map((path) => [`${path.departmentCode}|${path.serviceCode ?? ''}`, path]));
  const entries = groups
    .filter((group) => group.serviceCode !== undefined)
    .map((group) => {
      const path = pathOf.get(`${group.departmentCode}|${group.serviceCode}`);
      const dominant = dominantComponent(group);
      const slowness = (group.queueTime.p90WorkingDays ?? 0) + (group.handlingTime.p90WorkingDays ?? 0);
      return { group, path, dominant, slowness, score: path?.totalWorkingDaysAdded ?? 0 };
    })
    .filter(({ group, path }) => (path?.timesLast ?? 0) > 0 || group.breaches > 0 || group.overdueOpen > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.group.breaches + b.group.overdueOpen - (a.group.breaches + a.group.overdueOpen) ||
        b.slowness - a.slowness ||
        a.group.departmentCode.localeCompare(b.group.departmentCode) ||
        (a.group.serviceCode ?? '').localeCompare(b.group.serviceCode ?? ''),
    )
    .slice(0, limit);
  return entries.map(({ group, path, dominant, score }, index) => ({
    rank: index + 1,
    departmentCode: group.departmentCode,
    serviceCode: group.serviceCode!,
    score,
    share: path?.share ?? 0,
    timesLast: path?.timesLast ?? 0,
    stages: path?.stages ?? 0,
    medianWorkingDaysAdded: path?.medianWorkingDaysAdded ?? 0,
    breaches: group.breaches,
    breachRate: group.breachRate,
    overdueOpen: group.overdueOpen,
    dominant: dominant?.component ?? null,
    dominantShare: dominant?.share ?? null,
    reason: reasonOf(group, path, dominant, names),
  }));
}
