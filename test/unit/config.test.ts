import { join } from 'node:path';
import { ConfigError, loadConfig, requireService } from '../../libs/config/config';

/** The problems of the ConfigError that `loadConfig(env)` throws (fails the test if it does not throw). */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

const PRODUCTION_SECRET = 'a-production-secret-of-enough-length';

describe('loadConfig', () => {
  test('an empty environment gives the development defaults, with Postgres and Temporal left to the start command', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      databasePoolSize: 10,
      temporal: { namespace: 'default', taskQueue: 'onestop-approval' },
      gateway: { host: '127.0.0.1', port: 3000 },
      auth: { tokenTtlSeconds: 8 * 3600 },
      dataDir: '.data',
      local: { postgresPort: 54329, temporalPort: 7233, temporalUiPort: 8233 },
      logLevel: 'info',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(16);
    expect(config.demoClock).toBeUndefined();
  });

  test('the passed environment is used, not process.env', () => {
    const before = process.env.GATEWAY_PORT;
    process.env.GATEWAY_PORT = '4999';
    try {
      expect(loadConfig({}).gateway.port).toBe(3000);
    } finally {
      if (before === undefined) delete process.env.GATEWAY_PORT;
      else process.env.GATEWAY_PORT = before;
    }
  });

  test('set variables are parsed into typed values', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgresql://onestop@db.internal:5432/onestop',
      DATABASE_POOL_SIZE: '25',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'approvals',
      GATEWAY_HOST: '0.0.0.0',
      GATEWAY_PORT: '8080',
      JWT_SECRET: PRODUCTION_SECRET,
      JWT_TTL_SECONDS: '600',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      env: 'test',
      databaseUrl: 'postgresql://onestop@db.internal:5432/onestop',
      databasePoolSize: 25,
      temporal: { address: 'temporal.internal:7233', namespace: 'approvals' },
      gateway: { host: '0.0.0.0', port: 8080 },
      auth: { jwtSecret: PRODUCTION_SECRET, tokenTtlSeconds: 600 },
      logLevel: 'debug',
    });
  });

  test('a DATABASE_URL that is not a postgres:// URL is named in the problems', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root@localhost/onestop' });
    expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL: .*postgres:\/\//)]);
  });

  test.each([
    ['not a number', 'http'],
    ['zero', '0'],
    ['above 65535', '70000'],
    ['a fraction', '3000.5'],
  ])('a GATEWAY_PORT that is %s is named in the problems', (_case, value) => {
    expect(problemsOf({ GATEWAY_PORT: value })).toEqual([expect.stringMatching(/^GATEWAY_PORT: /)]);
  });

  test('a TEMPORAL_ADDRESS without a port is named in the problems', () => {
    expect(problemsOf({ TEMPORAL_ADDRESS: 'temporal.internal' })).toEqual([
      expect.stringMatching(/^TEMPORAL_ADDRESS: .*host:port/),
    ]);
  });

  test('an unknown NODE_ENV or LOG_LEVEL is named in the problems', () => {
    const problems = problemsOf({ NODE_ENV: 'staging', LOG_LEVEL: 'trace' });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^NODE_ENV: /), expect.stringMatching(/^LOG_LEVEL: /)]),
    );
  });

  test('every bad variable is reported at once, and the message lists them', () => {
    let thrown: unknown;
    try {
      loadConfig({ DATABASE_URL: 'localhost:5432', GATEWAY_PORT: 'http', DATABASE_POOL_SIZE: '0' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_POOL_SIZE',
      'DATABASE_URL',
      'GATEWAY_PORT',
    ]);
    expect(error.message).toMatch(/^Invalid configuration:/);
    for (const problem of error.problems) expect(error.message).toContain(problem);
  });

  test('JWT_SECRET is required in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: .*NODE_ENV=production/),
    ]);
  });

  test('a missing production JWT_SECRET is reported together with the other problems', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'localhost:5432' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: /),
      expect.stringMatching(/^JWT_SECRET: /),
    ]);
  });

  test('production starts with a JWT_SECRET and uses it', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET });
    expect(config.env).toBe('production');
    expect(config.auth.jwtSecret).toBe(PRODUCTION_SECRET);
  });

  test('a JWT_SECRET shorter than 16 characters is refused', () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: .*16/),
    ]);
  });
});

describe('WORKING_DAY_SECONDS (the demo clock)', () => {
  test('makes every working day last that many seconds on a development or test system', () => {
    expect(loadConfig({ WORKING_DAY_SECONDS: '60' }).demoClock).toEqual({ workingDaySeconds: 60 });
    expect(loadConfig({ NODE_ENV: 'test', WORKING_DAY_SECONDS: '86400' }).demoClock).toEqual({
      workingDaySeconds: 86400,
    });
  });

  test.each([
    ['zero', '0'],
    ['negative', '-5'],
    ['a fraction', '1.5'],
    ['not a number', 'fast'],
    ['longer than a day', '86401'],
  ])('a value that is %s is named in the problems', (_case, value) => {
    expect(problemsOf({ WORKING_DAY_SECONDS: value })).toEqual([expect.stringMatching(/^WORKING_DAY_SECONDS: /)]);
  });

  test('is refused in production, with a message naming the variable and why', () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET, WORKING_DAY_SECONDS: '60' })).toEqual([
      'WORKING_DAY_SECONDS: is for training and demo systems only; unset it when NODE_ENV=production',
    ]);
  });

  test('is reported in production together with a missing JWT_SECRET', () => {
    expect(problemsOf({ NODE_ENV: 'production', WORKING_DAY_SECONDS: '60' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: /),
      expect.stringMatching(/^WORKING_DAY_SECONDS: .*NODE_ENV=production/),
    ]);
  });

  test('unset in production means the real calendar', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET }).demoClock).toBeUndefined();
  });
});

