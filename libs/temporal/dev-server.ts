import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { searchAttributeFlags } from './search-attributes';

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  namespace: string;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server. */
  dbFile?: string;
  /** The server's own output goes here, not to our terminal. */
  logFile: string;
  log: (line: string) => void;
  /**
   * Run in its own process group so a terminal Ctrl-C reaches only the parent, which then stops
   * everything in order. Tests leave it off so an interrupted run does not leave a server behind.
   */
  detached?: boolean;
  readyTimeoutMs?: number;
  /** Aborting during startup kills the server and rejects. */
  signal?: AbortSignal;
  /** Called when the server exits after it was ready without stop() having been called. */
  onUnexpectedExit?: (reason: string) => void;
}

export interface TemporalDevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const { cliPath, port, uiPort, namespace, dbFile, logFile, log } = options;
  const address = `${HOST}:${port}`;
  // Checked up front: otherwise a server already on the port would answer our readiness probe
  // while ours dies with "address already in use".
  const ports: Array<[number, string]> = [[port, 'gRPC']];
  if (uiPort) ports.push([uiPort, 'UI']);
  for (const [p, what] of ports) {
    if (!(await isPortFree(p))) {
      throw new Error(
        `Temporal dev server: ${what} port ${p} is already in use (another instance still running?). ` +
          'Stop it or choose another port (LOCAL_TEMPORAL_PORT / LOCAL_TEMPORAL_UI_PORT).',
      );
    }
  }

  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port), '--log-level', 'warn'];
  args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
  if (namespace !== 'default') args.push('--namespace', namespace);
  // WAL keeps the SQLite store responsive while the worker and gateway both write through the server.
  if (dbFile) args.push('--db-filename', dbFile, '--sqlite-pragma', 'journal_mode=WAL');
  for (const flag of searchAttributeFlags()) args.push('--search-attribute', flag);

  mkdirSync(dirname(logFile), { recursive: true });
  if (dbFile) mkdirSync(dirname(dbFile), { recursive: true });
  const out = openSync(logFile, 'a');
  writeSync(out, `\n=== ${new Date().toISOString()} ${cliPath} ${args.join(' ')}\n`);
  log(`Starting Temporal dev server on ${address}${dbFile ? ` (data: ${dbFile})` : ' (in memory)'}`);
  const child = spawn(cliPath, args, { stdio: ['ignore', out, out], detached: options.detached });
  closeSync(out);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
  });
  let exitReason: string | undefined;
  void exited.then((reason) => (exitReason = reason));

  const started = Date.now();
  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      if (exitReason !== undefined) {
        throw new Error(
          `Temporal dev server exited during startup (${exitReason}). Its log is ${logFile}:\n` + tailOf(logFile),
        );
      }
      if (await isTemporalReady(address, namespace)) break;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `Temporal dev server on ${address} was not ready after ${timeoutMs / 1000} s. ` +
            `Its log is ${logFile}:\n${tailOf(logFile)}`,
        );
      }
      await sleep(500);
    }
  } catch (error) {
    await terminateChild(child);
    throw error;
  }
  log(`Temporal dev server ready on ${address} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let stopping = false;
  void exited.then((reason) => {
    if (!stopping) options.onUnexpectedExit?.(`${reason}; see ${logFile}`);
  });
  return {
    address,
    uiUrl: uiPort ? `http://${HOST}:${uiPort}` : undefined,
    stop: () => {
      stopping = true;
      return terminateChild(child);
    },
  };
}

/** Ready means the frontend answers and the namespace exists, so a worker can poll right away. */
export async function isTemporalReady(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 2000 });
    const conn = connection;
    await conn.withDeadline(Date.now() + 3000, async () => {
      await conn.workflowService.getSystemInfo({});
      await conn.workflowService.describeNamespace({ namespace });
    });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * SIGTERM, then SIGKILL after `graceMs`. Signals the child's process group when it leads one
 * (spawned detached), so anything it started goes too.
 */
export async function terminateChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalChild(child, 'SIGTERM');
  // A plain timer we clear, so a prompt exit leaves nothing keeping the event loop alive.
  const timer = setTimeout(() => signalChild(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    // Not a group leader (not detached) or already gone.
    child.kill(signal);
  }
}

/** A port the OS considers free right now; for tests that start their own servers. */
export function findFreePort(host = HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function isPortFree(port: number, host = HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function tailOf(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(log file unreadable)';
  }
}
