/**
 * The stack a benchmark run measures, provisioned the way the test suites provision theirs: an
 * in-memory Temporal dev server on a free port, a throwaway database on the machine's Postgres
 * (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, else a project Postgres),
 * migrations and the demo seed; then one worker and one gateway as separate processes, built from
 * dist/ exactly as they are deployed. stop() takes it all down again, database included.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../libs/config';
import { createDataSource, runMigrations } from '../libs/persistence/data-source';
import {
  createThrowawayDatabase,
  dropDatabase,
  isPostgresReachable,
  startLocalPostgres,
} from '../libs/persistence/local-postgres';
import { seedDemoData } from '../libs/persistence/seed/demo-seed';
import { findFreePort, startTemporalDevServer } from '../libs/temporal/dev-server';
import { locateOrBuildTemporalCli } from '../libs/temporal/temporal-cli';
import { AppProcess } from './app.process';

/** Compiled to dist/bench/bench.stack.js; the apps are under dist/apps. */
const DIST_APPS = resolve(__dirname, '..', 'apps');
const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const APP_READY_TIMEOUT_MS = 90_000;

export interface BenchStack {
  /** http://127.0.0.1:<port>/api */
  baseUrl: string;
  temporalAddress: string;
  database: string;
  /** Where the database lives, without credentials. */
  postgresServer: string;
}

interface Part {
  /** What stopping it is called in the progress lines, e.g. "Stopping the worker". */
  stopping: string;
  stop(): Promise<void>;
}

export class StackLauncher {
  /** In start order; stopped last-first. */
  private readonly parts: Part[] = [];

  constructor(
    private readonly config: Config,
    private readonly log: (line: string) => void,
    /** A part of the stack died on its own; the run cannot go on. */
    private readonly onFailure: (reason: string) => void,
  ) {}

  async start(signal: AbortSignal): Promise<BenchStack> {
    const { config, log } = this;
    const dataDir = resolve(config.dataDir);
    const cliPath = await locateOrBuildTemporalCli({
      cliPath: config.temporal.cliPath,
      cacheDir: config.cacheDir,
      log,
      signal,
    });

    // Independent, so side by side; both settled so whatever did start is stopped again.
    const [temporal, postgres] = await Promise.allSettled([
      findFreePort().then((port) =>
        startTemporalDevServer({
          cliPath,
          port,
          namespace: config.temporal.namespace,
          logFile: join(dataDir, 'bench-temporal.log'),
          log,
          detached: true,
          signal,
          onUnexpectedExit: (how) => this.onFailure(`the Temporal dev server exited (${how})`),
        }),
      ),
      this.postgresServer(join(dataDir, 'bench-postgres'), signal),
    ]);
    if (postgres.status === 'fulfilled' && postgres.value.local) {
      const local = postgres.value.local;
      this.parts.push({ stopping: 'Stopping the project Postgres', stop: () => local.stop() });
    }
    if (temporal.status === 'fulfilled') {
      const server = temporal.value;
      this.parts.push({ stopping: 'Stopping the Temporal dev server', stop: () => server.stop() });
    }
    if (temporal.status === 'rejected') throw temporal.reason;
    if (postgres.status === 'rejected') throw postgres.reason;
    const adminUrl = postgres.value.adminUrl;
    signal.throwIfAborted();

    const database = await createThrowawayDatabase(adminUrl, 'onestop_bench');
    this.parts.push({
      stopping: `Dropping database ${database.name}`,
      stop: () => dropDatabase(adminUrl, database.name),
    });
    const applied = await runMigrations(database.url);
    const dataSource = createDataSource(database.url, 2);
    await dataSource.initialize();
    try {
      await seedDemoData(dataSource);
    } finally {
      await dataSource.destroy();
    }
    log(`Database ${database.name}: ${applied.length} migration(s) applied, demo data seeded`);
    signal.throwIfAborted();

    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}/api`;
    // Explicit and complete: nothing of the bench's own environment leaks into the measured processes.
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.value.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const exited = (name: string, how: string): void => this.onFailure(`the ${name} exited (${how})`);
    const worker = AppProcess.start('worker', join(DIST_APPS, 'worker', 'main.js'), env, exited);
    this.parts.push({ stopping: 'Stopping the worker', stop: () => worker.stop() });
    const gateway = AppProcess.start('gateway', join(DIST_APPS, 'gateway', 'main.js'), env, exited);
    this.parts.push({ stopping: 'Stopping the gateway', stop: () => gateway.stop() });
    await Promise.all([
      worker.waitForLine(/worker polling task queue/, APP_READY_TIMEOUT_MS, signal),
      waitForGateway(gateway, `${baseUrl}/health/ready`, signal),
    ]);
    log(`Worker polling, gateway ready at ${baseUrl}`);

    return {
      baseUrl,
      temporalAddress: temporal.value.address,
      database: database.name,
      postgresServer: withoutCredentials(adminUrl),
    };
  }

  /** Gateway, worker, database, Temporal, project Postgres: each attempted, problems collected. */
  async stop(): Promise<void> {
    const problems: string[] = [];
    for (const part of this.parts.splice(0).reverse()) {
      this.log(part.stopping);
      try {
        await part.stop();
      } catch (error) {
        problems.push(`${part.stopping}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (problems.length) throw new Error(`Cleanup did not finish cleanly:\n  ${problems.join('\n  ')}`);
  }

  private async postgresServer(
    localDataDir: string,
    signal: AbortSignal,
  ): Promise<{ adminUrl: string; local?: { stop(): Promise<void> } }> {
    const configured = this.config.testDatabaseUrl;
    const adminUrl = configured ?? MACHINE_POSTGRES;
    if (await isPostgresReachable(adminUrl)) return { adminUrl };
    if (configured) throw new Error(`TEST_DATABASE_URL ${withoutCredentials(configured)} is not reachable`);
    signal.throwIfAborted();
    this.log(`No Postgres at ${adminUrl}; starting a project Postgres in ${localDataDir}`);
    const local = await startLocalPostgres({
      dataDir: localDataDir,
      port: await findFreePort(),
      database: 'postgres',
      log: this.log,
    });
    return { adminUrl: local.adminUrl, local };
  }
}

async function waitForGateway(gateway: AppProcess, url: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + APP_READY_TIMEOUT_MS;
  for (;;) {
    signal.throwIfAborted();
    const ready = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    if (!gateway.running) throw new Error(`the gateway exited while starting:\n${gateway.recentOutput}`);
    if (Date.now() > deadline) {
      throw new Error(`the gateway was not ready after ${APP_READY_TIMEOUT_MS / 1000} s:\n${gateway.recentOutput}`);
    }
    await sleep(200);
  }
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}
