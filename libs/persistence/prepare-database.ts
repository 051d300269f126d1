import { createDataSource, runMigrations } from './data-source';
import { seedDemoData } from './seed/demo-seed';
import {
  describeOfficialCalendarSeed,
  seedOfficialCalendarAt,
  type OfficialCalendarSeedResult,
} from './seed/official-calendar.seed';

export interface PrepareDatabaseOptions {
  /** Also load the demo departments, enterprises, accounts and service (never in production). */
  demoData: boolean;
}

export interface PreparedDatabase {
  /** Names of the migrations this call applied; empty when the schema was up to date. */
  migrationsApplied: string[];
  calendar: OfficialCalendarSeedResult;
  /** Whether the demo data was loaded. */
  demoData: boolean;
}

/**
 * Makes a database ready for the worker and gateway: applies pending migrations, loads the official
 * working-day calendar (never overwriting an admin's changes) and, when asked, the demo data. Every
 * step is idempotent, so it runs on every start, deployment and test or benchmark run alike.
 */
export async function prepareDatabase(databaseUrl: string, options: PrepareDatabaseOptions): Promise<PreparedDatabase> {
  const migrationsApplied = await runMigrations(databaseUrl);
  const calendar = await seedOfficialCalendarAt(databaseUrl);
  if (options.demoData) {
    const dataSource = createDataSource(databaseUrl, 2);
    await dataSource.initialize();
    try {
      await seedDemoData(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
  return { migrationsApplied, calendar, demoData: options.demoData };
}

/** One log line: the migrations applied, the demo data, then the calendar (whose hint about missing years ends the line). */
export function describePreparedDatabase(prepared: PreparedDatabase, today?: Date): string {
  const { migrationsApplied } = prepared;
  return [
    migrationsApplied.length
      ? `applied ${migrationsApplied.length} migration(s): ${migrationsApplied.join(', ')}`
      : 'schema up to date',
    ...(prepared.demoData ? ['demo data loaded (existing rows kept)'] : []),
    describeOfficialCalendarSeed(prepared.calendar, today),
  ].join('; ');
}