describe('REPORT_SCHEDULE_CRON (when the weekly report runs)', () => {
  test('defaults to Mondays at 08:00 (Asia/Shanghai, the Schedule’s time zone)', () => {
    expect(loadConfig({}).reportScheduleCron).toBe('0 8 * * MON');
  });

  test('takes any five-field cron, trimmed', () => {
    expect(loadConfig({ REPORT_SCHEDULE_CRON: ' 30 7 * * 1-5 ' }).reportScheduleCron).toBe('30 7 * * 1-5');
    expect(loadConfig({ REPORT_SCHEDULE_CRON: '0 8 29 2 *' }).reportScheduleCron).toBe('0 8 29 2 *');
  });

  test.each([
    ['a field out of range', '61 8 * * MON'],
    ['four fields', '0 8 * *'],
    ['six fields (seconds)', '0 0 8 * * MON'],
    ['words', 'every monday'],
    ['nothing', ''],
  ])('refuses %s, naming the variable and the expected form', (_case, cron) => {
    const problems = problemsOf({ REPORT_SCHEDULE_CRON: cron });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^REPORT_SCHEDULE_CRON: must be a cron expression of five fields .*"0 8 \* \* MON"/);
  });
});

describe('requireService', () => {
  test('a present value is returned', () => {
    expect(requireService('postgres://localhost/onestop', 'DATABASE_URL')).toBe('postgres://localhost/onestop');
  });

  test('a missing value is a ConfigError naming the variable', () => {
    expect(() => requireService(undefined, 'TEMPORAL_ADDRESS')).toThrow(ConfigError);
    expect(() => requireService(undefined, 'TEMPORAL_ADDRESS')).toThrow(/TEMPORAL_ADDRESS/);
  });
});

describe('uploaded material files (FILE_STORE_DIR, FILE_MAX_BYTES)', () => {
  test('default to a directory under DATA_DIR and a 20 MiB cap', () => {
    expect(loadConfig({}).files).toEqual({ storeDir: join('.data', 'files'), maxBytes: 20 * 1024 * 1024 });
    expect(loadConfig({ DATA_DIR: '/srv/onestop' }).files.storeDir).toBe(join('/srv/onestop', 'files'));
    expect(loadConfig({ FILE_STORE_DIR: '/mnt/shared/files', FILE_MAX_BYTES: '1048576' }).files).toEqual({
      storeDir: '/mnt/shared/files',
      maxBytes: 1048576,
    });
  });

  test.each([['0'], ['1023'], ['1.5'], ['big'], [String(1024 ** 3 + 1)]])(
    'FILE_MAX_BYTES=%s is named in the problems',
    (value) => {
      expect(problemsOf({ FILE_MAX_BYTES: value })).toEqual([expect.stringMatching(/^FILE_MAX_BYTES: /)]);
    },
  );
});

describe('certificates', () => {
  test('default to Debian’s Noto CJK collection, the gateway’s own address and 30 verifications a minute', () => {
    expect(loadConfig({ GATEWAY_HOST: '10.0.0.5', GATEWAY_PORT: '8080' }).certificates).toEqual({
      fontPath: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
      fontFace: 'NotoSansCJKsc-Regular',
      publicBaseUrl: 'http://10.0.0.5:8080',
      verifyPerMinute: 30,
    });
  });

  test('take the public address without a trailing slash, and the font and limit as set', () => {
    expect(
      loadConfig({
        PUBLIC_BASE_URL: 'https://zwfw.example.gov.cn/',
        CERTIFICATE_FONT_PATH: '/opt/fonts/SourceHanSans.otf',
        CERTIFICATE_VERIFY_PER_MINUTE: '5',
      }).certificates,
    ).toMatchObject({
      fontPath: '/opt/fonts/SourceHanSans.otf',
      publicBaseUrl: 'https://zwfw.example.gov.cn',
      verifyPerMinute: 5,
    });
  });

  test.each([
    [{ PUBLIC_BASE_URL: 'zwfw.example.gov.cn' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://zwfw.example.gov.cn' }, 'PUBLIC_BASE_URL'],
    [{ CERTIFICATE_VERIFY_PER_MINUTE: '0' }, 'CERTIFICATE_VERIFY_PER_MINUTE'],
    [{ CERTIFICATE_FONT_PATH: '' }, 'CERTIFICATE_FONT_PATH'],
  ])('a bad value is refused naming the variable: %j', (env, variable) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${variable}: `))]);
  });
});
