/**
 * Command-line flags of `npm run bench`. Sizes come from flags, not the environment, so a run's
 * settings are visible on its command line and recorded in its results file.
 */
export interface BenchOptions {
  /** Applications filed in the filing scenario; their tasks fill the queues of the later scenarios. */
  applications: number;
  /** Requests in flight at once while filing and deciding. */
  concurrency: number;
  /** Full walks through staff.market's queue in the queue read scenario. */
  queueWalks: number;
  /** `limit` of each queue page in the queue read scenario. */
  pageSize: number;
  /** Applications taken from filing to approval in the end-to-end scenario. */
  e2e: number;
  /** End-to-end applications in flight at once. */
  e2eConcurrency: number;
  /** Pause between two sweeps of a queue (and between two reads of an application's status). */
  pollMs: number;
  /** Upper bound on each scenario's wall time; a scenario that needs longer fails the run. */
  phaseTimeoutSeconds: number;
}

/** A whole-number flag: which option it sets, its bounds, and its line in the usage text. */
export interface FlagSpec<O> {
  key: keyof O;
  min: number;
  max: number;
  help: string;
}

const FLAGS: Record<string, FlagSpec<BenchOptions>> = {
  '--applications': { key: 'applications', min: 1, max: 5000, help: 'applications filed (fill the queues)' },
  '--concurrency': { key: 'concurrency', min: 1, max: 64, help: 'requests in flight while filing and deciding' },
  '--queue-walks': { key: 'queueWalks', min: 1, max: 1000, help: "walks through staff.market's whole queue" },
  '--page-size': { key: 'pageSize', min: 1, max: 100, help: 'limit of each queue page read' },
  '--e2e': { key: 'e2e', min: 0, max: 1000, help: 'applications taken from filing to approval' },
  '--e2e-concurrency': { key: 'e2eConcurrency', min: 1, max: 64, help: 'end-to-end applications at once' },
  '--poll-ms': { key: 'pollMs', min: 10, max: 5000, help: 'pause between two sweeps of a queue' },
  '--phase-timeout': { key: 'phaseTimeoutSeconds', min: 10, max: 3600, help: 'seconds each scenario may take' },
};

export const DEFAULT_OPTIONS: BenchOptions = {
  applications: 200,
  concurrency: 8,
  queueWalks: 100,
  pageSize: 50,
  e2e: 40,
  e2eConcurrency: 4,
  pollMs: 50,
  phaseTimeoutSeconds: 180,
};

export class UsageError extends Error {
  override name = 'UsageError';
}

export type ParsedArgs<O = BenchOptions> = { kind: 'help' } | { kind: 'run'; options: O };

/** Whole-number flags (`--flag n` or `--flag=n`) over the defaults; `--help` asks for the usage text. */
export function parseFlags<O extends { [K in keyof O]: number }>(
  argv: readonly string[],
  flags: Record<string, FlagSpec<O>>,
  defaults: O,
): ParsedArgs<O> {
  const options: O = { ...defaults };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const spec = flags[flag];
    if (!spec) throw new UsageError(`unknown argument "${arg}"`);
    const text = inline ?? argv[++i];
    if (text === undefined) throw new UsageError(`${flag} needs a value`);
    const value = Number(text);
    if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new UsageError(`${flag} must be a whole number from ${spec.min} to ${spec.max}, not "${text}"`);
    }
    options[spec.key] = value as O[keyof O];
  }
  return { kind: 'run', options };
}

/** The usage text of a command's flags, each with its default. */
export function flagUsage<O extends { [K in keyof O]: number }>(
  command: string,
  flags: Record<string, FlagSpec<O>>,
  defaults: O,
): string {
  const lines = Object.entries(flags).map(
    ([flag, spec]) => `  ${`${flag} <n>`.padEnd(24)}${spec.help} (default ${defaults[spec.key]})`,
  );
  return [`Usage: ${command} -- [flags]`, '', ...lines, '  --help                  this text'].join('\n');
}

export function parseBenchArgs(argv: readonly string[]): ParsedArgs {
  return parseFlags(argv, FLAGS, DEFAULT_OPTIONS);
}

export function usage(): string {
  return flagUsage('npm run bench', FLAGS, DEFAULT_OPTIONS);
}
