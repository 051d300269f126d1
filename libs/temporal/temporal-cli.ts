import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Versions tried in order. v1.5.1 is the newest whose go.mod has no local `replace` directive, so
 * `go install …@version` accepts it; the older ones are fallbacks for machines where it fails to build.
 */
export const TEMPORAL_CLI_VERSIONS = ['v1.5.1', 'v1.5.0', 'v1.4.1'] as const;
const MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** Where the official Go tarball installs; often not on PATH for non-login shells. */
const GO_FALLBACK = '/usr/local/go/bin/go';

export interface LocateTemporalCliOptions {
  /** TEMPORAL_CLI_PATH: when set, it must work; we never silently fall back from it. */
  cliPath?: string;
  /** Config.cacheDir (`${XDG_CACHE_HOME:-~/.cache}/onestop`). */
  cacheDir: string;
  log: (line: string) => void;
  /** Aborting kills a running `go install`. */
  signal?: AbortSignal;
}

export class TemporalCliUnavailableError extends Error {
  override name = 'TemporalCliUnavailableError';
}

export function cachedCliPath(cacheDir: string, version: string): string {
  return join(cacheDir, `temporal-cli-${version}`, 'temporal');
}

/** Returns a runnable Temporal CLI: configured path, PATH, cache, or a fresh `go install`. */
export async function locateOrBuildTemporalCli(options: LocateTemporalCliOptions): Promise<string> {
  const { cliPath, cacheDir, log } = options;
  if (cliPath) {
    if (!isExecutable(cliPath)) {
      throw new TemporalCliUnavailableError(
        `TEMPORAL_CLI_PATH=${cliPath} is not an executable file; fix it or unset it.`,
      );
    }
    return cliPath;
  }
  if (await isTemporalCli('temporal')) {
    log('Temporal CLI: using `temporal` from PATH');
    return 'temporal';
  }
  for (const version of TEMPORAL_CLI_VERSIONS) {
    const cached = cachedCliPath(cacheDir, version);
    if (isExecutable(cached)) {
      log(`Temporal CLI: using cached ${version} at ${cached}`);
      return cached;
    }
  }

  const go = await findGo();
  if (!go) {
    throw new TemporalCliUnavailableError(
      [
        'The Temporal CLI is needed to run a local Temporal dev server, and neither it nor Go was found.',
        'Do one of:',
        '  - install Go >= 1.22 (your distribution package, e.g. `apt-get install golang`, or https://go.dev/dl/),',
        `    then run this again: it builds the CLI with \`go install ${MODULE}@${TEMPORAL_CLI_VERSIONS[0]}\`;`,
        '  - put the Temporal CLI (`temporal`) on PATH, or set TEMPORAL_CLI_PATH to its location;',
        '  - or point TEMPORAL_ADDRESS at an existing Temporal server.',
      ].join('\n'),
    );
  }

  const failures: string[] = [];
  for (const version of TEMPORAL_CLI_VERSIONS) {
    const target = cachedCliPath(cacheDir, version);
    const action = failures.length ? 'Trying' : 'Temporal CLI not found: building';
    log(`${action} ${version} with \`${go} install ${MODULE}@${version}\` into ${target}`);
    log('This takes several minutes the first time (download + compile); later runs use the cache.');
    const result = await goInstall(go, version, join(cacheDir, `temporal-cli-${version}`), options);
    if (result.ok && isExecutable(target)) {
      log(`Temporal CLI ${version} built in ${Math.round(result.seconds)} s`);
      return target;
    }
    options.signal?.throwIfAborted();
    log(`Building Temporal CLI ${version} failed${result.ok ? ' (no binary produced)' : ''}`);
    failures.push(`${version}:\n${result.tail.join('\n')}`);
  }
  throw new TemporalCliUnavailableError(
    `Could not build the Temporal CLI with ${go} (tried ${TEMPORAL_CLI_VERSIONS.join(', ')}).\n` +
      failures.join('\n\n'),
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command and collects its output; `code` is null when it could not start at all. */
function probe(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', () => resolve({ code: null, output }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Spawning (rather than scanning PATH ourselves) lets the OS do the lookup; checking the output
 * guards against an unrelated program that happens to be called `temporal`. */
async function isTemporalCli(command: string): Promise<boolean> {
  const { code, output } = await probe(command, ['--version']);
  return code === 0 && output.includes('temporal version');
}

async function findGo(): Promise<string | undefined> {
  for (const candidate of ['go', GO_FALLBACK]) {
    const { code } = await probe(candidate, ['version']);
    if (code === 0) return candidate;
  }
  return undefined;
}

interface GoInstallResult {
  ok: boolean;
  seconds: number;
  /** The last lines of go's output: the exact error when it fails. */
  tail: string[];
}

function goInstall(
  go: string,
  version: string,
  binDir: string,
  { log, signal }: LocateTemporalCliOptions,
): Promise<GoInstallResult> {
  const started = Date.now();
  const tail: string[] = [];
  return new Promise((resolve) => {
    // -v prints each package as it compiles: the only progress signal go gives during a long build.
    const child = spawn(go, ['install', '-v', `${MODULE}@${version}`], {
      env: { ...process.env, GOBIN: binDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    const onLine = (line: string): void => {
      log(`  [go] ${line}`);
      tail.push(line);
      if (tail.length > 30) tail.shift();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    const seconds = (): number => (Date.now() - started) / 1000;
    child.on('error', (error) => {
      tail.push(error.message);
      resolve({ ok: false, seconds: seconds(), tail });
    });
    child.on('close', (code) => resolve({ ok: code === 0, seconds: seconds(), tail }));
  });
}
