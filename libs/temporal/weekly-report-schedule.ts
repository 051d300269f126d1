import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

/** The weekly report's time zone: the province's, whatever the server's. */
export const REPORT_SCHEDULE_TIME_ZONE = 'Asia/Shanghai';
/** The workflow type the Schedule starts (workflows/weekly-report.workflow.ts). */
const WORKFLOW_TYPE = 'weeklyReportWorkflow';

/**
 * A run that could not start on time (the server or every worker was down) is still started within
 * this window, so an outage over Monday morning delays the report but does not lose it. Longer
 * would be wrong: a "weekly report" arriving days late, after the departments have read last week's
 * figures elsewhere, misleads more than it helps, and a late run reports the same week anyway (the
 * last complete one before its scheduled time), which a manual trigger can do on purpose.
 */
const CATCHUP_WINDOW = '1 hour' as const;

export function weeklyReportScheduleId(taskQueue: string): string {
  return `weekly-bottleneck-report-${taskQueue}`;
}

/**
 * Creates the weekly report's Schedule, or updates it when its cron, time zone or action differ
 * (e.g. REPORT_SCHEDULE_CRON changed), so the worker's start and the migrate step can both call it
 * any number of times and there is only ever one. The cron is also kept in the action's memo:
 * the server answers a described spec in its compiled form, not the cron string it was given.
 */
export async function ensureWeeklyReportSchedule(
  client: Client,
  options: { taskQueue: string; cron: string },
): Promise<'created' | 'updated' | 'unchanged'> {
  const scheduleId = weeklyReportScheduleId(options.taskQueue);
  const spec: ScheduleSpec = { cronExpressions: [options.cron], timezone: REPORT_SCHEDULE_TIME_ZONE };
  const action: ScheduleOptionsStartWorkflowAction<Workflow> = {
    type: 'startWorkflow',
    workflowType: WORKFLOW_TYPE,
    taskQueue: options.taskQueue,
    // The Schedule appends the scheduled time, so each run has its own id.
    workflowId: scheduleId,
    args: [],
    memo: { reportScheduleCron: options.cron },
  };
  const policies = {
    // A run still going at the next one's time (a huge backlog) is left to finish; the next is skipped.
    overlap: ScheduleOverlapPolicy.SKIP as ScheduleOverlapPolicy,
    catchupWindow: CATCHUP_WINDOW,
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const described = await handle.describe();
  const current = described.action;
  const same =
    described.spec.timezone === REPORT_SCHEDULE_TIME_ZONE &&
    current.type === 'startWorkflow' &&
    current.workflowType === WORKFLOW_TYPE &&
    current.taskQueue === options.taskQueue &&
    current.memo?.reportScheduleCron === options.cron &&
    described.policies.overlap === ScheduleOverlapPolicy.SKIP;
  if (same) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action, policies }));
  return 'updated';
}
