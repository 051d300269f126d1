import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { loadConfig, requireService } from '../../libs/config';
import {
  createThrowawayDatabase,
  databaseUrl as databaseUrlOn,
  dropDatabase,
} from '../../libs/persistence/local-postgres';
import { prepareDatabase } from '../../libs/persistence/prepare-database';

const DIST = resolve(__dirname, '../../dist/apps');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A child process with its output kept (and shown when a test fails to bring it up). */
class ManagedProcess {
  readonly output: string[] = [];
  private exited: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => this.output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.some((line) => pattern.test(line))) {
      if (!this.running) throw new Error(`${this.name} exited:\n${this.output.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print ${pattern}:\n${this.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL simulates a crash: no draining, no cleanup. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * The real processes — `dist/apps/worker/main.js` and `dist/apps/gateway/main.js` — against the test
 * run's Postgres and Temporal, on a task queue of their own so suites do not serve each other.
 */
export class ProcessStack {
  readonly taskQueue = `e2e-${randomUUID()}`;
  baseUrl = '';
  gateway?: ManagedProcess;
  workers: ManagedProcess[] = [];
  private extraGateways: ManagedProcess[] = [];
  private env: NodeJS.ProcessEnv = {};
  private adminUrl?: string;
  private ownDatabase?: string;

  /**
   * `env`: settings for both processes on top of the defaults, e.g. WORKING_DAY_SECONDS or
   * NOTIFY_WEBHOOK_URL. `ownDatabase`: a database of the suite's own (migrated, with the demo data),
   * for a suite that changes shared demo data such as the published restaurant-opening service,
   * which other suites rely on; dropped again by stop().
   */
  async start(options: { env?: NodeJS.ProcessEnv; ownDatabase?: boolean } = {}): Promise<void> {
    const config = loadConfig();
    let databaseUrl = requireService(config.databaseUrl, 'DATABASE_URL');
    if (options.ownDatabase) {
      this.adminUrl = databaseUrlOn(databaseUrl, 'postgres');
      const own = await createThrowawayDatabase(this.adminUrl, 'onestop_suite');
      this.ownDatabase = own.name;
      databaseUrl = own.url;
    }
    // Global setup migrated the run's database already; this adds the demo data the suites log in with
    // (and migrates a suite's own database first).
    await prepareDatabase(databaseUrl, { demoData: true });

    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}/api`;
    this.env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: requireService(config.temporal.address, 'TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      LOG_LEVEL: 'warn',
      // 29 February at 08:00: the weekly report's Schedule (one per suite's task queue) never fires
      // during a run, so no suite gets weekly notifications or snapshots it did not ask for. The
      // weekly report suite sets its own and triggers the Schedule.
      REPORT_SCHEDULE_CRON: '0 8 29 2 *',
      ...options.env,
    };
    await Promise.all([this.startWorker(), this.startGateway()]);
  }

  /** The database the processes use (the suite's own with `ownDatabase`), for fixtures the API does not make. */
  get databaseUrl(): string {
    if (!this.env.DATABASE_URL) throw new Error('the stack has not started');
    return this.env.DATABASE_URL;
  }

  /** Another worker; `overrides` change its settings only (e.g. another REPORT_SCHEDULE_CRON). */
  async startWorker(overrides: NodeJS.ProcessEnv = {}): Promise<ManagedProcess> {
    const worker = new ManagedProcess(
      `worker-${this.workers.length + 1}`,
      spawn(process.execPath, [`${DIST}/worker/main.js`], {
        env: { ...this.env, ...overrides },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    this.workers.push(worker);
    await worker.waitForOutput(/worker polling task queue/);
    return worker;
  }

  private async startGateway(): Promise<void> {
    this.gateway = await this.spawnGateway(this.env, this.baseUrl, 'ready');
  }

  /**
   * Another gateway on its own port with some settings changed (e.g. a dependency pointed at a
   * closed port). It only has to come up (`/health/live`), since what it depends on may be down.
   */
  async startExtraGateway(overrides: NodeJS.ProcessEnv): Promise<string> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}/api`;
    const env = { ...this.env, ...overrides, GATEWAY_PORT: String(port) };
    this.extraGateways.push(await this.spawnGateway(env, baseUrl, 'live'));
    return baseUrl;
  }

  private async spawnGateway(env: NodeJS.ProcessEnv, baseUrl: string, health: 'live' | 'ready') {
    const gateway = new ManagedProcess(
      'gateway',
      spawn(process.execPath, [`${DIST}/gateway/main.js`], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(`${baseUrl}/health/${health}`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return gateway;
      if (!gateway.running || Date.now() > deadline) {
        await gateway.stop();
        throw new Error(`gateway did not come up:\n${gateway.output.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.gateway?.stop(),
      ...this.extraGateways.map((g) => g.stop()),
      ...this.workers.map((w) => w.stop()),
    ]);
    if (this.adminUrl && this.ownDatabase) await dropDatabase(this.adminUrl, this.ownDatabase);
  }
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A logged-in user of the HTTP API. */
export class ApiUser {
  private constructor(
    private readonly baseUrl: string,
    readonly token: string,
    readonly user: { id: string; username: string; role: string; departmentCode?: string; enterpriseId?: string },
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiUser> {
    const response = await api(baseUrl, 'POST', '/auth/login', { body: { username, password } });
    if (response.status !== 200)
      throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
    const body = response.body as { accessToken: string; user: ApiUser['user'] };
    return new ApiUser(baseUrl, body.accessToken, body.user);
  }

  // Tests read bodies loosely: the assertions check their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return api<T>(this.baseUrl, method, path, { body, headers: { ...headers, authorization: `Bearer ${this.token}` } });
  }
}

export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
