import { homedir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from './config.schema';

export interface Config {
  env: 'development' | 'test' | 'production';
  /** Unset means "the start command provides a local Postgres". */
  databaseUrl?: string;
  databasePoolSize: number;
  temporal: {
    /** Unset means "the start command provides a local dev server". */
    address?: string;
    namespace: string;
    taskQueue: string;
    cliPath?: string;
  };
  gateway: { host: string; port: number };
  /** loginAttemptsPerMinute: per client address and username, per gateway instance. */
  /** accountCheckSeconds: how long a gateway trusts that a signed-in account is still active. */
  auth: { jwtSecret: string; tokenTtlSeconds: number; loginAttemptsPerMinute: number; accountCheckSeconds: number };
  dataDir: string;
  local: { postgresPort: number; temporalPort: number; temporalUiPort: number };
  /** Per-user cache for tools built on demand (the Temporal CLI); never inside the repo. */
  cacheDir: string;
  /** Admin URL of the Postgres server tests create throwaway databases on. */
  testDatabaseUrl?: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** The worker's pass that starts workflows for filings whose start was lost. */
  filingReconciliation: { intervalSeconds: number; graceSeconds: number };
  /** Set (WORKING_DAY_SECONDS) on training and demo systems only: every day is a working day this long. Unset: the real calendar. */
  demoClock?: { workingDaySeconds: number };
  /** NOTIFY_WEBHOOK_URL: each notification is also POSTed there by the worker, with retries. */
  notifyWebhookUrl?: string;
  /** REPORT_SCHEDULE_CRON: when the weekly bottleneck report runs, in Asia/Shanghai time. */
  reportScheduleCron: string;
  /** Uploaded materials: where the local file store keeps them, and the cap on any one upload. */
  files: { storeDir: string; maxBytes: number };
  /**
   * Certificates: the CJK font of their PDFs (a .ttc needs `fontFace`, the PostScript name of the
   * face), the public address their QR codes point to, and the public verification's rate limit.
   */
  certificates: { fontPath: string; fontFace: string; publicBaseUrl: string; verifyPerMinute: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Only for development and tests; production must set JWT_SECRET (enforced by the schema). */
const DEVELOPMENT_JWT_SECRET = 'onestop-development-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const c = parsed.data;
  return {
    env: c.NODE_ENV,
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    temporal: {
      address: c.TEMPORAL_ADDRESS,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: c.TEMPORAL_TASK_QUEUE,
      cliPath: c.TEMPORAL_CLI_PATH,
    },
    gateway: { host: c.GATEWAY_HOST, port: c.GATEWAY_PORT },
    auth: {
      jwtSecret: c.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      tokenTtlSeconds: c.JWT_TTL_SECONDS,
      loginAttemptsPerMinute: c.LOGIN_ATTEMPTS_PER_MINUTE,
      accountCheckSeconds: c.ACCOUNT_CHECK_SECONDS,
    },
    dataDir: c.DATA_DIR,
    local: {
      postgresPort: c.LOCAL_POSTGRES_PORT,
      temporalPort: c.LOCAL_TEMPORAL_PORT,
      temporalUiPort: c.LOCAL_TEMPORAL_UI_PORT,
    },
    cacheDir: join(c.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'onestop'),
    testDatabaseUrl: c.TEST_DATABASE_URL,
    logLevel: c.LOG_LEVEL,
    filingReconciliation: {
      intervalSeconds: c.FILING_RECONCILE_INTERVAL_SECONDS,
      graceSeconds: c.FILING_RECONCILE_GRACE_SECONDS,
    },
    demoClock: c.WORKING_DAY_SECONDS === undefined ? undefined : { workingDaySeconds: c.WORKING_DAY_SECONDS },
    notifyWebhookUrl: c.NOTIFY_WEBHOOK_URL,
    reportScheduleCron: c.REPORT_SCHEDULE_CRON,
    files: { storeDir: c.FILE_STORE_DIR ?? join(c.DATA_DIR, 'files'), maxBytes: c.FILE_MAX_BYTES },
    certificates: {
      fontPath: c.CERTIFICATE_FONT_PATH,
      fontFace: c.CERTIFICATE_FONT_FACE,
      publicBaseUrl: c.PUBLIC_BASE_URL ?? `http://${c.GATEWAY_HOST}:${c.GATEWAY_PORT}`,
      verifyPerMinute: c.CERTIFICATE_VERIFY_PER_MINUTE,
    },
  };
}

/** For processes that cannot run without these (worker, gateway, migrations). */
export function requireService<T>(value: T | undefined, variable: string): T {
  if (value === undefined) {
    throw new ConfigError([`${variable}: is required for this process`]);
  }
  return value;
}

/** Boot helper: print the problems and stop, instead of a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
