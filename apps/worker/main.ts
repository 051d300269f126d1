import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { configuredClockSource } from '../../activities/clock-sources';
import { loadConfigOrExit, requireService, type Config } from '../../libs/config';
import { createDataSource } from '../../libs/persistence/data-source';
import { CalendarRepository } from '../../libs/persistence/repositories/calendar.repository';
import { ApplicationFilingRepository } from '../../libs/persistence/repositories/application-filing.repository';
import { ensureWeeklyReportSchedule, weeklyReportScheduleId } from '../../libs/temporal/weekly-report-schedule';
import { createApplicationWorker } from './application-worker';
import { FilingReconciler } from './filing-reconciler';
import { ReportRefresher } from './report-refresher';

/** How often the worker rolls up the cases whose event log grew (a report catches up the rest itself). */
const REPORT_REFRESH_INTERVAL_SECONDS = 2;

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
  const calendar = new CalendarRepository(dataSource);
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const reconciler = new FilingReconciler({
    filings: new ApplicationFilingRepository(dataSource),
    client,
    taskQueue: config.temporal.taskQueue,
    graceSeconds: config.filingReconciliation.graceSeconds,
    log: (line) => console.log(`[filing reconciler] ${line}`),
  });
  const clock = configuredClockSource(config, calendar);
  const reportRefresher = new ReportRefresher(dataSource, clock, (line) => console.log(`[report roll-up] ${line}`));
  try {
    const worker = await createApplicationWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      dataSource,
      clock,
      ...(config.notifyWebhookUrl ? { webhookUrl: config.notifyWebhookUrl } : {}),
    });
    if (config.demoClock) {
      console.log(`demo clock: one working day lasts ${config.demoClock.workingDaySeconds} s (WORKING_DAY_SECONDS)`);
    }
    // Before polling, so a worker that is up has its Schedule (the migrate step makes it too).
    const schedule = await ensureWeeklyReportSchedule(client, {
      taskQueue: config.temporal.taskQueue,
      cron: config.reportScheduleCron,
    });
    console.log(
      `weekly report schedule "${weeklyReportScheduleId(config.temporal.taskQueue)}" ${schedule}: ` +
        `"${config.reportScheduleCron}" Asia/Shanghai`,
    );
    console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${address}`);
    reconciler.start(config.filingReconciliation.intervalSeconds);
    reportRefresher.start(REPORT_REFRESH_INTERVAL_SECONDS);
    await worker.run();
  } finally {
    await reconciler.stop();
    await reportRefresher.stop();
    await clientConnection.close();
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
