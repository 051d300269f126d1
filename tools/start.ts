/**
 * `npm start`: the whole stack on one machine. Brings up what is missing (Postgres, Temporal dev
 * server), prepares the database, runs the worker and the gateway as separate processes, and on
 * Ctrl-C stops them in reverse order: gateway, worker, Temporal, Postgres.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { GATEWAY_NODE_FLAGS, loadConfigOrExit, type Config } from '../libs/config';
import { startLocalPostgres } from '../libs/persistence/local-postgres';
import { describePreparedDatabase, prepareDatabase } from '../libs/persistence/prepare-database';
import { isPortFree, startTemporalDevServer, terminateChild } from '../libs/temporal/dev-server';
import { ensureSearchAttributes } from '../libs/temporal/search-attributes';
import { locateOrBuildTemporalCli } from '../libs/temporal/temporal-cli';

/** Compiled to dist/tools/start.js; the app entries live next to it under dist/apps. */
const DIST = resolve(__dirname, '..');
const LOCAL_DATABASE = 'onestop';
const READY_TIMEOUT_MS = 120_000;

interface Part {
  name: string;
  stop(): Promise<void>;
}

const log = (line: string): void => console.log(`[start] ${line}`);
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function main(): void {
  const config = loadConfigOrExit();
  // Parts in start order; stopped last-first.
  const running: Part[] = [];
  const abort = new AbortController();
  let stopping = false;

  const shutdown = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) {
      log('Already stopping, please wait…');
      return;
    }
    stopping = true;
    log(reason);
    // Interrupt whatever phase is in flight, and let it settle so everything it started is listed.
    abort.abort();
    await startup.catch(() => undefined);
    for (const part of [...running].reverse()) {
      log(`Stopping ${part.name}…`);
      try {
        await part.stop();
      } catch (error) {
        console.error(`[start] Stopping ${part.name} failed: ${errorMessage(error)}`);
        exitCode ||= 1;
      }
    }
    log(exitCode === 0 ? 'Everything stopped.' : 'Stopped.');
    process.exit(exitCode);
  };

  const startup = bringUp(config, running, abort.signal, (name, how) =>
    shutdown(`The ${name} exited unexpectedly (${how}); stopping everything.`, 1),
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(`${signal} received, stopping…`, 0));
  }
  startup.catch((error: unknown) => {
    if (stopping) return;
    console.error(`[start] ${errorMessage(error)}`);
    void shutdown('Startup failed; stopping what was started.', 1);
  });
}

async function bringUp(
  config: Config,
  running: Part[],
  signal: AbortSignal,
  onUnexpectedExit: (name: string, how: string) => Promise<void>,
): Promise<void> {
  const dataDir = resolve(config.dataDir);

  let databaseUrl = config.databaseUrl;
  if (databaseUrl) {
    log(`Postgres: using DATABASE_URL ${redact(databaseUrl)}`);
  } else {
    log(`Postgres: DATABASE_URL is not set, starting a local server (data in ${join(dataDir, 'postgres')})`);
    const postgres = await startLocalPostgres({
      dataDir: join(dataDir, 'postgres'),
      port: config.local.postgresPort,
      database: LOCAL_DATABASE,
      log: (line) => log(`  ${line}`),
    });
    running.push({ name: 'Postgres', stop: () => postgres.stop() });
    databaseUrl = postgres.url;
  }
  signal.throwIfAborted();

  let temporalAddress = config.temporal.address;
  let temporalUi: string;
  if (temporalAddress) {
    log(`Temporal: using TEMPORAL_ADDRESS ${temporalAddress}; registering search attributes`);
    const connection = await Connection.connect({ address: temporalAddress, connectTimeout: 10_000 });
    try {
      await ensureSearchAttributes(connection, config.temporal.namespace);
    } finally {
      await connection.close();
    }
    temporalUi = `the UI of the cluster at ${temporalAddress}`;
  } else {
    log('Temporal: TEMPORAL_ADDRESS is not set, starting a local dev server');
    const cliPath = await locateOrBuildTemporalCli({
      cliPath: config.temporal.cliPath,
      cacheDir: config.cacheDir,
      log: (line) => log(`  ${line}`),
      signal,
    });
    const server = await startTemporalDevServer({
      cliPath,
      port: config.local.temporalPort,
      uiPort: config.local.temporalUiPort,
      namespace: config.temporal.namespace,
      dbFile: join(dataDir, 'temporal.db'),
      logFile: join(dataDir, 'temporal.log'),
      log: (line) => log(`  ${line}`),
      detached: true,
      signal,
      onUnexpectedExit: (how) => void onUnexpectedExit('Temporal dev server', how),
    });
    running.push({ name: 'Temporal dev server', stop: () => server.stop() });
    temporalAddress = server.address;
    temporalUi = server.uiUrl ?? '(headless)';
  }
  signal.throwIfAborted();

  log('Database: running migrations, loading the working-day calendar and the demo data (skips what exists)');
  log(`Database: ${describePreparedDatabase(await prepareDatabase(databaseUrl, { demoData: true }))}`);
  signal.throwIfAborted();

  const { host, port } = config.gateway;
  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  if (!(await isPortFree(port, host))) {
    throw new Error(`Gateway port ${host}:${port} is already in use; stop what uses it or set GATEWAY_PORT.`);
  }
  // Passed explicitly: when we started the services ourselves they are not in our environment.
  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress };
  for (const name of ['worker', 'gateway'] as const) {
    log(`Starting the ${name}`);
    const nodeFlags = name === 'gateway' ? GATEWAY_NODE_FLAGS : [];
    running.push(startApp(name, join(DIST, 'apps', name, 'main.js'), env, onUnexpectedExit, nodeFlags));
  }

  const base = `http://${probeHost}:${port}`;
  log(`Waiting for ${base}/api/health/ready (up to ${READY_TIMEOUT_MS / 1000} s)`);
  await waitForReady(`${base}/api/health/ready`, signal);

  console.log(
    [
      '',
      'OneStop is running.',
      `  API          ${base}/api`,
      `  API docs     ${base}/api/docs`,
      `  Temporal UI  ${temporalUi}`,
      '  Demo logins  see README ("Demo logins")',
      ...(config.databaseUrl && config.temporal.address ? [] : [`  Local data   ${dataDir} (kept between starts)`]),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/** Runs an app as its own process, its output prefixed with its name. */
function startApp(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  onUnexpectedExit: (name: string, how: string) => Promise<void>,
  nodeFlags: readonly string[],
): Part {
  // Own process group: a terminal Ctrl-C must reach only us, so we can stop things in order.
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, entry], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  createInterface({ input: child.stdout }).on('line', (line) => console.log(`[${name}] ${line}`));
  createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${name}] ${line}`));
  let expected = false;
  child.on('error', (error) => {
    if (!expected) void onUnexpectedExit(name, errorMessage(error));
  });
  child.on('exit', (code, signal) => {
    if (!expected) void onUnexpectedExit(name, signal ? `signal ${signal}` : `exit code ${code}`);
  });
  return {
    name,
    stop: async () => {
      expected = true;
      await terminateChild(child, 10_000);
    },
  };
}

async function waitForReady(url: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    signal.throwIfAborted();
    try {
      const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]) });
      if (response.status === 200) return;
      last = `HTTP ${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      signal.throwIfAborted();
      last = errorMessage(error);
    }
    if (Date.now() > deadline) {
      throw new Error(`The gateway was not ready after ${READY_TIMEOUT_MS / 1000} s (${url}: ${last})`);
    }
    await sleep(1000, undefined, { signal }).catch(() => undefined);
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

main();
