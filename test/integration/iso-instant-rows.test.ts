import { loadConfig, requireService } from '../../libs/config';
import { DataSource, type Logger } from 'typeorm';
import { createDataSource, dataSourceOptions } from '../../libs/persistence/data-source';
import { sqlRows, sqlRowsWithIsoInstants } from '../../libs/persistence/repositories/sql.helpers';

/**
 * Queue pages read their instants from Postgres as ISO text instead of Dates. The text must be
 * exactly what a Date read the usual way prints, whatever the session's time zone and however many
 * fractional digits Postgres writes.
 */
describe('timestamptz columns read as ISO 8601 text', () => {
  // Whole seconds, 1 to 6 fractional digits, .999999 (cut, not rounded, like a Date), a leap day,
  // the turn of a year in Shanghai, before 2000 and far ahead.
  const instants = [
    '2026-12-03T06:38:01Z',
    '2026-12-03T06:38:01.5Z',
    '2026-12-03T06:38:01.12Z',
    '2026-12-03T06:38:01.123Z',
    '2026-12-03T06:38:01.1234Z',
    '2026-12-03T06:38:01.12345Z',
    '2026-12-03T06:38:01.123456Z',
    '2026-12-03T06:38:01.999999Z',
    '2028-02-29T23:59:59.000001Z',
    '2026-12-31T16:00:00Z',
    '1999-12-31T23:59:59.9Z',
    '2199-07-01T00:00:00.01Z',
  ];
  const statement = `SELECT i AS "n", instant AS "at", NULL::timestamptz AS "never"
                       FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(instant, i) ORDER BY i`;

  for (const zone of ['UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'America/St_Johns']) {
    test(`in a session in ${zone}`, async () => {
      const url = new URL(requireService(loadConfig().databaseUrl, 'DATABASE_URL'));
      url.searchParams.set('options', `-c TimeZone=${zone}`);
      const dataSource = createDataSource(url.toString(), 1);
      await dataSource.initialize();
      try {
        const [{ zone: sessionZone }] = await sqlRows<{ zone: string }>(
          dataSource,
          `SELECT current_setting('TimeZone') AS "zone"`,
        );
        expect(sessionZone).toBe(zone);
        const asDates = await sqlRows<{ at: Date; never: Date | null }>(dataSource, statement, [instants]);
        const asText = await sqlRowsWithIsoInstants<{ at: Date; never: Date | null }>(dataSource, statement, [
          instants,
        ]);
        expect(asText.map((row) => row.at)).toEqual(asDates.map((row) => row.at.toISOString()));
        expect(asText.every((row) => row.never === null)).toBe(true);
        // Spot checks against the instants as written (a Date keeps milliseconds, cut).
        expect(asText[0].at).toBe('2026-12-03T06:38:01.000Z');
        expect(asText[6].at).toBe('2026-12-03T06:38:01.123Z');
        expect(asText[7].at).toBe('2026-12-03T06:38:01.999Z');
        expect(asText[9].at).toBe('2026-12-31T16:00:00.000Z');
      } finally {
        await dataSource.destroy();
      }
    });
  }

  test('a failed statement is a QueryFailedError, as from TypeORM', async () => {
    const dataSource = createDataSource(requireService(loadConfig().databaseUrl, 'DATABASE_URL'), 1);
    await expect(sqlRowsWithIsoInstants(dataSource, 'SELECT 1')).rejects.toMatchObject({
      name: 'CannotExecuteNotConnectedError',
    });
    await dataSource.initialize();
    try {
      await expect(sqlRowsWithIsoInstants(dataSource, 'SELECT nope FROM nowhere')).rejects.toMatchObject({
        name: 'QueryFailedError',
        driverError: expect.objectContaining({ code: '42P01' }),
      });
    } finally {
      await dataSource.destroy();
    }
  });

  test('its statements and their failures reach the TypeORM logger, as TypeORM’s own do', async () => {
    const logged: string[] = [];
    const logger: Logger = {
      logQuery: (query, parameters) => void logged.push(`query ${query} ${JSON.stringify(parameters)}`),
      logQueryError: (error, query) => void logged.push(`error ${query}`),
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    const url = requireService(loadConfig().databaseUrl, 'DATABASE_URL');
    const dataSource = new DataSource({ ...dataSourceOptions(url, 1), logging: ['query', 'error'], logger });
    await dataSource.initialize();
    try {
      logged.length = 0;
      await sqlRowsWithIsoInstants(dataSource, 'SELECT $1::int AS "n"', [7], { prepared: true });
      await expect(sqlRowsWithIsoInstants(dataSource, 'SELECT nope FROM nowhere')).rejects.toThrow();
      expect(logged).toEqual([
        'query SELECT $1::int AS "n" [7]',
        'query SELECT nope FROM nowhere []',
        'error SELECT nope FROM nowhere',
      ]);
    } finally {
      await dataSource.destroy();
    }
  });
});
