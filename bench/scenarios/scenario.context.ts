import { performance } from 'node:perf_hooks';
import type { BenchOptions } from '../bench.options';
import { expectStatus, type BenchUser, type DecisionResult, type TimedResponse } from '../bench.api';
import { QueueWatcher } from '../queue.watcher';

export const DEPARTMENTS = ['market', 'fire', 'environment', 'health', 'tax'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface RouteStep {
  stepKey: string;
  department: Department;
}

/** restaurant-opening (see libs/persistence/seed/demo-data.ts): three in parallel, then two in sequence. */
export const FIRST_STAGE: readonly RouteStep[] = [
  { stepKey: 'business-licence', department: 'market' },
  { stepKey: 'fire-safety', department: 'fire' },
  { stepKey: 'environment-review', department: 'environment' },
];
export const HEALTH_PERMIT: RouteStep = { stepKey: 'health-permit', department: 'health' };
export const TAX_REGISTRATION: RouteStep = { stepKey: 'tax-registration', department: 'tax' };

export interface BenchContext {
  options: BenchOptions;
  signal: AbortSignal;
  log: (line: string) => void;
  applicants: readonly BenchUser[];
  staff: Readonly<Record<Department, BenchUser>>;
}

export function filingBody(index: number): unknown {
  return {
    serviceCode: 'restaurant-opening',
    // Over 150 m², so the environment review applies and the first stage has three departments.
    form: {
      shop_name: `基准测试小馆 ${index + 1}`,
      seating_area_m2: 160 + (index % 50),
      serves_alcohol: index % 2 === 0,
      employees: 5 + (index % 20),
    },
    materials: [
      { code: 'articles-of-association', content: '公司章程 (benchmark)' },
      { code: 'floor-plan', content: '消防平面图 (benchmark)' },
    ],
  };
}

export interface DecisionTiming {
  claimMs: number;
  decisionMs: number;
  /** From sending the claim to having the decision's answer. */
  roundTripMs: number;
  /** performance.now() when the decision's answer arrived. */
  decidedAt: number;
  result: DecisionResult;
}

/** What an officer does with a task in their queue: claim it, then approve it. */
export async function claimAndApprove(officer: BenchUser, taskId: string): Promise<DecisionTiming> {
  const claim = await officer.request('POST', `/tasks/${taskId}/claim`);
  expectStatus(claim, [200], `claim ${taskId} as ${officer.username}`);
  const decision: TimedResponse<DecisionResult> = await officer.request<DecisionResult>(
    'POST',
    `/tasks/${taskId}/decision`,
    { outcome: 'approve', opinion: '材料齐全，同意 (benchmark)' },
  );
  expectStatus(decision, [200], `approve ${taskId} as ${officer.username}`);
  if (decision.body.stepStatus !== 'approved') {
    throw new Error(`approve ${taskId}: step is ${decision.body.stepStatus}, expected approved`);
  }
  return {
    claimMs: claim.ms,
    decisionMs: decision.ms,
    roundTripMs: claim.ms + decision.ms,
    decidedAt: decision.at,
    result: decision.body,
  };
}

/** performance.now() at which a scenario started now must be finished. */
export function scenarioDeadline(options: BenchOptions): number {
  return performance.now() + options.phaseTimeoutSeconds * 1000;
}

export function watchQueues(
  context: BenchContext,
  departments: readonly Department[],
  deadline: number,
): Record<Department, QueueWatcher | undefined> {
  const watchers = {} as Record<Department, QueueWatcher | undefined>;
  for (const department of departments) {
    watchers[department] = new QueueWatcher(context.staff[department], context.options.pollMs).start(
      context.signal,
      deadline,
    );
  }
  return watchers;
}

export async function stopWatching(watchers: Record<Department, QueueWatcher | undefined>): Promise<void> {
  await Promise.all(
    Object.values(watchers)
      .filter((watcher) => watcher !== undefined)
      .map((watcher) => watcher.stop()),
  );
}

export function watcherFor(
  watchers: Record<Department, QueueWatcher | undefined>,
  department: Department,
): QueueWatcher {
  const watcher = watchers[department];
  if (!watcher) throw new Error(`no watcher on the ${department} queue`);
  return watcher;
}

/**
 * Runs `work` for every item with at most `concurrency` in flight. The first failure stops new
 * items from starting and is rethrown once the ones in flight have settled.
 */
export async function runBounded<T>(
  items: readonly T[],
  concurrency: number,
  deadline: number,
  signal: AbortSignal,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        signal.throwIfAborted();
        if (performance.now() > deadline) throw new Error('the scenario ran out of time (--phase-timeout)');
        await work(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure) throw failure.error;
}

/** Progress lines at most every two seconds, and one when done. */
export function progress(log: (line: string) => void, label: string, total: number): () => void {
  let done = 0;
  let lastPrinted = performance.now();
  return () => {
    done += 1;
    const now = performance.now();
    if (done === total || now - lastPrinted >= 2000) {
      lastPrinted = now;
      log(`  ${label}: ${done}/${total}`);
    }
  };
}
