import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

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
