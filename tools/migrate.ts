import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { loadConfigOrExit, requireService } from '../libs/config';
import { describePreparedDatabase, prepareDatabase } from '../libs/persistence/prepare-database';
import { ensureSearchAttributes } from '../libs/temporal/search-attributes';
import { ensureWeeklyReportSchedule, weeklyReportScheduleId } from '../libs/temporal/weekly-report-schedule';

/**
 * One-shot deployment step for real infrastructure (DATABASE_URL and TEMPORAL_ADDRESS set):
 * applies pending migrations, loads the official working-day calendar (never overwriting an admin's
 * changes), registers the workflows' search attributes and creates (or updates) the weekly report's
 * Schedule. `--seed-demo` also
 * loads the demo departments, accounts and service (never in production).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const databaseUrl = requireService(config.databaseUrl, 'DATABASE_URL');
  const address = requireService(config.temporal.address, 'TEMPORAL_ADDRESS');

  const prepared = await prepareDatabase(databaseUrl, { demoData: process.argv.includes('--seed-demo') });
  console.log(`Database: ${describePreparedDatabase(prepared)}`);

  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection, config.temporal.namespace);
    console.log(`Search attributes registered on namespace "${config.temporal.namespace}"`);
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const schedule = await ensureWeeklyReportSchedule(client, {
      taskQueue: config.temporal.taskQueue,
      cron: config.reportScheduleCron,
    });
    console.log(
      `Weekly report schedule "${weeklyReportScheduleId(config.temporal.taskQueue)}" ${schedule}: ` +
        `"${config.reportScheduleCron}" Asia/Shanghai`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
