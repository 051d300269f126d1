/**
 * The reports through HTTP, one request at a time: the bottleneck report and the trend for the whole
 * province and for one department, as the coordinating CIO and as that department's CIO, over a
 * 30-day and a 365-day window ending at the data set's anchor.
 */
import { expectStatus, REQUEST_TIMEOUT_MS, type BenchUser, type TimedResponse } from '../bench.api';
import { distribution, type Distribution } from '../bench.stats';

const DAY_MS = 24 * 3600_000;

export interface ReportMeasure {
  measure: string;
  path: string;
  as: string;
  /** The goal for p95, in ms, where it sets one. */
  goalP95Ms?: number;
  distribution?: Distribution;
  /** Size of the answer, for the notes: rows and ranked bottlenecks, or weeks. */
  answer?: string;
  /** The gateway did not answer within the client's timeout: the measure stopped there. */
  timedOut?: boolean;
  /**
   * The same report over its window shifted k minutes earlier (k = 1, 2, … counted over the whole
   * run): each request asks for a window never asked before, so the gateway computes it instead of
   * reusing a kept answer.
   */
  freshPath?: (k: number) => string;
}

export interface ReportUsers {
  coordinator: BenchUser;
  departmentCio: BenchUser;
}

/** The measures in order. `to` is the anchor; windows end there so every run asks for the same figures. */
export function reportMeasures(departmentCode: string, anchorMs: number): Omit<ReportMeasure, 'distribution'>[] {
  const window = (days: number, shiftMinutes = 0) => {
    const to = anchorMs - shiftMinutes * 60_000;
    return `from=${new Date(to - days * DAY_MS).toISOString()}&to=${new Date(to).toISOString()}`;
  };
  const goal = (days: number) => (days === 30 ? 300 : 1000);
  // The department's measures first: the province's are the slowest, and a request given up on
  // keeps the gateway busy for a while.
  const list: Omit<ReportMeasure, 'distribution'>[] = [];
  for (const days of [30, 365]) {
    list.push(
      {
        measure: `bottlenecks, ${departmentCode}, ${days} days`,
        as: 'coord',
        path: `/reports/bottlenecks?${window(days)}&departmentCode=${departmentCode}`,
        freshPath: (k) => `/reports/bottlenecks?${window(days, k)}&departmentCode=${departmentCode}`,
        goalP95Ms: goal(days),
      },
      {
        measure: `bottlenecks, ${departmentCode} as its CIO, ${days} days`,
        as: `cio.${departmentCode}`,
        path: `/reports/bottlenecks?${window(days)}`,
        freshPath: (k) => `/reports/bottlenecks?${window(days, k)}`,
        goalP95Ms: goal(days),
      },
    );
  }
  list.push(
    {
      measure: `trend, ${departmentCode}, 12 weeks`,
      as: 'coord',
      path: `/reports/trend?weeks=12&departmentCode=${departmentCode}`,
    },
    {
      measure: `trend, ${departmentCode} as its CIO, 12 weeks`,
      as: `cio.${departmentCode}`,
      path: '/reports/trend?weeks=12',
    },
  );
  for (const days of [30, 365]) {
    list.push({
      measure: `bottlenecks, province, ${days} days`,
      as: 'coord',
      path: `/reports/bottlenecks?${window(days)}`,
      freshPath: (k) => `/reports/bottlenecks?${window(days, k)}`,
      goalP95Ms: goal(days),
    });
  }
  list.push(
    { measure: 'trend, province, 12 weeks', as: 'coord', path: '/reports/trend?weeks=12' },
    { measure: 'trend, province, 52 weeks', as: 'coord', path: '/reports/trend?weeks=52' },
  );
  return list;
}

interface ReportBody {
  departments?: unknown[];
  services?: unknown[];
  ranking?: unknown[];
  weeks?: unknown[];
}

export async function measureReports(input: {
  users: ReportUsers;
  departmentCode: string;
  anchorMs: number;
  warmup: number;
  samples: number;
  /** Timed requests over new windows (freshPath) after each bottleneck measure: the computed path. */
  freshSamples: number;
  /** Timed samples stop once a measure has taken this long (after at least one). */
  budgetMs: number;
  log: (line: string) => void;
  signal: AbortSignal;
}): Promise<ReportMeasure[]> {
  const results: ReportMeasure[] = [];
  const runs: {
    spec: Omit<ReportMeasure, 'distribution'>;
    warmup: number;
    samples: number;
    path: (i: number) => string;
  }[] = [];
  // One shift per request over the whole run: two measures with the same scope (the coordinator's
  // `departmentCode=fire` and fire's CIO) never ask for the same new window.
  let shift = 0;
  for (const { freshPath, ...spec } of reportMeasures(input.departmentCode, input.anchorMs)) {
    runs.push({ spec, warmup: input.warmup, samples: input.samples, path: () => spec.path });
    if (freshPath && input.freshSamples > 0) {
      const shifts = Array.from({ length: input.freshSamples }, () => ++shift);
      runs.push({
        spec: { ...spec, measure: `${spec.measure}, new window each time`, path: freshPath(shifts[0]) },
        warmup: 0,
        samples: input.freshSamples,
        path: (i) => freshPath(shifts[i]),
      });
    }
  }
  for (const { spec, warmup, samples: wanted, path } of runs) {
    const user = spec.as === 'coord' ? input.users.coordinator : input.users.departmentCio;
    const samples: number[] = [];
    let answer = '';
    let timedOut = false;
    const started = performance.now();
    for (let i = 0; i < warmup + wanted; i++) {
      input.signal.throwIfAborted();
      if (samples.length > 0 && performance.now() - started > input.budgetMs) break;
      let response: TimedResponse<ReportBody>;
      try {
        response = await user.request<ReportBody>('GET', path(i));
      } catch (error) {
        // Too slow to measure is a finding, not a reason to stop the other measures.
        if (input.signal.aborted || !(error instanceof Error) || error.name !== 'TimeoutError') throw error;
        timedOut = true;
        answer = `no answer within ${REQUEST_TIMEOUT_MS / 1000} s; ${samples.length} timed sample(s) before that`;
        break;
      }
      expectStatus(response, [200], `${spec.measure} (GET ${path(i)} as ${user.username})`);
      if (i >= warmup) samples.push(response.ms);
      const body = response.body;
      answer = body.weeks
        ? `${body.weeks.length} weeks`
        : `${body.departments?.length ?? 0} department rows, ${body.services?.length ?? 0} department × service rows, ${body.ranking?.length ?? 0} ranked`;
    }
    const measured: ReportMeasure = {
      ...spec,
      distribution: distribution(samples),
      answer,
      ...(timedOut ? { timedOut } : {}),
    };
    results.push(measured);
    const figures = measured.distribution
      ? `p50 ${measured.distribution.p50.toFixed(1)} ms, p95 ${measured.distribution.p95.toFixed(1)} ms`
      : 'no figures';
    input.log(`  ${spec.measure}: ${figures} (${answer})`);
  }
  return results;
}
