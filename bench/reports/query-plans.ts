/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements the gateway runs for a report or a queue page. The
 * repositories' own code runs here, in the bench process, against the bench database, on a
 * DataSource whose logger records every statement with its parameters; each distinct SELECT is then
 * run again under EXPLAIN. So the plans are those of the exact SQL the gateway sends, without
 * copying it, and without touching the measured gateway (auto_explain would need server settings
 * this shared Postgres does not have).
 */
import { DataSource, type Logger } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/data-source';

export interface CapturedStatement {
  sql: string;
  parameters: unknown[];
}

export interface QueryPlan {
  /** Which request the statement belongs to. */
  label: string;
  sql: string;
  /** EXPLAIN's text output, one line per plan line. */
  plan: string[];
}

class StatementRecorder implements Logger {
  recording: CapturedStatement[] | null = null;

  logQuery(query: string, parameters?: unknown[]): void {
    if (this.recording && /^\s*(SELECT|WITH)\b/i.test(query)) {
      this.recording.push({ sql: query, parameters: parameters ?? [] });
    }
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export class PlanCapture {
  private constructor(
    readonly dataSource: DataSource,
    private readonly recorder: StatementRecorder,
  ) {}

  static async open(databaseUrl: string): Promise<PlanCapture> {
    const recorder = new StatementRecorder();
    const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, 2), logging: ['query'], logger: recorder });
    await dataSource.initialize();
    return new PlanCapture(dataSource, recorder);
  }

  /** Runs `work` (repository calls on `dataSource`), then EXPLAINs each distinct statement it ran. */
  async explain(label: string, work: () => Promise<unknown>): Promise<QueryPlan[]> {
    const recorded: CapturedStatement[] = [];
    this.recorder.recording = recorded;
    try {
      await work();
    } finally {
      this.recorder.recording = null;
    }
    // A statement sent around TypeORM's logger would be missing here without a word.
    if (recorded.length === 0) throw new Error(`no SELECT was recorded for "${label}"`);
    const seen = new Set<string>();
    const plans: QueryPlan[] = [];
    for (const statement of recorded) {
      if (seen.has(statement.sql)) continue;
      seen.add(statement.sql);
      const rows = await this.dataSource.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.parameters,
      );
      plans.push({ label, sql: statement.sql.replace(/\s+/g, ' ').trim(), plan: rows.map((r) => r['QUERY PLAN']) });
    }
    return plans;
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
  }
}

/** For the console: each plan under its label and a one-line SQL, with the parameters elided. */
export function formatPlans(plans: readonly QueryPlan[]): string {
  return plans
    .map((p) =>
      [`### ${p.label}`, `SQL: ${p.sql.length > 400 ? `${p.sql.slice(0, 400)} …` : p.sql}`, ...p.plan].join('\n'),
    )
    .join('\n\n');
}
