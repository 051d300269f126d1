/**
 * Watches one department's queue the way an officer's screen would: sweeps every page of
 * GET /api/tasks?status=pending, pauses, sweeps again, and remembers when each task was first
 * seen. "Seen" is when the page holding it arrived, so a sighting is late by up to one sweep plus
 * the pause; the sweep durations are kept so the report can say how coarse that is.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectStatus, type BenchUser, type TaskPage } from './bench.api';

const PAGE_LIMIT = 100;
/** 100 pages of 100: far more pending tasks than any run files; a bound, not an expectation. */
const MAX_PAGES_PER_SWEEP = 100;

export interface Sighting {
  taskId: string;
  /** performance.now() when the page holding the task arrived. */
  at: number;
}

interface Waiter {
  resolve(sighting: Sighting): void;
  reject(error: unknown): void;
}

export class QueueWatcher {
  private readonly seen = new Map<string, Sighting>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly sweepMs: number[] = [];
  private failure: unknown;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    readonly officer: BenchUser,
    private readonly pollMs: number,
  ) {}

  /** Sweeps until stop(), the signal, or the deadline (performance.now() scale). */
  start(signal: AbortSignal, deadline: number): this {
    this.loop = this.run(signal, deadline).catch((error: unknown) => this.fail(error));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.fail(new Error(`stopped watching ${this.officer.username}'s queue`));
  }

  sighting(applicationId: string, stepKey: string): Sighting | undefined {
    return this.seen.get(key(applicationId, stepKey));
  }

  /** Durations of the sweeps so far, in ms. */
  get sweeps(): readonly number[] {
    return this.sweepMs;
  }

  waitFor(applicationId: string, stepKey: string): Promise<Sighting> {
    const k = key(applicationId, stepKey);
    const known = this.seen.get(k);
    if (known) return Promise.resolve(known);
    if (this.failure !== undefined) return Promise.reject(asError(this.failure));
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(k) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(k, list);
    });
  }

  private async run(signal: AbortSignal, deadline: number): Promise<void> {
    // Every sweep is followed by a pause of pollMs, so this many cannot fit before the deadline.
    const maxSweeps = Math.ceil((deadline - performance.now()) / this.pollMs) + 1;
    for (let sweep = 0; sweep < maxSweeps && !this.stopped; sweep += 1) {
      signal.throwIfAborted();
      if (performance.now() > deadline) {
        throw new Error(`gave up watching ${this.officer.username}'s queue: the scenario ran out of time`);
      }
      const started = performance.now();
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES_PER_SWEEP; page += 1) {
        const query: string = `/tasks?status=pending&limit=${PAGE_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await this.officer.request<TaskPage>('GET', query);
        expectStatus(response, [200], `GET ${query} as ${this.officer.username}`);
        for (const task of response.body.items) this.record(task.applicationId, task.stepKey, task.id, response.at);
        cursor = response.body.nextCursor;
        if (!cursor) break;
      }
      this.sweepMs.push(performance.now() - started);
      await sleep(this.pollMs, undefined, { signal });
    }
    if (!this.stopped) throw new Error(`gave up watching ${this.officer.username}'s queue: too many sweeps`);
  }

  private record(applicationId: string, stepKey: string, taskId: string, at: number): void {
    const k = key(applicationId, stepKey);
    if (this.seen.has(k)) return;
    const sighting = { taskId, at };
    this.seen.set(k, sighting);
    for (const waiter of this.waiters.get(k) ?? []) waiter.resolve(sighting);
    this.waiters.delete(k);
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const list of this.waiters.values()) for (const waiter of list) waiter.reject(asError(this.failure));
    this.waiters.clear();
  }
}

const key = (applicationId: string, stepKey: string): string => `${applicationId}/${stepKey}`;
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
