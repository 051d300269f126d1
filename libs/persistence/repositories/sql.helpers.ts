import { createHash } from 'node:crypto';
import { types as pgTypes, type CustomTypesConfig, type Pool } from 'pg';
import { CannotExecuteNotConnectedError, DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Where a repository runs SQL: the pool, or the manager of an open transaction. */
export type SqlExecutor = DataSource | EntityManager;

/**
 * Rows of any statement, SELECT or INSERT/UPDATE … RETURNING. The plain `query()` answers
 * `[rows, count]` for UPDATE but `rows` for SELECT, so the structured form is used to get one shape.
 * The cast is the single place where untyped driver rows become typed records; every caller
 * names its columns with explicit aliases that match T.
 */
export async function sqlRows<T>(executor: SqlExecutor, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const inTransaction = executor instanceof EntityManager ? executor.queryRunner : undefined;
  const runner = inTransaction ?? (executor instanceof DataSource ? executor : executor.dataSource).createQueryRunner();
  try {
    const result = await runner.query(sql, [...params], true);
    return (result.records ?? []) as T[];
  } finally {
    if (!inTransaction) await runner.release();
  }
}

/** T with its Date fields as ISO 8601 text: what JSON.stringify would have made of them. */
export type WithIsoInstants<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

const TIMESTAMPTZ_OID = 1184;
const parseTimestamptz = pgTypes.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number;

/**
 * Postgres' text for a timestamptz as `Date.prototype.toISOString()` would print it. The common
 * case, a session in UTC (`2026-03-01 08:00:00.123456+00`), is rewritten as text, cutting the
 * fraction to milliseconds as a Date would; any other offset goes through the driver's own parser.
 */
export function isoInstantOf(text: string): string {
  // 'YYYY-MM-DD HH:MM:SS' (19), an optional '.' and 1–6 digits, '+00'.
  if (text.length >= 22 && text.length <= 29 && text.charCodeAt(10) === 32 && text.endsWith('+00')) {
    const fraction = text.length > 22 ? text.slice(20, -3) : '';
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${(fraction + '000').slice(0, 3)}Z`;
  }
  const parsed = parseTimestamptz(text);
  // ±infinity: the driver answers a number; no column read this way holds one.
  return parsed instanceof Date ? parsed.toISOString() : text;
}

type TextParser = (text: string) => unknown;

function isoInstantTypeParser(oid: number, format?: 'text' | 'binary'): TextParser {
  if (oid === TIMESTAMPTZ_OID) return isoInstantOf;
  return pgTypes.getTypeParser(oid, format ?? 'text') as TextParser;
}

const ISO_INSTANT_TYPES: CustomTypesConfig = { getTypeParser: isoInstantTypeParser };

/** Statement names by text; the texts are the few fixed ones of hot pages, never built from values. */
const statementNames = new Map<string, string>();

/**
 * The name `sql` is prepared under in each pooled session: a digest of the text, so one name can
 * never stand for two statements (the driver refuses that) and every gateway process agrees.
 */
export function preparedStatementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    // 2 + 40 characters, within Postgres' 63-character identifiers.
    name = `p_${createHash('sha1').update(sql).digest('hex')}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Rows of a SELECT whose timestamptz columns arrive as ISO 8601 text instead of Dates, for pages
 * sent out as JSON as they are. Turning each instant into a Date and back into text cost a queue
 * page of 50 tasks about 0.4 ms of the gateway's one thread (the page took about 2.8 ms). Runs on
 * the pool outside any transaction, as `sqlRows(dataSource, …)` would.
 *
 * `prepared`: the statement is parsed once per pooled session and then only bound and run. A queue
 * page's statement is 1.5 KB of SQL whose parsing and analysis were most of Postgres' own time for
 * the page. Only for fixed texts (each distinct text stays prepared in every session). Each run
 * is still planned for its own values: the pools' sessions run with plan_cache_mode
 * force_custom_plan (see data-source.ts), as an unnamed statement would be.
 */
export async function sqlRowsWithIsoInstants<T>(
  dataSource: DataSource,
  sql: string,
  params: readonly unknown[] = [],
  options: { prepared?: boolean } = {},
): Promise<WithIsoInstants<T>[]> {
  // What TypeORM throws for a query before the first connection (the gateway answers 503).
  if (!dataSource.isInitialized) throw new CannotExecuteNotConnectedError();
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const values = [...params];
  // Logged as TypeORM logs its own statements (the bench's plan capture records them this way).
  dataSource.logger.logQuery(sql, values);
  try {
    const result = await pool.query({
      ...(options.prepared ? { name: preparedStatementName(sql) } : {}),
      text: sql,
      values,
      types: ISO_INSTANT_TYPES,
    });
    return result.rows as WithIsoInstants<T>[];
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, sql, values);
    // The shape TypeORM gives a failed query everywhere else (callers test for QueryFailedError).
    throw new QueryFailedError(sql, values, error as Error);
  }
}

export async function sqlRow<T>(
  executor: SqlExecutor,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T | null> {
  const rows = await sqlRows<T>(executor, sql, params);
  return rows[0] ?? null;
}

/** A Postgres unique violation on the named constraint (used to detect lost insert races). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown };
  return driverError.code === '23505' && driverError.constraint === constraint;
}

/**
 * A timestamp rendered by Postgres with all six fractional digits. Keyset cursors carry this text
 * rather than a JS Date, which keeps only milliseconds and would make the page boundary drift.
 */
export function fullPrecisionTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Position of the last row of a page in a (timestamp, id) keyset. */
export interface KeysetPosition {
  /** Full-precision UTC timestamp, e.g. 2026-03-01T08:00:00.123456Z. */
  at: string;
  id: string;
}

export interface KeysetPage<T> {
  items: T[];
  /** Where the next page starts; null on the last page. */
  next: KeysetPosition | null;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only proves that more exist.
 * Each row carries its keyset position in a `position` column (callers map items to response
 * shapes field by field, so that column never reaches a client).
 */
export function toKeysetPage<T extends { id: string; position: string }>(rows: T[], limit: number): KeysetPage<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    next: rows.length > limit && last ? { at: last.position, id: last.id } : null,
  };
}
