/**
 * End-to-end: fresh applications taken from filing to approved, with every officer approving as
 * soon as the task shows up in their queue. The wall time runs from sending the filing until the
 * applicant's GET /api/applications/:id says `approved`, so it includes the time the officers'
 * queues take to show each task (a sweep every --poll-ms), as it would for real officers.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectStatus, type ApplicationDetail, type FiledApplication } from '../bench.api';
import { distribution, type Measurement } from '../bench.stats';
import {
  DEPARTMENTS,
  FIRST_STAGE,
  HEALTH_PERMIT,
  TAX_REGISTRATION,
  claimAndApprove,
  filingBody,
  progress,
  runBounded,
  scenarioDeadline,
  stopWatching,
  watchQueues,
  watcherFor,
  type BenchContext,
  type RouteStep,
} from './scenario.context';

export async function endToEndScenario(context: BenchContext, firstIndex: number): Promise<Measurement[]> {
  const { options, signal, log, applicants, staff } = context;
  if (options.e2e === 0) return [];
  const deadline = scenarioDeadline(options);
  const watchers = watchQueues(context, DEPARTMENTS, deadline);
  const approve = async (applicationId: string, step: RouteStep): Promise<void> => {
    const sighting = await watcherFor(watchers, step.department).waitFor(applicationId, step.stepKey);
    await claimAndApprove(staff[step.department], sighting.taskId);
  };
  try {
    log(`Taking ${options.e2e} applications from filing to approval, ${options.e2eConcurrency} at a time`);
    const approved = progress(log, 'approved', options.e2e);
    const wallMs: number[] = [];
    const started = performance.now();
    await runBounded(
      Array.from({ length: options.e2e }, (_, i) => firstIndex + i),
      options.e2eConcurrency,
      deadline,
      signal,
      async (index) => {
        const applicant = applicants[index % applicants.length];
        const sentAt = performance.now();
        const filed = await applicant.request<FiledApplication>('POST', '/applications', filingBody(index), {
          'idempotency-key': randomUUID(),
        });
        expectStatus(filed, [201], `file application ${index + 1}`);
        const id = filed.body.id;
        await Promise.all(FIRST_STAGE.map((step) => approve(id, step)));
        await approve(id, HEALTH_PERMIT);
        await approve(id, TAX_REGISTRATION);
        wallMs.push((await waitUntilApproved(context, applicant, id, deadline)) - sentAt);
        approved();
      },
    );
    const totalMs = performance.now() - started;
    return [
      {
        scenario: 'end-to-end',
        measure: 'filing sent → status approved (5 steps)',
        distribution: distribution(wallMs),
        throughput: { perSecond: wallMs.length / (totalMs / 1000), unit: 'approvals/s' },
        note: `${options.e2eConcurrency} at a time; officers see tasks through queue sweeps every ${options.pollMs} ms`,
      },
    ];
  } finally {
    await stopWatching(watchers);
  }
}

/** Reads the application as its applicant until it is approved; returns when that answer arrived. */
async function waitUntilApproved(
  context: BenchContext,
  applicant: BenchContext['applicants'][number],
  id: string,
  deadline: number,
): Promise<number> {
  const maxReads = Math.ceil((context.options.phaseTimeoutSeconds * 1000) / context.options.pollMs);
  for (let read = 0; read < maxReads; read += 1) {
    const response = await applicant.request<ApplicationDetail>('GET', `/applications/${id}`);
    expectStatus(response, [200], `GET /applications/${id}`);
    if (response.body.status === 'approved') return response.at;
    if (response.body.status !== 'in_progress') throw new Error(`application ${id} ended ${response.body.status}`);
    if (performance.now() > deadline) break;
    await sleep(context.options.pollMs, undefined, { signal: context.signal });
  }
  throw new Error(`application ${id} was not approved in time (--phase-timeout)`);
}
