import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createApplicationActivities } from '../../activities/application.activities';
import type { DeadlineCalculator } from '../../activities/deadlines';
import { ApplicationReadModelStore } from '../../libs/persistence/read-model/application-read-model.store';

export interface ApplicationWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  deadlines: DeadlineCalculator;
  /** A prebuilt bundle (tests share one); otherwise the workflows are bundled from source at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
}

/** Wires the application workflow and its activities to one task queue. */
export async function createApplicationWorker(options: ApplicationWorkerOptions): Promise<Worker> {
  const activities = createApplicationActivities({
    store: new ApplicationReadModelStore(options.dataSource),
    deadlines: options.deadlines,
  });
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
