import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchOptions } from './bench.options';
import type { Measurement } from './bench.stats';

/** Compiled to dist/bench; the repository root is two levels up. */
const REPO_ROOT = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  commit: { id: string; dirty: boolean };
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    /** 1-minute load average when the run started: anything else busy on the machine skews the figures. */
    loadAverageAtStart: number;
  };
  options: BenchOptions;
  stack: { temporal: string; postgres: string; worker: number; gateway: number };
  /** How the percentiles are computed and what the units are. */
  method: string;
  measurements: Measurement[];
}

export function describeMachine(): BenchResults['machine'] {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverageAtStart: Math.round(loadavg()[0] * 100) / 100,
  };
}

export function currentCommit(): BenchResults['commit'] {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return {
      id: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    };
  } catch {
    return { id: 'unknown', dirty: false };
  }
}

/** Writes bench/results/<timestamp>.json; returns its path. */
export function writeResults(results: BenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

const ms = (value: number | undefined): string => (value === undefined ? '—' : value.toFixed(1));

/** The results as a Markdown table (readable in a terminal, pastable into bench/README.md). */
export function formatTable(measurements: readonly Measurement[]): string {
  const header = ['scenario', 'measure', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'throughput'];
  const rows = measurements.map((m) => [
    m.scenario,
    m.measure,
    String(m.distribution?.count ?? 0),
    ms(m.distribution?.p50),
    ms(m.distribution?.p90),
    ms(m.distribution?.p99),
    ms(m.distribution?.max),
    m.throughput ? `${m.throughput.perSecond.toFixed(1)} ${m.throughput.unit}` : '',
  ]);
  const numeric = new Set([2, 3, 4, 5, 6]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  const notes = measurements
    .filter((m) => m.note)
    .map((m) => `- ${m.scenario} / ${m.measure}: ${m.note}`)
    .join('\n');
  return [line(header), rule, ...rows.map(line), '', notes].join('\n');
}
