/**
 * Filing and time to queue: N applications filed with bounded concurrency while the three
 * first-stage departments watch their queues. Measures POST /api/applications and, per
 * application, the time from sending the filing until all three first-stage tasks are visible.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { expectStatus, type FiledApplication } from '../bench.api';
import { distribution, type Measurement } from '../bench.stats';
import {
  FIRST_STAGE,
  filingBody,
  progress,
  runBounded,
  scenarioDeadline,
  stopWatching,
  watchQueues,
  watcherFor,
  type BenchContext,
} from './scenario.context';

export interface FiledCase {
  id: string;
  number: string;
  /** Which demo applicant filed it (index into context.applicants). */
  applicant: number;
  /** performance.now() when the filing was sent. */
  sentAt: number;
  /** First-stage task ids by step key, as seen in the queues. */
  firstStageTasks: Map<string, string>;
}

export async function filingScenario(
  context: BenchContext,
): Promise<{ cases: FiledCase[]; measurements: Measurement[] }> {
  const { options, signal, log, applicants } = context;
  const deadline = scenarioDeadline(options);
  const departments = FIRST_STAGE.map((s) => s.department);
  const watchers = watchQueues(context, departments, deadline);
  const cases: FiledCase[] = [];
  const filingMs: number[] = [];
  try {
    log(`Filing ${options.applications} applications, ${options.concurrency} at a time`);
    const filed = progress(log, 'filed', options.applications);
    const started = performance.now();
    await runBounded(
      Array.from({ length: options.applications }, (_, i) => i),
      options.concurrency,
      deadline,
      signal,
      async (index) => {
        const applicant = index % applicants.length;
        const sentAt = performance.now();
        const response = await applicants[applicant].request<FiledApplication>(
          'POST',
          '/applications',
          filingBody(index),
          { 'idempotency-key': randomUUID() },
        );
        expectStatus(response, [201], `file application ${index + 1}`);
        filingMs.push(response.ms);
        cases.push({
          id: response.body.id,
          number: response.body.number,
          applicant,
          sentAt,
          firstStageTasks: new Map(),
        });
        filed();
      },
    );
    const filingWallMs = performance.now() - started;

    log('Waiting until every first-stage task is in its department queue');
    const queued = progress(log, 'applications fully queued', cases.length);
    const timeToQueueMs: number[] = [];
    let lastQueuedAt = 0;
    await Promise.all(
      cases.map(async (filedCase) => {
        const sightings = await Promise.all(
          FIRST_STAGE.map((step) => watcherFor(watchers, step.department).waitFor(filedCase.id, step.stepKey)),
        );
        FIRST_STAGE.forEach((step, i) => filedCase.firstStageTasks.set(step.stepKey, sightings[i].taskId));
        const visibleAt = Math.max(...sightings.map((s) => s.at));
        lastQueuedAt = Math.max(lastQueuedAt, visibleAt);
        timeToQueueMs.push(visibleAt - filedCase.sentAt);
        queued();
      }),
    );
    const sweeps = distribution(departments.flatMap((d) => watcherFor(watchers, d).sweeps));

    return {
      cases,
      measurements: [
        {
          scenario: 'filing',
          measure: 'POST /api/applications',
          distribution: distribution(filingMs),
          throughput: { perSecond: cases.length / (filingWallMs / 1000), unit: 'filings/s' },
          note: `${options.concurrency} in flight`,
        },
        {
          scenario: 'time to queue',
          measure: 'filing sent → 3 first-stage tasks visible',
          distribution: distribution(timeToQueueMs),
          throughput: { perSecond: cases.length / ((lastQueuedAt - started) / 1000), unit: 'cases queued/s' },
          note:
            `queues swept every ${options.pollMs} ms + sweep time (sweep p50 ${sweeps?.p50.toFixed(1) ?? '?'} ms), ` +
            'so each sighting may be late by up to that much',
        },
      ],
    };
  } finally {
    await stopWatching(watchers);
  }
}
