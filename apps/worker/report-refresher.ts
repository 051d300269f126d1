import type { DataSource } from 'typeorm';
import type { ClockSource } from '../../activities/clock-sources';
import { drainReportRefreshQueue, pruneReportRollupChanges } from '../../libs/persistence/reports/report-facts';
import { PeriodicPass } from './periodic-pass';

/**
 * Keeps the report roll-ups close behind the event log: every few seconds, rolls up the cases whose
 * log grew (report_refresh_queue). A report also drains what is left before it is computed, so this
 * only keeps that wait short. Several workers may run it at once: each takes entries the others
 * have not locked. It also prunes the list of cases each refresh changed (report_rollup_changes).
 */
export class ReportRefresher {
  private readonly periodic: PeriodicPass;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ClockSource,
    log?: (line: string) => void,
  ) {
    this.periodic = new PeriodicPass('report roll-up', () => this.runOnce(), log);
  }

  async runOnce(): Promise<number> {
    const refreshed = await drainReportRefreshQueue(this.dataSource, await this.clock());
    await pruneReportRollupChanges(this.dataSource);
    return refreshed;
  }

  /** Runs a pass now and then every `intervalSeconds`; a failed pass leaves its entries queued for the next one (or the next report). */
  start(intervalSeconds: number): void {
    this.periodic.start(intervalSeconds);
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
