import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

/**
 * Every environment variable the system reads, validated once at boot.
 * Nothing outside libs/config reads process.env: callers get a typed Config.
 */
/** Monday 08:00 Asia/Shanghai: the week that ended at midnight, on the desk at the start of the working week. */
export const DEFAULT_REPORT_SCHEDULE_CRON = '0 8 * * MON';

/**
 * Five fields exactly (Temporal also reads seconds and years, which a weekly report has no use for
 * and which would be easy to write by mistake), each checked by cron-parser.
 */
function isFiveFieldCron(expression: string): boolean {
  if (expression.split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(expression, { tz: 'Asia/Shanghai' });
    return true;
  } catch {
    return false;
  }
}

/** Debian's fonts-noto-cjk (installed by .ci/run and the Dockerfile). */
export const DEFAULT_CERTIFICATE_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

const port = z.coerce.number().int().min(1).max(65535);

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^:\s]+:\d+$/, 'must be host:port')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('onestop-approval'),
    TEMPORAL_CLI_PATH: z.string().min(1).optional(),
    GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
    GATEWAY_PORT: port.default(3000),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    ACCOUNT_CHECK_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(10),
    JWT_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(8 * 3600),
    DATA_DIR: z.string().min(1).default('.data'),
    LOCAL_POSTGRES_PORT: port.default(54329),
    LOCAL_TEMPORAL_PORT: port.default(7233),
    LOCAL_TEMPORAL_UI_PORT: port.default(8233),
    // Where a built Temporal CLI is cached: outside the repo so a fresh clone reuses it.
    XDG_CACHE_HOME: z.string().min(1).optional(),
    // Admin URL of a Postgres server the tests may create throwaway databases on.
    TEST_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
      .optional(),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    FILING_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    FILING_RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
    // Demo clock: every day is a working day of this many seconds, so cards and deemed approvals show in minutes.
    WORKING_DAY_SECONDS: z.coerce.number().int().min(1).max(86400).optional(),
    // Every inbox notification is also POSTed here as JSON (with retries), when set.
    NOTIFY_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    // When the weekly bottleneck report runs, in Asia/Shanghai time: the Temporal Schedule's cron.
    REPORT_SCHEDULE_CRON: z
      .string()
      .trim()
      .refine(isFiveFieldCron, {
        message:
          'must be a cron expression of five fields (minute hour day-of-month month day-of-week), ' +
          'e.g. "0 8 * * MON" for Mondays at 08:00 Asia/Shanghai',
      })
      .default(DEFAULT_REPORT_SCHEDULE_CRON),
    // Uploaded materials: the local directory of the default file store (default: <DATA_DIR>/files).
    FILE_STORE_DIR: z.string().min(1).optional(),
    // No upload is read past this many bytes, whatever a material allows (default 20 MiB, at most 1 GiB).
    FILE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 ** 3)
      .default(20 * 1024 ** 2),
    // Certificates (电子证照): the CJK font their PDFs are set in. A .ttc collection also needs the
    // PostScript name of the face to use; a .ttf or .otf file has one face and ignores it.
    CERTIFICATE_FONT_PATH: z.string().min(1).default(DEFAULT_CERTIFICATE_FONT_PATH),
    CERTIFICATE_FONT_FACE: z.string().min(1).default('NotoSansCJKsc-Regular'),
    // The address the public reaches the web application at: certificate QR codes point to
    // <PUBLIC_BASE_URL>/verify/<code>. Default: the gateway's own http://GATEWAY_HOST:GATEWAY_PORT.
    PUBLIC_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    // Public certificate verification: requests per minute per client address, per gateway.
    CERTIFICATE_VERIFY_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(30),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required when NODE_ENV=production',
      });
    }
    // A compressed clock in production would breach every real case within minutes.
    if (env.NODE_ENV === 'production' && env.WORKING_DAY_SECONDS !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKING_DAY_SECONDS'],
        message: 'is for training and demo systems only; unset it when NODE_ENV=production',
      });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;
