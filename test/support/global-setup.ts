/**
 * Provisions what the integration tests run against, once per `jest` run, the same way `npm start`
 * does: a Temporal dev server (in memory, on a free port, search attributes registered) and a
 * throwaway database on the machine's Postgres (or on a project-started one when that is down).
 * Test workers inherit DATABASE_URL and TEMPORAL_ADDRESS through process.env.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../../libs/config';
import { runMigrations } from '../../libs/persistence/data-source';
import { seedOfficialCalendarAt } from '../../libs/persistence/seed/official-calendar.seed';
import {
  createThrowawayDatabase,
  dropDatabase,
  isPostgresReachable,
  startLocalPostgres,
  type LocalPostgres,
} from '../../libs/persistence/local-postgres';
import { findFreePort, startTemporalDevServer, type TemporalDevServer } from '../../libs/temporal/dev-server';
import { locateOrBuildTemporalCli } from '../../libs/temporal/temporal-cli';

/** What setup started, for teardown (both run in Jest's main process). */
export interface TestStack {
  temporal?: TemporalDevServer;
  localPostgres?: LocalPostgres;
  adminUrl?: string;
  database?: string;
}

const STACK = Symbol.for('onestop.test-stack');
const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

export function testStack(): TestStack {
  const holder = globalThis as typeof globalThis & { [STACK]?: TestStack };
  holder[STACK] ??= {};
  return holder[STACK];
}

const log = (line: string): void => void process.stdout.write(`[test-setup] ${line}\n`);

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const stack = testStack();
  process.stdout.write('\n');
  try {
    const cliPath = await locateOrBuildTemporalCli({
      cliPath: config.temporal.cliPath,
      cacheDir: config.cacheDir,
      log,
    });
    // Independent, so started side by side (about a second each); settled both ways so a failure
    // of one still leaves the other recorded for cleanup.
    const [temporal, adminUrl] = await Promise.allSettled([
      findFreePort().then((port) =>
        startTemporalDevServer({
          cliPath,
          port,
          namespace: config.temporal.namespace,
          logFile: resolve(config.dataDir, 'test-temporal.log'),
          log,
        }),
      ),
      postgresServer(config.testDatabaseUrl, resolve(config.dataDir, 'test-postgres')),
    ]);
    if (temporal.status === 'fulfilled') stack.temporal = temporal.value;
    if (adminUrl.status === 'fulfilled') stack.adminUrl = adminUrl.value;
    if (temporal.status === 'rejected') throw temporal.reason;
    if (adminUrl.status === 'rejected') throw adminUrl.reason;

    const database = await createThrowawayDatabase(adminUrl.value, 'onestop_test');
    stack.database = database.name;
    const applied = await runMigrations(database.url);
    const calendar = await seedOfficialCalendarAt(database.url);
    log(
      `Database ${database.name}: ${applied.length} migration(s) applied, ${calendar.inserted} calendar day(s) seeded`,
    );

    process.env.DATABASE_URL = database.url;
    process.env.TEMPORAL_ADDRESS = temporal.value.address;
    log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    // Jest skips globalTeardown when setup fails; do not leave servers behind.
    await stopTestStack().catch(() => undefined);
    throw error;
  }
}

/** Stops what setup started, in reverse: Temporal, the run's database, a project Postgres. */
export async function stopTestStack(): Promise<void> {
  const stack = testStack();
  const problems: unknown[] = [];
  const attempt = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      problems.push(error);
    }
  };
  const { temporal, adminUrl, database, localPostgres } = stack;
  if (temporal) await attempt(() => temporal.stop());
  if (adminUrl && database) await attempt(() => dropDatabase(adminUrl, database));
  if (localPostgres) await attempt(() => localPostgres.stop());
  Object.assign(stack, { temporal: undefined, database: undefined, localPostgres: undefined });
  if (problems.length) throw new AggregateError(problems, 'Test teardown did not finish cleanly');
}

/** Admin URL of the server to create the run's database on. */
async function postgresServer(configured: string | undefined, localDataDir: string): Promise<string> {
  const adminUrl = configured ?? MACHINE_POSTGRES;
  if (await isPostgresReachable(adminUrl)) return adminUrl;
  if (configured) {
    throw new Error(`TEST_DATABASE_URL ${configured} is not reachable`);
  }
  log(`No Postgres at ${adminUrl}; starting a project Postgres in ${localDataDir}`);
  const postgres = await startLocalPostgres({
    dataDir: localDataDir,
    port: await findFreePort(),
    database: 'postgres',
    log,
  });
  testStack().localPostgres = postgres;
  return postgres.adminUrl;
}
