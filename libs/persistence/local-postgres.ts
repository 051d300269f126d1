import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

export interface LocalPostgresOptions {
  /** The cluster's data directory (PGDATA); created on first use, reused afterwards. */
  dataDir: string;
  port: number;
  /** Created when missing. */
  database: string;
  log: (line: string) => void;
}

export interface LocalPostgres {
  url: string;
  /** The `postgres` maintenance database, for creating and dropping databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

/** Postgres refuses to run as root, so when we are root every server command runs as this user. */
const SERVER_OS_USER = 'postgres';

/**
 * A project-owned Postgres cluster: initdb on first use, pg_ctl start, database created if missing.
 * Listens on 127.0.0.1 only, with its socket inside the data dir so it never clashes with the
 * machine's own server.
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { port, database, log } = options;
  const dataDir = resolve(options.dataDir);
  const logFile = join(dataDir, 'server.log');
  const owner = await serverOwner();
  const bin = await findServerBinDir(dataDir);
  const run = (tool: string, args: string[]): Promise<CommandResult> => runCommand(join(bin, tool), args, owner?.name);

  prepareDataDir(dataDir, owner);
  if (owner && (await runCommand('test', ['-w', dataDir], owner.name)).code !== 0) {
    throw new Error(
      `The ${owner.name} OS user cannot write ${dataDir} (a parent directory is not searchable by it). ` +
        'Set DATA_DIR to a directory it can reach (e.g. /var/tmp/onestop) or set DATABASE_URL.',
    );
  }

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`Initialising a new Postgres cluster in ${dataDir}`);
    await expectOk(
      run('initdb', [
        '-D',
        dataDir,
        '--username=postgres',
        '--encoding=UTF8',
        // C collation: identical sorting on every machine, no dependency on installed OS locales.
        '--locale=C',
        '--auth=trust',
        '--no-instructions',
      ]),
      'initdb',
    );
  } else {
    log(`Reusing Postgres data in ${dataDir}`);
  }

  const runningPort = (await run('pg_ctl', ['status', '-D', dataDir])).code === 0 ? pidFilePort(dataDir) : undefined;
  if (runningPort !== undefined && runningPort !== port) {
    throw new Error(
      `A Postgres server is already running on ${dataDir} with port ${runningPort}, not ${port}. ` +
        `Stop it (pg_ctl stop -D ${dataDir}) or set LOCAL_POSTGRES_PORT=${runningPort}.`,
    );
  }
  if (runningPort !== undefined) {
    // Left over from a run that was killed; adopting it beats failing on "port in use".
    log(`Postgres is already running on port ${port}; using it`);
  } else {
    if (!(await isPortFree(port))) {
      throw new Error(
        `Port ${port} is already in use, so the local Postgres cannot listen on it. ` +
          'Set LOCAL_POSTGRES_PORT to a free port, or DATABASE_URL to use that server instead.',
      );
    }
    log(`Starting Postgres on 127.0.0.1:${port}`);
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='${dataDir}'`;
    const started = await run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions]);
    if (started.code !== 0) {
      throw new Error(
        `pg_ctl start failed: ${started.output.trim().replace(/\s+/g, ' ')}\n` +
          `Last lines of the server log ${logFile}:\n${tailOf(logFile, 8)}`,
      );
    }
  }

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForPostgres(adminUrl, 30_000);
  if (await createDatabaseIfMissing(adminUrl, database)) log(`Created database ${database}`);
  log(`Postgres ready on 127.0.0.1:${port}`);

  return {
    url: databaseUrl(adminUrl, database),
    adminUrl,
    stop: async () => {
      const stopped = await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60']);
      if (stopped.code !== 0 && !/no server running|PID file .* does not exist/i.test(stopped.output)) {
        throw new Error(`pg_ctl stop failed: ${stopped.output.trim()}`);
      }
    },
  };
}

/** True when a server answers at `url` within `timeoutMs`. */
export async function isPostgresReachable(url: string, timeoutMs = 3000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh, uniquely named database for one test run; returns its name and URL. */
export async function createThrowawayDatabase(
  adminUrl: string,
  prefix: string,
): Promise<{ name: string; url: string }> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const random = Math.random().toString(36).slice(2, 8);
  const name = `${prefix}_${stamp}_${random}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return { name, url: databaseUrl(adminUrl, name) };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // FORCE (Postgres 13+) ends connections a crashed test left open, which would block the drop.
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** The same server and credentials as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
    return true;
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function waitForPostgres(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isPostgresReachable(url, 2000))) {
    if (Date.now() > deadline)
      throw new Error(`Postgres at ${url} did not accept connections in ${timeoutMs / 1000} s`);
    await sleep(300);
  }
}

interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** The OS user the server must run as, or undefined to run as ourselves. */
async function serverOwner(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([
    runCommand('id', ['-u', SERVER_OS_USER]),
    runCommand('id', ['-g', SERVER_OS_USER]),
  ]);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      `Running as root, but Postgres refuses to run as root and there is no '${SERVER_OS_USER}' OS user ` +
        'to run it as. Create that user, run as a normal user, or set DATABASE_URL.',
    );
  }
  return { name: SERVER_OS_USER, uid: Number(uid.output), gid: Number(gid.output) };
}

function prepareDataDir(dataDir: string, owner: OsUser | undefined): void {
  mkdirSync(dataDir, { recursive: true });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  // initdb and the server insist on a private data directory.
  chmodSync(dataDir, 0o700);
}

/**
 * initdb and pg_ctl are usually not on PATH (Debian keeps them per major version), so look where
 * distributions put them. An existing cluster needs the binaries of its own major version.
 */
async function findServerBinDir(dataDir: string): Promise<string> {
  const candidates: string[] = [];
  const versionFile = join(dataDir, 'PG_VERSION');
  const root = '/usr/lib/postgresql';
  if (existsSync(versionFile)) {
    candidates.push(join(root, readFileSync(versionFile, 'utf8').trim(), 'bin'));
  }
  const pgConfig = await runCommand('pg_config', ['--bindir']);
  if (pgConfig.code === 0) candidates.push(pgConfig.output.trim());
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (found) return found;
  throw new Error(
    'PostgreSQL server programs (initdb, pg_ctl) were not found. Install the PostgreSQL server ' +
      '(e.g. `apt-get install postgresql`) or set DATABASE_URL to an existing server.',
  );
}

function pidFilePort(dataDir: string): number | undefined {
  try {
    // postmaster.pid: pid, data dir, start time, port, ...
    const port = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

interface CommandResult {
  code: number | null;
  output: string;
}

function runCommand(command: string, args: string[], asUser?: string): Promise<CommandResult> {
  const [file, argv] = asUser ? ['runuser', ['-u', asUser, '--', command, ...args]] : [command, args];
  return new Promise((done) => {
    let output = '';
    // cwd '/' so the server user never trips over an unreadable working directory.
    const child = spawn(file, argv, { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => done({ code: null, output: error.message }));
    child.on('close', (code) => done({ code, output }));
  });
}

async function expectOk(result: Promise<CommandResult>, what: string): Promise<void> {
  const { code, output } = await result;
  if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${output.trim()}`);
}

function tailOf(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(log file unreadable)';
  }
}
