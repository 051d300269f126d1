import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import * as wf from '@temporalio/workflow';
import type { NotificationDeliveryActivities } from '../activities/notification-delivery.activities';
import type { WeeklyReportActivities } from '../activities/weekly-report.activities';
import { lastCompleteWeek } from '../libs/domain';

export const WEEKLY_REPORT_WORKFLOW_TYPE = 'weeklyReportWorkflow';

/**
 * Computing every department's report can take a while on a year of data; the activity is
 * idempotent (one snapshot per week), so an attempt lost with its worker is simply run again.
 */
const reports = wf.proxyActivities<WeeklyReportActivities>({
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', backoffCoefficient: 2 },
});

/** As for the case notifications: about an hour of retries, then the inbox still has them. */
const delivery = wf.proxyActivities<NotificationDeliveryActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 minutes', backoffCoefficient: 2, maximumAttempts: 12 },
});

/** Set by the Schedule on each workflow it starts: the time the run was due, whenever it actually began. */
const SCHEDULED_START: SearchAttributeKey<'DATETIME'> = { name: 'TemporalScheduledStartTime', type: 'DATETIME' };

export interface WeeklyReportOutcome {
  weekStart: string;
  snapshotId: string;
  /** Whether this run stored the week's snapshot (false: an earlier run or attempt had). */
  snapshotCreated: boolean;
  alertIds: string[];
}

/**
 * One weekly run, started by the Schedule: the bottleneck report of the last complete week before
 * the run was due (Monday 00:00 Asia/Shanghai to the next), stored as that week's snapshot with the
 * inbox notifications, then the departments' threshold rules evaluated (alerts raised once per
 * crossing), then everything it notified handed to the webhook. Each step is idempotent, so a retry,
 * a replay or a second trigger in the same week stores and notifies nothing twice.
 */
export async function weeklyReportWorkflow(): Promise<WeeklyReportOutcome> {
  const info = wf.workflowInfo();
  // Started by hand (not by the Schedule) there is no scheduled time: the start time stands in.
  const scheduledAt = info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime;
  const week = lastCompleteWeek(scheduledAt);
  const weekRef = { weekStart: week.from.toISOString(), weekEnd: week.to.toISOString() };
  const snapshot = await reports.takeWeeklySnapshot({ ...weekRef, workflowId: info.workflowId });
  const evaluation = await reports.evaluateReportThresholds({
    ...weekRef,
    snapshotId: snapshot.snapshotId,
    runId: `${info.workflowId}/${info.runId}`,
    evaluatedAt: scheduledAt.toISOString(),
  });
  const notificationIds = [...snapshot.notificationIds, ...evaluation.notificationIds];
  if (notificationIds.length > 0) await delivery.deliverNotifications({ notificationIds });
  return {
    weekStart: weekRef.weekStart,
    snapshotId: snapshot.snapshotId,
    snapshotCreated: snapshot.created,
    alertIds: evaluation.alertIds,
  };
}
