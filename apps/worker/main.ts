import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { workingDayDeadlines } from '../../activities/deadlines';
import { loadConfigOrExit, requireService } from '../../libs/config';
import { WEEKENDS_ONLY_CALENDAR } from '../../libs/domain';
import { createDataSource } from '../../libs/persistence/data-source';
import { createApplicationWorker } from './application-worker';

/**
 * The worker process: runs application workflows and their activities. Scale out by running more.
 * SIGINT/SIGTERM are handled by the Temporal runtime: the worker drains and run() resolves.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const databaseUrl = requireService(config.databaseUrl, 'DATABASE_URL');
  const address = requireService(config.temporal.address, 'TEMPORAL_ADDRESS');

  const dataSource = createDataSource(databaseUrl, config.databasePoolSize);
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address });
  try {
    const worker = await createApplicationWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      dataSource,
      deadlines: workingDayDeadlines(WEEKENDS_ONLY_CALENDAR),
    });
    console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${address}`);
    await worker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
