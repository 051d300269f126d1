/**
 * Decision round trip: every first-stage task is claimed and approved by its department's officer
 * (bounded concurrency, application by application), measuring claim and decision separately and
 * together. The health department watches its queue meanwhile, to measure how long after an
 * application's last first-stage approval its health-permit task becomes visible.
 */
import { performance } from 'node:perf_hooks';
import { distribution, type Measurement } from '../bench.stats';
import type { FiledCase } from './filing.scenario';
import {
  FIRST_STAGE,
  HEALTH_PERMIT,
  claimAndApprove,
  progress,
  runBounded,
  scenarioDeadline,
  stopWatching,
  watchQueues,
  watcherFor,
  type BenchContext,
} from './scenario.context';

export async function decisionScenario(context: BenchContext, cases: readonly FiledCase[]): Promise<Measurement[]> {
  const { options, signal, log, staff } = context;
  const deadline = scenarioDeadline(options);
  const watchers = watchQueues(context, [HEALTH_PERMIT.department], deadline);
  const health = watcherFor(watchers, HEALTH_PERMIT.department);
  try {
    const work = cases.flatMap((filedCase) =>
      FIRST_STAGE.map((step) => {
        const taskId = filedCase.firstStageTasks.get(step.stepKey);
        if (!taskId) throw new Error(`no ${step.stepKey} task known for ${filedCase.number}`);
        return { filedCase, step, taskId };
      }),
    );
    const claimMs: number[] = [];
    const decisionMs: number[] = [];
    const roundTripMs: number[] = [];
    const remaining = new Map(cases.map((c) => [c.id, FIRST_STAGE.length]));
    const lastApprovalAt = new Map<string, number>();

    log(`Claiming and approving ${work.length} first-stage tasks, ${options.concurrency} at a time`);
    const decided = progress(log, 'approved', work.length);
    const started = performance.now();
    await runBounded(work, options.concurrency, deadline, signal, async ({ filedCase, step, taskId }) => {
      const timing = await claimAndApprove(staff[step.department], taskId);
      claimMs.push(timing.claimMs);
      decisionMs.push(timing.decisionMs);
      roundTripMs.push(timing.roundTripMs);
      const left = (remaining.get(filedCase.id) ?? 0) - 1;
      remaining.set(filedCase.id, left);
      lastApprovalAt.set(filedCase.id, Math.max(lastApprovalAt.get(filedCase.id) ?? 0, timing.decidedAt));
      if (left === 0 && timing.result.applicationStatus !== 'in_progress') {
        throw new Error(`${filedCase.number} is ${timing.result.applicationStatus} after the first stage`);
      }
      decided();
    });
    const wallMs = performance.now() - started;

    log('Waiting for every health-permit task in the health queue');
    const appeared = progress(log, 'health-permit tasks visible', cases.length);
    const healthDelayMs: number[] = [];
    let alreadyVisible = 0;
    await Promise.all(
      cases.map(async (filedCase) => {
        const sighting = await health.waitFor(filedCase.id, HEALTH_PERMIT.stepKey);
        const delay = sighting.at - (lastApprovalAt.get(filedCase.id) ?? Number.NaN);
        // Seen before the approval's answer arrived: the task was already there for the officer.
        if (delay <= 0) alreadyVisible += 1;
        healthDelayMs.push(Math.max(0, delay));
        appeared();
      }),
    );
    const sweeps = distribution(health.sweeps);

    return [
      {
        scenario: 'decision',
        measure: 'POST /api/tasks/:id/claim',
        distribution: distribution(claimMs),
      },
      {
        scenario: 'decision',
        measure: 'POST /api/tasks/:id/decision (approve)',
        distribution: distribution(decisionMs),
      },
      {
        scenario: 'decision',
        measure: 'claim + decision round trip',
        distribution: distribution(roundTripMs),
        throughput: { perSecond: work.length / (wallMs / 1000), unit: 'decisions/s' },
        note: `${options.concurrency} in flight`,
      },
      {
        scenario: 'decision',
        measure: 'last first-stage approval → health-permit visible',
        distribution: distribution(healthDelayMs),
        note:
          `health queue swept every ${options.pollMs} ms + sweep time (sweep p50 ${sweeps?.p50.toFixed(1) ?? '?'} ms); ` +
          `${alreadyVisible} of ${cases.length} already visible when the approval answered (counted as 0)`,
      },
    ];
  } finally {
    await stopWatching(watchers);
  }
}
