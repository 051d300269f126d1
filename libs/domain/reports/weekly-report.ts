import { shanghaiDate, shanghaiWeekStart } from '../calendar/working-days';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The threshold rules a department can have; each is optional. */
export const THRESHOLD_RULES = ['breachRate', 'overdueOpen'] as const;
export type ThresholdRule = (typeof THRESHOLD_RULES)[number];

export interface ReportWeek {
  /** Monday 00:00 Asia/Shanghai. */
  from: Date;
  /** The next Monday 00:00 (exclusive). */
  to: Date;
}

/**
 * The last complete week before `scheduledAt`: a run at Monday 08:00 reports the week that ended
 * eight hours earlier; a run at exactly Monday 00:00 reports the week that just ended. Pure, so the
 * workflow can call it on its (deterministic) scheduled time.
 */
export function lastCompleteWeek(scheduledAt: Date): ReportWeek {
  const to = shanghaiWeekStart(scheduledAt);
  return { from: new Date(to.getTime() - WEEK_MS), to };
}

/**
 * Whether a rule is crossed: the breach rate strictly above the fraction (a week with nothing
 * decided has no rate and crosses nothing), the open overdue tasks strictly more than N.
 */
export function ruleCrossed(threshold: number, value: number | null): boolean {
  return value !== null && value > threshold;
}

/** An alert is raised on the crossing only: crossed now and not at the previous evaluation. */
export function raisesAlert(crossedBefore: boolean, crossedNow: boolean): boolean {
  return crossedNow && !crossedBefore;
}

export interface ReportNoticeText {
  title: string;
  body: string;
  titleEn: string;
  bodyEn: string;
  urgent: boolean;
}

const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

/** The inbox text of the weekly report: for the whole province, or for one department's CIO. */
export function weeklyReportText(input: {
  week: ReportWeek;
  department?: { zh: string; en: string };
  /** The department's (or, without one, the province's) top bottleneck, if any. */
  top?: { zh: string; en: string };
}): ReportNoticeText {
  const from = shanghaiDate(input.week.from);
  const last = shanghaiDate(new Date(input.week.to.getTime() - 1));
  const topZh = input.top ? `首要瓶颈：${input.top.zh}` : '本周没有排名的瓶颈。';
  const topEn = input.top ? `Top bottleneck: ${input.top.en}` : 'No ranked bottleneck this week.';
  return input.department
    ? {
        title: `${input.department.zh}周报：${from} 至 ${last}`,
        body: `${input.department.zh}上周（${from} 至 ${last}）的瓶颈报告已生成。${topZh}`,
        titleEn: `${input.department.en} weekly report: ${from} to ${last}`,
        bodyEn: `The bottleneck report of ${input.department.en} for last week (${from} to ${last}) is ready. ${topEn}`,
        urgent: false,
      }
    : {
        title: `全省瓶颈周报：${from} 至 ${last}`,
        body: `上周（${from} 至 ${last}）的全省瓶颈报告已生成。${topZh}`,
        titleEn: `Weekly bottleneck report: ${from} to ${last}`,
        bodyEn: `The province's bottleneck report for last week (${from} to ${last}) is ready. ${topEn}`,
        urgent: false,
      };
}

/** The inbox text of an alert: which department crossed which rule, by how much. */
export function reportAlertText(input: {
  department: { zh: string; en: string };
  rule: ThresholdRule;
  threshold: number;
  value: number;
  week: ReportWeek;
}): ReportNoticeText {
  const from = shanghaiDate(input.week.from);
  const { department, threshold, value } = input;
  if (input.rule === 'breachRate')
    return {
      title: `超期率预警：${department.zh}`,
      body: `${department.zh}在 ${from} 起的一周超期率为 ${percent(value)}，超过阈值 ${percent(threshold)}。`,
      titleEn: `Breach rate alert: ${department.en}`,
      bodyEn: `${department.en} breached ${percent(value)} of its tasks in the week from ${from}, over the threshold of ${percent(threshold)}.`,
      urgent: true,
    };
  return {
    title: `在办已超期预警：${department.zh}`,
    body: `${department.zh}生成周报时在办已超期 ${value} 件，超过阈值 ${threshold} 件。`,
    titleEn: `Overdue tasks alert: ${department.en}`,
    bodyEn: `${department.en} had ${value} open overdue tasks when the weekly report was made, more than the threshold of ${threshold}.`,
    urgent: true,
  };
}
