import type { DataSource } from 'typeorm';
import type { ClockSource } from '../../activities/clock-sources';
import { drainReportRefreshQueue } from '../../libs/persistence/reports/report-facts';

/**
 * Keeps the report roll-ups close behind the event log: every few seconds, rolls up the cases whose
 * log grew (report_refresh_queue). A report also drains what is left before it is computed, so this
 * only keeps that wait short. Several workers may run it at once: each takes entries the others
 * have not locked.
 */
export class ReportRefresher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ClockSource,
    private readonly log?: (line: string) => void,
  ) {}

  async runOnce(): Promise<number> {
    return drainReportRefreshQueue(this.dataSource, await this.clock());
  }

  /** Runs a pass now and then every `intervalSeconds`, never two at once. */
  start(intervalSeconds: number): void {
    const tick = (): void => {
      this.running ??= this.runOnce()
        .catch((error: unknown) => {
          // Left queued: the next pass, or the next report, tries again.
          this.log?.(`report roll-up failed: ${(error as Error).message}`);
          return 0;
        })
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, intervalSeconds * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
