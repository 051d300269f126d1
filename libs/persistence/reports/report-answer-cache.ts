import type { WorkingClock } from '../../domain';

/** Answers kept: a province report over a year is about a megabyte in memory. */
const DEFAULT_CAPACITY = 16;

/**
 * The roll-up figures of recent report windows, kept in memory while the roll-ups stay as they were.
 *
 * A window's figures are a function of the roll-up rows, the working clock (calendar) and the
 * window's bounds and scope only: the statements read no `now()`. Every refresh of the roll-ups
 * adds one to report_rollup_version in its own transaction, so the caller reads the version before
 * and after computing and keeps the answer only when both reads agree: a refresh that committed
 * while the statements ran moves the second read, and one that commits later moves the version
 * away from the key. A calendar correction brings a new clock (the entries of the old one are
 * dropped) and requeues its cases, whose refresh moves the version. So an answer served from here
 * is exactly what recomputing would give; each process keeps its own.
 */
export class ReportAnswerCache<T> {
  private clock: WorkingClock | null = null;
  private version: string | null = null;
  private readonly answers = new Map<string, T>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /**
   * The answer for `key` at `version` with `clock`: kept, or computed by `compute` and kept when
   * `versionNow()` (read after computing) still says `version`.
   */
  async answer(
    key: string,
    clock: WorkingClock,
    version: string,
    compute: () => Promise<T>,
    versionNow: () => Promise<string>,
  ): Promise<T> {
    // Answers of an older version or clock can never be served again.
    if (clock !== this.clock || version !== this.version) {
      this.answers.clear();
      this.clock = clock;
      this.version = version;
    }
    const entry = key;
    const kept = this.answers.get(entry);
    if (kept !== undefined) {
      // Most recently used last: the first entry is the one evicted.
      this.answers.delete(entry);
      this.answers.set(entry, kept);
      return kept;
    }
    const computed = await compute();
    if ((await versionNow()) === version && clock === this.clock && version === this.version) {
      this.answers.set(entry, computed);
      while (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value as string);
    }
    return computed;
  }

  /** How many answers are kept (for tests). */
  get size(): number {
    return this.answers.size;
  }
}
