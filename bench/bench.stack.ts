/**
 * The stack a benchmark run measures: the ephemeral stack the test suites run against too (see
 * tools/ephemeral-stack.ts: an in-memory Temporal dev server on a free port, a throwaway database
 * on the machine's Postgres or a project one, migrated and seeded with the calendar and the demo
 * data); then one worker and one gateway as separate processes, built from dist/ exactly as they
 * are deployed. stop() takes it all down again, database included.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GATEWAY_NODE_FLAGS, type Config } from '../libs/config';
import { findFreePort } from '../libs/temporal/dev-server';
import { startEphemeralStack, stopInReverse, type StopStep } from '../tools/ephemeral-stack';
import { AppProcess } from './app.process';

/** Compiled to dist/bench/bench.stack.js; the apps are under dist/apps. */
const DIST_APPS = resolve(__dirname, '..', 'apps');
const APP_READY_TIMEOUT_MS = 90_000;

export interface BenchStack {
  /** http://127.0.0.1:<port>/api */
  baseUrl: string;
  temporalAddress: string;
  database: string;
  /** The throwaway database, for benchmarks that load it directly. */
  databaseUrl: string;
  /** Where the database lives, without credentials. */
  postgresServer: string;
}

export class StackLauncher {
  /** In start order; stopped last-first. */
  private readonly parts: StopStep[] = [];

  constructor(
    private readonly config: Config,
    private readonly log: (line: string) => void,
    /** A part of the stack died on its own; the run cannot go on. */
    private readonly onFailure: (reason: string) => void,
  ) {}

  async start(signal: AbortSignal): Promise<BenchStack> {
    const { config, log } = this;
    const stack = await startEphemeralStack({
      name: 'bench',
      config,
      log,
      demoData: true,
      signal,
      // Own process group: a terminal Ctrl-C reaches only the bench, which then stops everything in order.
      detached: true,
      onUnexpectedExit: this.onFailure,
    });
    // It reports its own progress lines as it stops.
    this.parts.push({ stop: () => stack.stop() });

    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}/api`;
    // Explicit and complete: nothing of the bench's own environment leaks into the measured processes.
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const exited = (name: string, how: string): void => this.onFailure(`the ${name} exited (${how})`);
    const worker = AppProcess.start('worker', join(DIST_APPS, 'worker', 'main.js'), env, exited);
    this.parts.push({ stopping: 'Stopping the worker', stop: () => worker.stop() });
    // BENCH_PROFILE_GATEWAY=1: the gateway writes V8's tick log (node --prof, written as it runs, so
    // the stop's SIGTERM loses nothing) to isolate-*.log here; read it with `node --prof-process`.
    const gatewayFlags = [...GATEWAY_NODE_FLAGS, ...(process.env.BENCH_PROFILE_GATEWAY === '1' ? ['--prof'] : [])];
    const gateway = AppProcess.start('gateway', join(DIST_APPS, 'gateway', 'main.js'), env, exited, gatewayFlags);
    this.parts.push({ stopping: 'Stopping the gateway', stop: () => gateway.stop() });
    await Promise.all([
      worker.waitForLine(/worker polling task queue/, APP_READY_TIMEOUT_MS, signal),
      waitForGateway(gateway, `${baseUrl}/health/ready`, signal),
    ]);
    log(`Worker polling, gateway ready at ${baseUrl}`);

    return {
      baseUrl,
      temporalAddress: stack.temporalAddress,
      database: stack.database,
      databaseUrl: stack.databaseUrl,
      postgresServer: stack.postgresServer,
    };
  }

  /** Gateway, worker, database, Temporal, project Postgres: each attempted, problems collected. */
  async stop(): Promise<void> {
    await stopInReverse(this.parts.splice(0), this.log);
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
