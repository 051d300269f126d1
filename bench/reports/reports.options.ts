/**
 * Command-line flags of `npm run bench:reports`. Like `npm run bench`, sizes come from flags only,
 * so a run's settings are on its command line and in its results file.
 */
import { flagUsage, parseFlags, UsageError, type FlagSpec, type ParsedArgs } from '../bench.options';

export interface ReportBenchOptions {
  /** Tasks to aim for; the cases drawn give about this many (the exact count is printed). */
  tasks: number;
  /** Applications; 0 means tasks / 5. */
  applications: number;
  departments: number;
  services: number;
  enterprises: number;
  /** Seed of every random draw: the same seed loads the same rows. */
  seed: number;
  /** Filings spread over this many days up to the anchor. */
  spanDays: number;
  /** Applications per COPY round trip. */
  chunk: number;
  /** Untimed requests before each report measure. */
  warmup: number;
  /** Timed requests of each report measure. */
  samples: number;
  /** Timed requests of each bottleneck report over windows never asked before (computed, not kept). */
  freshSamples: number;
  /** Seconds after which a report measure stops taking samples (it keeps those it has). */
  measureSeconds: number;
  /** Concurrent queue readers (officers of as many departments). */
  clients: number;
  /** Pages each queue walk follows (nextCursor) at most. */
  queuePages: number;
  /** `limit` of each queue page. */
  pageSize: number;
  /** Walks of every queue filter per reader (the first one warms up and is not counted). */
  queueRounds: number;
}

const FLAGS: Record<string, FlagSpec<ReportBenchOptions>> = {
  '--tasks': { key: 'tasks', min: 1000, max: 5_000_000, help: 'tasks to load (about; the count is printed)' },
  '--applications': { key: 'applications', min: 0, max: 1_000_000, help: 'applications to load (0: tasks / 5)' },
  '--departments': { key: 'departments', min: 6, max: 1000, help: 'departments (the 6 demo ones included)' },
  '--services': { key: 'services', min: 1, max: 999, help: 'services, each with a route of 3–6 steps' },
  '--enterprises': { key: 'enterprises', min: 1, max: 99_999, help: 'enterprises filing the applications' },
  '--seed': { key: 'seed', min: 0, max: 2 ** 31 - 1, help: 'seed of the random draws' },
  '--span-days': { key: 'spanDays', min: 30, max: 730, help: 'days over which filings are spread' },
  '--chunk': { key: 'chunk', min: 100, max: 50_000, help: 'applications per COPY round trip' },
  '--warmup': { key: 'warmup', min: 0, max: 100, help: 'untimed requests before each report measure' },
  '--samples': { key: 'samples', min: 1, max: 1000, help: 'timed requests of each report measure' },
  '--fresh-samples': {
    key: 'freshSamples',
    min: 0,
    max: 1000,
    help: 'timed bottleneck requests over new windows (each one computed)',
  },
  '--measure-seconds': {
    key: 'measureSeconds',
    min: 1,
    max: 3600,
    help: 'seconds after which a report measure stops sampling',
  },
  '--clients': { key: 'clients', min: 1, max: 64, help: 'concurrent queue readers' },
  '--queue-pages': { key: 'queuePages', min: 1, max: 200, help: 'pages each queue walk follows at most' },
  '--page-size': { key: 'pageSize', min: 1, max: 100, help: 'limit of each queue page' },
  '--queue-rounds': { key: 'queueRounds', min: 2, max: 100, help: 'walks of each filter per reader (1st warms up)' },
};

export const DEFAULT_REPORT_OPTIONS: ReportBenchOptions = {
  tasks: 1_000_000,
  applications: 0,
  departments: 100,
  services: 50,
  enterprises: 5000,
  seed: 20261202,
  spanDays: 395,
  chunk: 2000,
  warmup: 3,
  samples: 20,
  freshSamples: 10,
  measureSeconds: 90,
  clients: 32,
  queuePages: 20,
  pageSize: 50,
  queueRounds: 4,
};

export { UsageError };

export function parseReportBenchArgs(argv: readonly string[]): ParsedArgs<ReportBenchOptions> {
  const parsed = parseFlags(argv, FLAGS, DEFAULT_REPORT_OPTIONS);
  if (parsed.kind === 'help') return parsed;
  const { options } = parsed;
  if (options.applications === 0) options.applications = Math.max(1, Math.round(options.tasks / 5));
  if (options.clients > options.departments) {
    throw new UsageError(`--clients (${options.clients}) must not exceed --departments (${options.departments})`);
  }
  return { kind: 'run', options };
}

export function usage(): string {
  return flagUsage('npm run bench:reports', FLAGS, DEFAULT_REPORT_OPTIONS);
}
