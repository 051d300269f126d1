/**
 * Queue read latency: staff.market walks its whole open queue page by page with the cursor, the
 * way an officer scrolls, repeatedly. Runs after filing and before any decision, so the queue is
 * at its largest (one business-licence task per filed application) and nothing else is going on.
 */
import { performance } from 'node:perf_hooks';
import { expectStatus, type TaskPage } from '../bench.api';
import { distribution, type Measurement } from '../bench.stats';
import { progress, scenarioDeadline, type BenchContext } from './scenario.context';

export async function queueReadScenario(context: BenchContext, expectedTasks: number): Promise<Measurement[]> {
  const { options, signal, log, staff } = context;
  const deadline = scenarioDeadline(options);
  const officer = staff.market;
  // A bound on pages per walk well above what the queue can hold, so a cursor bug cannot loop forever.
  const maxPages = Math.ceil(expectedTasks / options.pageSize) + 10;
  const pageMs: number[] = [];
  // By position in the walk: keyset pagination should make the last page cost what the first does.
  const firstPageMs: number[] = [];
  const lastPageMs: number[] = [];
  const walkMs: number[] = [];
  const seenPerWalk = new Set<number>();
  log(`Walking staff.market's queue (${expectedTasks} tasks, limit=${options.pageSize}) ${options.queueWalks} times`);
  const walked = progress(log, 'walks', options.queueWalks);
  const started = performance.now();
  for (let walk = 0; walk < options.queueWalks; walk += 1) {
    signal.throwIfAborted();
    if (performance.now() > deadline) throw new Error('the queue read scenario ran out of time (--phase-timeout)');
    const walkStarted = performance.now();
    let cursor: string | null = null;
    let seen = 0;
    for (let page = 0; page < maxPages; page += 1) {
      const query: string = `/tasks?limit=${options.pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await officer.request<TaskPage>('GET', query);
      expectStatus(response, [200], `GET ${query} as staff.market`);
      pageMs.push(response.ms);
      if (page === 0) firstPageMs.push(response.ms);
      seen += response.body.items.length;
      cursor = response.body.nextCursor;
      if (!cursor) lastPageMs.push(response.ms);
      if (!cursor) break;
    }
    if (cursor) throw new Error(`staff.market's queue had more than ${maxPages} pages; the cursor does not end`);
    walkMs.push(performance.now() - walkStarted);
    seenPerWalk.add(seen);
    walked();
  }
  const wallMs = performance.now() - started;
  const pages = Math.ceil(expectedTasks / options.pageSize);
  const counts = [...seenPerWalk].join(', ');
  if (counts !== String(expectedTasks)) {
    throw new Error(`each walk should see the ${expectedTasks} filed tasks, saw ${counts}`);
  }
  return [
    {
      scenario: 'queue read',
      measure: `GET /api/tasks?limit=${options.pageSize} (one page)`,
      distribution: distribution(pageMs),
      throughput: { perSecond: pageMs.length / (wallMs / 1000), unit: 'pages/s' },
      note:
        `queue of ${expectedTasks} open tasks, one reader; p50 of the first page ` +
        `${distribution(firstPageMs)?.p50.toFixed(1)} ms, of the last ${distribution(lastPageMs)?.p50.toFixed(1)} ms`,
    },
    {
      scenario: 'queue read',
      measure: `whole queue (${pages} page${pages === 1 ? '' : 's'})`,
      distribution: distribution(walkMs),
      throughput: { perSecond: walkMs.length / (wallMs / 1000), unit: 'walks/s' },
    },
  ];
}
