import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, type BenchResults } from '../bench.report';
import type { LoadSummary } from './bulk-loader';
import type { QueryPlan } from './query-plans';
import type { QueueMeasure } from './queue-measures';
import type { MemoryCheck } from './memory-check';
import type { RawEventCheck } from './raw-event-check';
import type { ReportMeasure } from './report-measures';
import type { ReportBenchOptions } from './reports.options';

export interface ReportBenchResults {
  startedAt: string;
  finishedAt: string;
  commit: BenchResults['commit'];
  machine: BenchResults['machine'];
  options: ReportBenchOptions;
  /** The data set's "now": report windows end here. */
  anchor: string;
  load: Omit<LoadSummary, 'applicationIds'> & { applicationIds?: undefined };
  /** Seconds the report roll-ups' refresh took after the load. */
  factsSeconds: number;
  vacuumSeconds: number;
  /** Seconds the first report took: the gateway reading the roll-ups of the whole load into memory. */
  gatewayCatchUpSeconds: number;
  goals: { reportP95Ms: { days30: number; days365: number }; queueP99Ms: number };
  reports: ReportMeasure[];
  queue: QueueMeasure[];
  rawEventChecks: RawEventCheck[];
  memoryChecks: MemoryCheck[];
  plans: QueryPlan[];
}

/** Writes bench/results/reports-<timestamp>.json; returns its path. */
export function writeReportResults(results: ReportBenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const file = join(RESULTS_DIR, `reports-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

const ms = (value: number | undefined): string => (value === undefined ? '—' : value.toFixed(1));

function table(header: string[], rows: string[][], numeric: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The load, the report and queue tables with the goals beside the figures, and the raw-event check. */
export function formatReportTable(results: ReportBenchResults): string {
  const { load } = results;
  const loadLine =
    `Loaded ${load.departments} departments, ${load.services} services, ${load.applications} applications, ` +
    `${load.tasks} tasks (${load.openTasks} open), ${load.events} events in ${load.seconds.toFixed(1)} s ` +
    `(${Math.round(load.rowsPerSecond)} rows/s) after the catalogue in ${load.catalogueSeconds.toFixed(1)} s; report roll-ups refreshed in ${results.factsSeconds.toFixed(1)} s; VACUUM (ANALYZE) ${results.vacuumSeconds.toFixed(1)} s; the gateway's copy of the roll-ups caught up in ${results.gatewayCatchUpSeconds.toFixed(1)} s. Windows end at ${results.anchor}.`;
  const verdict = (value: number | undefined, goal: number | undefined): string => {
    if (goal === undefined || value === undefined) return '';
    return value <= goal ? 'met' : `missed by ${(value - goal).toFixed(0)} ms (×${(value / goal).toFixed(1)})`;
  };
  const reportRows = results.reports.map((m) => [
    m.measure,
    m.as,
    String(m.distribution?.count ?? 0),
    ms(m.distribution?.p50),
    ms(m.distribution?.p95),
    ms(m.distribution?.p99),
    ms(m.distribution?.max),
    m.goalP95Ms === undefined ? '—' : `p95 ≤ ${m.goalP95Ms}`,
    m.timedOut ? 'timed out' : verdict(m.distribution?.p95, m.goalP95Ms),
  ]);
  const queueRows = results.queue.map((m) => [
    m.measure,
    String(m.distribution?.count ?? 0),
    ms(m.distribution?.p50),
    ms(m.distribution?.p95),
    ms(m.distribution?.p99),
    ms(m.distribution?.max),
    `p99 ≤ ${results.goals.queueP99Ms}`,
    verdict(m.distribution?.p99, results.goals.queueP99Ms),
  ]);
  const checks = results.rawEventChecks.map((c) =>
    c.differences.length === 0
      ? `- ${c.departmentCode}, ${c.from} → ${c.to}: identical to the recomputation from raw events (${c.fieldsCompared} fields, ${c.cases} cases)`
      : `- ${c.departmentCode}, ${c.from} → ${c.to}: DIFFERS in ${c.differences.map((d) => d.field).join(', ')}`,
  );
  const memoryChecks = results.memoryChecks.map((c) =>
    c.differences.length === 0
      ? `- ${c.scope}, ${c.from} → ${c.to}: in-memory figures identical to the SQL statements' (${c.rows} rows, ${c.fieldsCompared} fields; in memory ${c.memoryMs.toFixed(0)} ms, SQL ${c.sqlMs.toFixed(0)} ms, after loading the copy in ${(c.loadMs / 1000).toFixed(1)} s)`
      : `- ${c.scope}, ${c.from} → ${c.to}: in memory DIFFERS from SQL in ${c.differences.map((d) => d.field).join(', ')}`,
  );
  const notes = [...results.reports, ...results.queue]
    .filter((m) => ('answer' in m && m.answer) || ('note' in m && m.note))
    .map((m) => `- ${m.measure}: ${'answer' in m ? m.answer : (m as QueueMeasure).note}`);
  return [
    loadLine,
    '',
    table(
      ['report', 'as', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'goal ms', ''],
      reportRows,
      new Set([2, 3, 4, 5, 6]),
    ),
    '',
    table(
      ['queue page', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'goal ms', ''],
      queueRows,
      new Set([1, 2, 3, 4, 5]),
    ),
    '',
    ...checks,
    ...memoryChecks,
    '',
    ...notes,
  ].join('\n');
}
