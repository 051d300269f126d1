/**
 * Runs a background pass now and then every `intervalSeconds`, never two at once: a pass that
 * outlasts the interval makes the next tick a no-op instead of piling up. A failed pass is logged
 * and left to the next tick; `stop()` waits for the pass in flight so shutdown never cuts one off.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    /** Named in the log line of a failed pass, e.g. "report roll-up". */
    private readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly log?: (line: string) => void,
  ) {}

  start(intervalSeconds: number): void {
    const tick = (): void => {
      this.running ??= this.pass()
        .then(() => undefined)
        .catch((error: unknown) => this.log?.(`${this.name} failed: ${(error as Error).message}`))
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
