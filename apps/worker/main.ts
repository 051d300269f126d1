import 'reflect-metadata';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { workingDayDeadlines } from '../../activities/deadlines';
import { loadConfigOrExit, requireService, type Config } from '../../libs/config';
import { WEEKENDS_ONLY_CALENDAR } from '../../libs/domain';
import { createDataSource } from '../../libs/persistence/data-source';
import { createApplicationWorker } from './application-worker';

/** The SDK logs every bundling and state change at INFO; our `info` keeps its warnings and errors only. */
const SDK_LOG_LEVEL: Record<Config['logLevel'], LogLevel> = {
  error: 'ERROR',
  warn: 'WARN',
  info: 'WARN',
  debug: 'DEBUG',
};

/**
 * The worker process: runs application workflows and their activities. Scale out by running more.
 * SIGINT/SIGTERM are handled by the Temporal runtime: the worker drains and run() resolves.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const databaseUrl = requireService(config.databaseUrl, 'DATABASE_URL');
  const address = requireService(config.temporal.address, 'TEMPORAL_ADDRESS');
  Runtime.install({ logger: new DefaultLogger(SDK_LOG_LEVEL[config.logLevel]) });

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
