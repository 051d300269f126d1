import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createApplicationActivities } from '../../activities/application.activities';
import type { ClockSource } from '../../activities/clock-sources';
import { createNotificationDeliveryActivities } from '../../activities/notification-delivery.activities';
import { createWeeklyReportActivities } from '../../activities/weekly-report.activities';
import { ApplicationReadModelStore } from '../../libs/persistence/read-model/application-read-model.store';
import { NotificationRepository } from '../../libs/persistence/repositories/notification.repository';

export interface ApplicationWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** The working-time clock: the calendar in the database, or the demo clock. */
  clock: ClockSource;
  /** NOTIFY_WEBHOOK_URL: notifications are also POSTed there. */
  webhookUrl?: string;
  /** A prebuilt bundle (tests share one); otherwise the workflows are bundled from source at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
}

/** Every activity the application workflow calls, with their dependencies. */
export function createWorkerActivities(options: Pick<ApplicationWorkerOptions, 'dataSource' | 'clock' | 'webhookUrl'>) {
  return {
    ...createApplicationActivities({
      store: new ApplicationReadModelStore(options.dataSource),
      clock: options.clock,
      webhookConfigured: options.webhookUrl !== undefined,
    }),
    ...createWeeklyReportActivities({ dataSource: options.dataSource, clock: options.clock }),
    ...createNotificationDeliveryActivities({
      notifications: new NotificationRepository(options.dataSource),
      ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
    }),
  };
}

export type WorkerActivities = ReturnType<typeof createWorkerActivities>;

/** Wires the application workflow, the weekly report workflow and their activities to one task queue. */
export async function createApplicationWorker(
  options: ApplicationWorkerOptions & {
    /** Tests wrap activities, e.g. to make one slow; production passes none. */
    activities?: WorkerActivities;
  },
): Promise<Worker> {
  const activities = options.activities ?? createWorkerActivities(options);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // The native bridge rejects an explicit `undefined` identity; omit it to get the SDK default.
    ...(options.identity ? { identity: options.identity } : {}),
    activities,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../../workflows') }),
  });
}
