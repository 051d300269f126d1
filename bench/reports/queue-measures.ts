/**
 * The staff queue under load: `clients` officers of as many departments read their queues at once,
 * each walking every filter below page by page with nextCursor, `rounds` times (the first walk of
 * each warms up and is not counted). First pages and deeper pages are reported apart.
 */
import { expectStatus, type BenchUser, type TaskPage, type TimedResponse } from '../bench.api';
import { distribution, type Distribution } from '../bench.stats';

export interface QueueFilter {
  name: string;
  /** Query string without cursor and limit. */
  query: string;
}

export interface QueueMeasure {
  measure: string;
  distribution?: Distribution;
  note?: string;
}

/** What each officer reads: the filters of the workbench, with a service and a due date of theirs. */
export function queueFilters(serviceCode: string, dueBefore: Date): QueueFilter[] {
  return [
    { name: 'status=pending', query: 'status=pending' },
    { name: 'status=open (default tab)', query: 'status=open' },
    { name: 'status=open&serviceCode', query: `status=open&serviceCode=${serviceCode}` },
    { name: 'status=open&dueBefore', query: `status=open&dueBefore=${dueBefore.toISOString()}` },
    { name: 'status=completed (done tab, deep)', query: 'status=completed' },
  ];
}

export interface QueueReader {
  officer: BenchUser;
  filters: QueueFilter[];
}

export async function measureQueue(input: {
  readers: readonly QueueReader[];
  pages: number;
  pageSize: number;
  rounds: number;
  log: (line: string) => void;
  signal: AbortSignal;
}): Promise<QueueMeasure[]> {
  const first = new Map<string, number[]>();
  const deep = new Map<string, number[]>();
  const deepest = new Map<string, number>();
  const all: number[] = [];
  const started = performance.now();
  let requests = 0;
  const read = async (reader: QueueReader): Promise<void> => {
    for (let round = 0; round < input.rounds; round++) {
      for (const filter of reader.filters) {
        let cursor: string | null = null;
        for (let page = 0; page < input.pages; page++) {
          input.signal.throwIfAborted();
          const path: string = `/tasks?${filter.query}&limit=${input.pageSize}${cursor ? `&cursor=${cursor}` : ''}`;
          const response: TimedResponse<TaskPage> = await reader.officer.request<TaskPage>('GET', path);
          expectStatus(response, [200], `GET ${path} as ${reader.officer.username}`);
          requests++;
          if (round > 0) {
            const bucket = page === 0 ? first : deep;
            const list = bucket.get(filter.name) ?? [];
            list.push(response.ms);
            bucket.set(filter.name, list);
            all.push(response.ms);
            deepest.set(filter.name, Math.max(deepest.get(filter.name) ?? 0, page + 1));
          }
          cursor = response.body.nextCursor;
          if (!cursor) break;
        }
      }
    }
  };
  await Promise.all(input.readers.map(read));
  const seconds = (performance.now() - started) / 1000;
  input.log(`  ${requests} queue pages in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)} pages/s)`);

  const results: QueueMeasure[] = [
    {
      measure: `GET /api/tasks, every page, ${input.readers.length} concurrent readers`,
      distribution: distribution(all),
      note: `${(requests / seconds).toFixed(0)} pages/s overall (warm-up walks included)`,
    },
  ];
  for (const filter of input.readers[0]?.filters ?? []) {
    results.push({ measure: `${filter.name}: first page`, distribution: distribution(first.get(filter.name) ?? []) });
    const deeper = deep.get(filter.name) ?? [];
    if (deeper.length > 0) {
      results.push({
        measure: `${filter.name}: pages 2–${deepest.get(filter.name)}`,
        distribution: distribution(deeper),
      });
    }
  }
  return results;
}
