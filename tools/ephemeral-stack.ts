/**
 * A stack that lives for one run and leaves nothing behind, for the jest global setup
 * (test/support/global-setup.ts) and the benchmark (bench/bench.stack.ts): an in-memory Temporal
 * dev server on a free port (search attributes registered) and a throwaway database, prepared like
 * any other, on the machine's Postgres (TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres, else a project Postgres under
 * <DATA_DIR>/<name>-postgres). stop() takes it all down again, database included.
 */
import { join, resolve } from 'node:path';
import type { Config } from '../libs/config';
import {
  createThrowawayDatabase,
  dropDatabase,
  isPostgresReachable,
  startLocalPostgres,
} from '../libs/persistence/local-postgres';
import { describePreparedDatabase, prepareDatabase } from '../libs/persistence/prepare-database';
import { findFreePort, startTemporalDevServer } from '../libs/temporal/dev-server';
import { locateOrBuildTemporalCli } from '../libs/temporal/temporal-cli';

const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface EphemeralStackOptions {
  /** Names what the run leaves on disk or on the server: <name>-temporal.log, <name>-postgres, onestop_<name>_…. */
  name: 'test' | 'bench';
  config: Config;
  log: (line: string) => void;
  /** Also load the demo departments, accounts and service into the database. */
  demoData: boolean;
  /** Aborting (e.g. Ctrl-C) interrupts startup; what had started is stopped before it rejects. */
  signal?: AbortSignal;
  /** Run the Temporal dev server in its own process group (see TemporalDevServerOptions.detached). */
  detached?: boolean;
  /** Called when the Temporal dev server dies on its own after it was ready. */
  onUnexpectedExit?: (reason: string) => void;
}

export interface EphemeralStack {
  databaseUrl: string;
  /** The throwaway database's name. */
  database: string;
  /** Where the database lives, without credentials. */
  postgresServer: string;
  temporalAddress: string;
  /** Drops the database and stops Temporal and a project Postgres; problems are collected, not fatal. */
  stop(): Promise<void>;
}

export interface StopStep {
  /** Its progress line, e.g. "Stopping the worker"; omitted for a step that reports on its own. */
  stopping?: string;
  stop(): Promise<void>;
}

/** Thrown by stopInReverse: what did not stop, one line each. */
export class CleanupError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cleanup did not finish cleanly:\n  ${problems.join('\n  ')}`);
  }
}

/** Stops steps given in start order last-first, each attempted even when one before it failed. */
export async function stopInReverse(steps: readonly StopStep[], log: (line: string) => void): Promise<void> {
  const problems: string[] = [];
  for (const step of [...steps].reverse()) {
    if (step.stopping) log(step.stopping);
    try {
      await step.stop();
    } catch (error) {
      if (error instanceof CleanupError) problems.push(...error.problems);
      else problems.push(`${step.stopping ?? 'Stopping'}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length) throw new CleanupError(problems);
}

export async function startEphemeralStack(options: EphemeralStackOptions): Promise<EphemeralStack> {
  const { name, config, log, signal } = options;
  const dataDir = resolve(config.dataDir);
  /** In start order; stopped last-first. */
  const steps: StopStep[] = [];
  const stop = (): Promise<void> => stopInReverse(steps.splice(0), log);
  try {
    const cliPath = await locateOrBuildTemporalCli({
      cliPath: config.temporal.cliPath,
      cacheDir: config.cacheDir,
      log,
      signal,
    });

    // Independent, so started side by side (about a second each); settled both ways so a failure
    // of one still leaves the other recorded for stopping.
    const [temporal, postgres] = await Promise.allSettled([
      findFreePort().then((port) =>
        startTemporalDevServer({
          cliPath,
          port,
          namespace: config.temporal.namespace,
          logFile: join(dataDir, `${name}-temporal.log`),
          log,
          detached: options.detached,
          signal,
          onUnexpectedExit: (how) => options.onUnexpectedExit?.(`the Temporal dev server exited (${how})`),
        }),
      ),
      postgresServer(config.testDatabaseUrl, join(dataDir, `${name}-postgres`), log, signal),
    ]);
    if (postgres.status === 'fulfilled' && postgres.value.local) {
      const local = postgres.value.local;
      steps.push({ stopping: 'Stopping the project Postgres', stop: () => local.stop() });
    }
    if (temporal.status === 'fulfilled') {
      const server = temporal.value;
      steps.push({ stopping: 'Stopping the Temporal dev server', stop: () => server.stop() });
    }
    if (temporal.status === 'rejected') throw temporal.reason;
    if (postgres.status === 'rejected') throw postgres.reason;
    const adminUrl = postgres.value.adminUrl;
    signal?.throwIfAborted();

    const database = await createThrowawayDatabase(adminUrl, `onestop_${name}`);
    steps.push({ stopping: `Dropping database ${database.name}`, stop: () => dropDatabase(adminUrl, database.name) });
    const prepared = await prepareDatabase(database.url, { demoData: options.demoData });
    log(`Database ${database.name}: ${describePreparedDatabase(prepared)}`);
    signal?.throwIfAborted();

    return {
      databaseUrl: database.url,
      database: database.name,
      postgresServer: withoutCredentials(adminUrl),
      temporalAddress: temporal.value.address,
      stop,
    };
  } catch (error) {
    // The caller gets no stack to stop (and Jest skips globalTeardown when setup fails): do not
    // leave servers or the database behind.
    await stop().catch((cleanup: unknown) => log(cleanup instanceof Error ? cleanup.message : String(cleanup)));
    throw error;
  }
}

/** Admin URL of the server to create the run's database on, and the project Postgres if one was started. */
async function postgresServer(
  configured: string | undefined,
  localDataDir: string,
  log: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<{ adminUrl: string; local?: { stop(): Promise<void> } }> {
  const adminUrl = configured ?? MACHINE_POSTGRES;
  if (await isPostgresReachable(adminUrl)) return { adminUrl };
  if (configured) throw new Error(`TEST_DATABASE_URL ${withoutCredentials(configured)} is not reachable`);
  signal?.throwIfAborted();
  log(`No Postgres at ${adminUrl}; starting a project Postgres in ${localDataDir}`);
  const local = await startLocalPostgres({
    dataDir: localDataDir,
    port: await findFreePort(),
    database: 'postgres',
    log,
  });
  return { adminUrl: local.adminUrl, local };
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}
