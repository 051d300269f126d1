/**
 * What the inbox says about a supervision fact, in Chinese (the default) and English. Pure, so the
 * wording is tested without a database; the activity that records the fact stores the result.
 */
export const NOTIFICATION_KINDS = [
  'warning',
  'yellow_card',
  'red_card',
  'deemed_approved',
  'urged',
  'breached',
  'rating_follow_up',
  'rating_answered',
  'material_overdue',
  'notice_issued',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationContext {
  applicationNumber: string;
  enterpriseName: string;
  serviceName: string;
  stepKey?: string;
  departmentName?: { zh: string; en: string };
  /** The limit concerned, ISO instant. */
  dueAt?: string;
  /** The coordinating CIO's words, for an urge; the rating's comment or the CIO's answer, for ratings. */
  message?: string;
  /** A deferred material, for material_overdue. */
  materialName?: string;
  /** The score of a rating (1..5). */
  score?: number;
}

export interface NotificationText {
  title: string;
  body: string;
  titleEn: string;
  bodyEn: string;
  urgent: boolean;
}

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `2026-10-10 24:00`-style Shanghai time, as officers read due dates. */
export function shanghaiDateTime(iso: string): string {
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function notificationText(kind: NotificationKind, context: NotificationContext): NotificationText {
  const caseZh = `办件 ${context.applicationNumber}（${context.enterpriseName}，${context.serviceName}）`;
  const caseEn = `case ${context.applicationNumber} (${context.enterpriseName}, ${context.serviceName})`;
  const stepZh = context.departmentName ? `${context.departmentName.zh}「${context.stepKey}」环节` : '';
  const stepEn = context.departmentName ? `the ${context.departmentName.en} step "${context.stepKey}"` : '';
  const due = context.dueAt ? shanghaiDateTime(context.dueAt) : '';
  switch (kind) {
    case 'warning':
      return {
        title: `即将超时预警：${context.applicationNumber}`,
        body: `${caseZh}的${stepZh}将于 ${due}（北京时间）到期，请及时办理。`,
        titleEn: `Time limit approaching: ${context.applicationNumber}`,
        bodyEn: `${capitalize(stepEn)} of ${caseEn} is due at ${due} (Beijing time). Please decide it in time.`,
        urgent: false,
      };
    case 'yellow_card':
      return {
        title: `黄牌：${context.applicationNumber} 已超过承诺时限`,
        body: `${caseZh}的${stepZh}已于 ${due}（北京时间）超过承诺时限，超时计入该部门。`,
        titleEn: `Yellow card: ${context.applicationNumber} is past its time limit`,
        bodyEn: `${capitalize(stepEn)} of ${caseEn} passed its promised time limit at ${due} (Beijing time); the delay is recorded against the department.`,
        urgent: false,
      };
    case 'red_card':
      return {
        title: `红牌（紧急）：${context.applicationNumber} 严重超时`,
        body: `${caseZh}的${stepZh}承诺时限为 ${due}（北京时间），至今仍未办结，请立即督办。`,
        titleEn: `Red card (urgent): ${context.applicationNumber} is seriously overdue`,
        bodyEn: `${capitalize(stepEn)} of ${caseEn} was due at ${due} (Beijing time) and is still open. Act on it now.`,
        urgent: true,
      };
    case 'deemed_approved':
      return {
        title: `超时默认通过：${context.applicationNumber}`,
        body: `${caseZh}的${stepZh}在承诺时限 ${due}（北京时间）前未作出决定，已按超时默认规则视为通过；超时计入该部门。`,
        titleEn: `Deemed approved at the time limit: ${context.applicationNumber}`,
        bodyEn: `${capitalize(stepEn)} of ${caseEn} was not decided by its limit at ${due} (Beijing time) and counts as approved under the deemed-approval policy; the delay is recorded against the department.`,
        urgent: false,
      };
    case 'urged':
      return {
        title: `督办：${context.applicationNumber}`,
        body: `协调部门就${caseZh}的${stepZh}督办：${context.message ?? ''}`,
        titleEn: `Urged: ${context.applicationNumber}`,
        bodyEn: `The coordinating office urges ${stepEn} of ${caseEn}: ${context.message ?? ''}`,
        urgent: false,
      };
    case 'breached':
      return {
        title: `办件超过总时限：${context.applicationNumber}`,
        body: `${caseZh}已于 ${due}（北京时间）超过总承诺时限，仍未办结。`,
        titleEn: `Case past its overall limit: ${context.applicationNumber}`,
        bodyEn: `${capitalize(caseEn)} passed its overall time limit at ${due} (Beijing time) and is still open.`,
        urgent: false,
      };
    case 'rating_follow_up':
      return {
        title: `差评待回复：${context.applicationNumber}`,
        body: `${context.enterpriseName}对${context.departmentName?.zh ?? '本部门'}在${caseZh}中的办理评了 ${context.score ?? ''} 星：${context.message || '（未留言）'}。请核实情况并回复企业。`,
        titleEn: `Low rating to answer: ${context.applicationNumber}`,
        bodyEn: `${context.enterpriseName} rated ${context.departmentName ? `the ${context.departmentName.en}` : 'your department'} ${context.score ?? ''} of 5 on ${caseEn}: ${context.message || '(no comment)'}. Look into it and answer the enterprise.`,
        urgent: false,
      };
    case 'rating_answered':
      return {
        title: `评价已回复：${context.applicationNumber}`,
        body: `${context.departmentName?.zh ?? '部门'}已回复您对${caseZh}的评价：${context.message ?? ''}`,
        titleEn: `Your rating was answered: ${context.applicationNumber}`,
        bodyEn: `${context.departmentName ? `The ${context.departmentName.en}` : 'The department'} answered your rating of ${caseEn}: ${context.message ?? ''}`,
        urgent: false,
      };
    case 'material_overdue':
      return {
        title: `办件已终止：${context.applicationNumber} 容缺材料逾期未补`,
        body: `${caseZh}承诺于 ${due}（北京时间）前补交的容缺材料“${context.materialName ?? ''}”未按期补交，办件已终止，待办事项已全部取消。如仍需办理，请重新申报。`,
        titleEn: `Case terminated: ${context.applicationNumber}, a deferred material was not supplied`,
        bodyEn: `The deferred material "${context.materialName ?? ''}" of ${caseEn} was promised by ${due} (Beijing time) and was not supplied. The case is terminated and every open task cancelled. File again if you still need the approval.`,
        urgent: false,
      };
    case 'notice_issued':
      return {
        title: `一次性补正告知：${context.applicationNumber}`,
        body: `${caseZh}需要补正材料或信息（${context.message ?? ''}）。各部门的要求已汇总为一份告知，请一次性补正后提交。`,
        titleEn: `Supplement notice: ${context.applicationNumber}`,
        bodyEn: `${capitalize(caseEn)} needs a supplement (${context.message ?? ''}). Every department's request is listed in one notice; answer it once.`,
        urgent: false,
      };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
