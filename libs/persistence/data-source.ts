import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * Settings of every session of the pools. Prepared statements (the queue page's, see
 * sqlRowsWithIsoInstants) are planned for each run's own values, as every unnamed statement is: a
 * generic plan cannot know which optional filters are null, nor that `status = ANY($2)` lies
 * within the partial index of open tasks.
 */
export const SESSION_SETTINGS = '-c plan_cache_mode=force_custom_plan';

/**
 * The URL with SESSION_SETTINGS put before any `options` of its own: the driver lets the URL's
 * `options` replace a separate one, and a setting of the operator's, given later, still wins. A URL
 * without a host (`postgres://user@/db?host=/run/postgresql`) is not a WHATWG URL and is left as it
 * is; the pool's own `options` serves it unless it has its own.
 */
export function withSessionSettings(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const own = parsed.searchParams.get('options');
  parsed.searchParams.set('options', own ? `${SESSION_SETTINGS} ${own}` : SESSION_SETTINGS);
  return parsed.toString();
}

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    // gen_random_uuid() is built into Postgres 13+, no extension to install.
    uuidExtension: 'pgcrypto',
    url: withSessionSettings(url),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Schema changes only ever come from migrations.
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: SESSION_SETTINGS },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}

/** Runs pending migrations; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
