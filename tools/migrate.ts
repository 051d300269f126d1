import 'reflect-metadata';
import { Connection } from '@temporalio/client';
import { loadConfigOrExit, requireService } from '../libs/config';
import { createDataSource, runMigrations } from '../libs/persistence/data-source';
import { seedDemoData } from '../libs/persistence/seed/demo-seed';
import { describeOfficialCalendarSeed, seedOfficialCalendarAt } from '../libs/persistence/seed/official-calendar.seed';
import { ensureSearchAttributes } from '../libs/temporal/search-attributes';

/**
 * One-shot deployment step for real infrastructure (DATABASE_URL and TEMPORAL_ADDRESS set):
 * applies pending migrations, loads the official working-day calendar (never overwriting an admin's
 * changes) and registers the workflows' search attributes. `--seed-demo` also
 * loads the demo departments, accounts and service (never in production).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const databaseUrl = requireService(config.databaseUrl, 'DATABASE_URL');
  const address = requireService(config.temporal.address, 'TEMPORAL_ADDRESS');

  const applied = await runMigrations(databaseUrl);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
  console.log(`Loaded the ${describeOfficialCalendarSeed(await seedOfficialCalendarAt(databaseUrl))}`);

  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection, config.temporal.namespace);
    console.log(`Search attributes registered on namespace "${config.temporal.namespace}"`);
  } finally {
    await connection.close();
  }

  if (process.argv.includes('--seed-demo')) {
    const dataSource = createDataSource(databaseUrl, 2);
    await dataSource.initialize();
    try {
      await seedDemoData(dataSource);
      console.log('Demo data loaded');
    } finally {
      await dataSource.destroy();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
