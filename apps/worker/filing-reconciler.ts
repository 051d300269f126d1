import type { Client } from '@temporalio/client';
import type { ApplicationFilingRepository } from '../../libs/persistence/repositories/application-filing.repository';
import { startApplicationWorkflow } from '../../libs/temporal/application-starter';
import { PeriodicPass } from './periodic-pass';

export interface FilingReconcilerOptions {
  filings: ApplicationFilingRepository;
  client: Client;
  taskQueue: string;
  /** A filing younger than this is left to the gateway that is probably starting it right now. */
  graceSeconds: number;
  batchSize?: number;
  log?: (line: string) => void;
}

/**
 * Makes sure every committed filing gets its workflow. The gateway starts it right after the
 * commit, but a crash or a Temporal outage in between would leave the case filed and never
 * routed; this finds such filings and starts them. Starting is idempotent, so several workers
 * running this at once, or racing a late gateway, start each workflow once.
 */
export class FilingReconciler {
  private readonly periodic: PeriodicPass;

  constructor(private readonly options: FilingReconcilerOptions) {
    this.periodic = new PeriodicPass('filing reconciliation', () => this.runOnce(), options.log);
  }

  /** One pass; returns how many filings had their workflow started. */
  async runOnce(): Promise<number> {
    const { filings, client, taskQueue, graceSeconds, batchSize = 50, log } = this.options;
    const pending = await filings.findUnstarted(graceSeconds, batchSize);
    let started = 0;
    for (const application of pending) {
      try {
        await startApplicationWorkflow(client, taskQueue, application);
        await filings.markWorkflowStarted(application.id);
        started += 1;
        log?.(`started the workflow of ${application.number}, filed ${application.filedAt.toISOString()}`);
      } catch (error) {
        // Left for the next pass (Temporal may be down); the others are still tried.
        log?.(`could not start the workflow of ${application.number}: ${(error as Error).message}`);
      }
    }
    return started;
  }

  /** Runs a pass now and then every `intervalSeconds`; a failed pass is retried by the next one. */
  start(intervalSeconds: number): void {
    this.periodic.start(intervalSeconds);
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
