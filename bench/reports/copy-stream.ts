/**
 * Postgres COPY … FROM STDIN in text format (pg-copy-streams): the fastest way to load rows that
 * keeps the tables, indexes, constraints and WAL exactly as the app has them.
 */
import { once } from 'node:events';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One field in COPY text format; null is \N. */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export const copyTime = (ms: number | null): string => (ms === null ? '\\N' : new Date(ms).toISOString());

export const copyJson = (value: unknown): string => copyField(JSON.stringify(value));

/** Streams `lines` (each ending in \n) into `table (columns)`; resolves once Postgres has committed them. */
export async function copyLines(
  client: Client,
  table: string,
  columns: readonly string[],
  lines: string[],
): Promise<void> {
  if (lines.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const finished = once(stream, 'finish');
  const failed = once(stream, 'error').then(([error]) => Promise.reject(error as Error));
  // Large writes in few calls: the stream buffers them while the socket drains.
  const BATCH = 2000;
  for (let i = 0; i < lines.length; i += BATCH) {
    if (!stream.write(lines.slice(i, i + BATCH).join(''))) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([finished, failed]);
}
