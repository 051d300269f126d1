/**
 * The gateway computes reports from its in-memory copy of the roll-ups (rollup-memory.ts); the
 * worker's weekly snapshot and the tests' reference use the SQL statements (report-rollups.sql.ts).
 * At the bench's scale, the two must give identical figures for the whole province: every row of
 * every level, compared leaf by leaf (the percentiles exactly; sums within 1e-9 relative).
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { WorkingClock } from '../../libs/domain';
import { rollupWindowMetrics } from '../../libs/persistence/reports/report-rollups.sql';
import { ReportRollupMirror } from '../../libs/persistence/reports/rollup-mirror';
import { ReportRepository } from '../../libs/persistence/repositories/report.repository';
import { compareRows } from './raw-event-check';

export interface MemoryCheck {
  scope: string;
  from: string;
  to: string;
  /** Rows compared (departments, department × service, steps and the critical-path rows). */
  rows: number;
  fieldsCompared: number;
  differences: { field: string; memory: unknown; sql: unknown }[];
  memoryMs: number;
  sqlMs: number;
  loadMs: number;
}

export async function checkMemoryAgainstSql(
  dataSource: DataSource,
  clock: WorkingClock,
  windows: { label: string; from: Date; to: Date }[],
  log: (line: string) => void,
): Promise<MemoryCheck[]> {
  const mirror = new ReportRollupMirror(dataSource);
  const loadStarted = performance.now();
  await mirror.current();
  const loadMs = performance.now() - loadStarted;
  const inMemory = new ReportRepository(dataSource, { mirror });
  const checks: MemoryCheck[] = [];
  for (const window of windows) {
    const filter = { from: window.from, to: window.to };
    let started = performance.now();
    const memory = await inMemory.rollupMetrics(filter, clock);
    const memoryMs = performance.now() - started;
    started = performance.now();
    const sql = await rollupWindowMetrics(dataSource, filter, clock);
    const sqlMs = performance.now() - started;
    // Through JSON, as an answer goes out: dates as ISO strings.
    const asSent = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    const { compared, differences } = compareRows(asSent(memory), asSent(sql));
    const rows = Object.values(sql).reduce<number>((sum, list: unknown[]) => sum + list.length, 0);
    checks.push({
      scope: window.label,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      rows,
      fieldsCompared: compared,
      differences: differences.map((d) => ({ field: d.field, memory: d.http, sql: d.rawEvents })),
      memoryMs,
      sqlMs,
      loadMs,
    });
    log(
      differences.length === 0
        ? `  ${window.label}: identical (${rows} rows, ${compared} fields; in memory ${memoryMs.toFixed(0)} ms, SQL ${sqlMs.toFixed(0)} ms)`
        : `  ${window.label}: ${differences.length} of ${compared} fields differ: ${JSON.stringify(differences).slice(0, 2000)}`,
    );
  }
  return checks;
}
