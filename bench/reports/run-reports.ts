/**
 * `npm run bench:reports`: loads a province-sized event log into a bench stack (see bench.stack.ts)
 * and measures the bottleneck reports, the trend and the staff queue through the gateway, checks
 * one department's figures against a recomputation from the raw events, prints the EXPLAIN plans
 * of the hot statements, and writes bench/results/reports-<timestamp>.json. The stack (database
 * included) is taken down again on success, failure or Ctrl-C.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { calendarClock, type WorkingClock } from '../../libs/domain';
import { createDataSource } from '../../libs/persistence/data-source';
import { BottleneckReporter } from '../../libs/persistence/reports/bottleneck-reporter';
import { refreshReportFacts } from '../../libs/persistence/reports/report-facts';
import { CalendarRepository } from '../../libs/persistence/repositories/calendar.repository';
import { ReportRepository } from '../../libs/persistence/repositories/report.repository';
import { TaskQueueRepository } from '../../libs/persistence/repositories/task-queue.repository';
import { BenchUser, expectStatus, type TaskPage } from '../bench.api';
import { currentCommit } from '../bench.report';
import { benchMain } from '../bench.runner';
import type { BenchStack } from '../bench.stack';
import type { Distribution } from '../bench.stats';
import { loadProvince, type LoadSummary } from './bulk-loader';
import { fastCalendarClock, sameAnswers } from './memo-clock';
import { PlanCapture, formatPlans, type QueryPlan } from './query-plans';
import { checkMemoryAgainstSql } from './memory-check';
import { compareRows, rowFromRawEvents, RELATIVE_TOLERANCE, type RawEventCheck } from './raw-event-check';
import { measureQueue, queueFilters, type QueueMeasure, type QueueReader } from './queue-measures';
import { measureReports, type ReportMeasure } from './report-measures';
import { parseReportBenchArgs, usage, type ReportBenchOptions } from './reports.options';
import { writeReportResults, formatReportTable, type ReportBenchResults } from './reports.results';
import { buildCatalogue, MEASURED_DEPARTMENT, type SyntheticCatalogue } from './synthetic-catalogue';

const DAY_MS = 24 * 3600_000;
const QUEUE_GOAL_P99_MS = 50;
const log = (line: string): void => void process.stdout.write(`[bench:reports] ${line}\n`);

/** Applications per refreshReportFacts call: one statement set per batch, as the worker's drain does in smaller ones. */
const FACTS_BATCH = 1000;

/**
 * The report roll-ups of every loaded case, from its event log (COPY bypasses appendEvent, which
 * would have queued each case for the worker's refresh).
 */
async function refreshFacts(
  dataSource: DataSource,
  applicationIds: readonly string[],
  clock: WorkingClock,
  signal: AbortSignal,
): Promise<number> {
  const started = performance.now();
  let lastReport = started;
  let next = 0;
  let done = 0;
  // Two batches at a time: one replays its logs in this process while Postgres writes the other's rows.
  const lane = async (): Promise<void> => {
    while (next < applicationIds.length) {
      signal.throwIfAborted();
      const batch = applicationIds.slice(next, next + FACTS_BATCH);
      next += FACTS_BATCH;
      const { unreadable } = await refreshReportFacts(dataSource, batch, clock);
      // The loader writes logs as the app does: one that cannot be replayed is a loader bug.
      if (unreadable.length > 0) throw new Error(`roll-ups could not replay ${JSON.stringify(unreadable.slice(0, 3))}`);
      done += batch.length;
      const now = performance.now();
      if (now - lastReport > 3000 || done === applicationIds.length) {
        lastReport = now;
        log(
          `  report roll-ups: ${done}/${applicationIds.length} applications in ${((now - started) / 1000).toFixed(0)} s`,
        );
      }
    }
  };
  await Promise.all([lane(), lane()]);
  return (performance.now() - started) / 1000;
}

/** Officers for the queue readers: the measured department first, then the other demo ones, then the rest. */
function queueReaders(
  catalogue: SyntheticCatalogue,
  clients: number,
  anchorMs: number,
): { username: string; serviceCode: string }[] {
  const ordered = [
    ...catalogue.departments.filter((d) => d.code === MEASURED_DEPARTMENT),
    ...catalogue.departments.filter((d) => d.code !== MEASURED_DEPARTMENT),
  ].slice(0, clients);
  void anchorMs;
  return ordered.map((d) => ({
    username: `staff.${d.code}`,
    serviceCode:
      catalogue.services.find((s) => s.snapshot.steps.some((step) => step.departmentCode === d.code))?.snapshot
        .serviceCode ?? catalogue.services[0].snapshot.serviceCode,
  }));
}

async function run(stack: BenchStack, options: ReportBenchOptions, signal: AbortSignal) {
  const dataSource = createDataSource(stack.databaseUrl, 4);
  await dataSource.initialize();
  try {
    const calendar = await new CalendarRepository(dataSource).workingDayCalendar();
    const clock = calendarClock(calendar);
    // The data set's "now": the start of this hour, so a rerun within the hour loads identical rows.
    const anchorMs = Math.floor(Date.now() / 3600_000) * 3600_000;
    const drawingClock = fastCalendarClock(calendar);
    sameAnswers(calendar, drawingClock, anchorMs - (options.spanDays + 60) * DAY_MS, anchorMs);

    const catalogue = buildCatalogue({
      seed: options.seed,
      departments: options.departments,
      services: options.services,
      enterprises: options.enterprises,
    });
    log(
      `Loading ${options.applications} applications (about ${options.tasks} tasks) up to ${new Date(anchorMs).toISOString()}`,
    );
    const load = await loadProvince({
      databaseUrl: stack.databaseUrl,
      seed: options.seed,
      catalogue,
      clock: drawingClock,
      anchorMs,
      spanDays: options.spanDays,
      applications: options.applications,
      chunk: options.chunk,
      log,
      signal,
    });
    log(
      `Loaded ${load.applications} applications, ${load.tasks} tasks (${load.openTasks} open, ` +
        `${((100 * load.openTasks) / load.tasks).toFixed(1)} %), ${load.events} events in ${load.seconds.toFixed(1)} s ` +
        `(${Math.round(load.rowsPerSecond)} rows/s)`,
    );
    log(`  tasks by status: ${JSON.stringify(load.tasksByStatus)}`);
    log(`  events by kind: ${JSON.stringify(load.eventsByKind)}`);

    // The clock the cases were drawn with: calendarClock's answers (checked above), without walking the calendar anew each time.
    const factsSeconds = await refreshFacts(dataSource, load.applicationIds, drawingClock, signal);
    log(`Report roll-ups of ${load.applications} applications refreshed in ${factsSeconds.toFixed(1)} s`);
    // As autovacuum would after a bulk load; done now so it does not start in the middle of the measures.
    const vacuumStarted = performance.now();
    await dataSource.query('VACUUM (ANALYZE)');
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    log(`VACUUM (ANALYZE) in ${vacuumSeconds.toFixed(1)} s`);

    const login = (username: string) => BenchUser.login(stack.baseUrl, username, signal);
    const coordinator = await login('coord');
    const departmentCio = await login(`cio.${MEASURED_DEPARTMENT}`);
    // The gateway follows the roll-ups in memory; 200,000 cases rolled up at once are 200,000 cases
    // for it to read. One report first, so that catching up is not measured as the queue's time.
    const catchUpStarted = performance.now();
    const warm = await coordinator.request('GET', `/reports/bottlenecks?to=${new Date(anchorMs).toISOString()}`);
    expectStatus(warm, [200], 'GET /reports/bottlenecks (the gateway catching up with the roll-ups)');
    const gatewayCatchUpSeconds = (performance.now() - catchUpStarted) / 1000;
    log(`The gateway's copy of the roll-ups caught up in ${gatewayCatchUpSeconds.toFixed(1)} s (first report)`);
    const dueBefore = new Date(anchorMs + 3 * DAY_MS);
    const readers: QueueReader[] = [];
    for (const reader of queueReaders(catalogue, options.clients, anchorMs)) {
      readers.push({ officer: await login(reader.username), filters: queueFilters(reader.serviceCode, dueBefore) });
    }

    log(
      `Queue: ${readers.length} officers reading at once, ${options.queueRounds} walks of each filter, up to ${options.queuePages} pages of ${options.pageSize}`,
    );
    const queue = await measureQueue({
      readers,
      pages: options.queuePages,
      pageSize: options.pageSize,
      rounds: options.queueRounds,
      log,
      signal,
    });

    log(`Reports: ${options.warmup} warm-up and ${options.samples} timed requests each, one at a time`);
    const reports = await measureReports({
      users: { coordinator, departmentCio },
      departmentCode: MEASURED_DEPARTMENT,
      anchorMs,
      warmup: options.warmup,
      samples: options.samples,
      freshSamples: options.freshSamples,
      budgetMs: options.measureSeconds * 1000,
      log,
      signal,
    });

    log(`Checking ${MEASURED_DEPARTMENT}'s 30-day figures against a recomputation from the raw events`);
    const check = await checkAgainstRawEvents(dataSource, clock, anchorMs, { coordinator, departmentCio });

    log(
      "Checking the in-memory roll-up figures (the gateway's) against the SQL statements (the weekly snapshot's), whole province",
    );
    const memoryChecks = await checkMemoryAgainstSql(
      dataSource,
      clock,
      [30, 365].map((days) => ({
        label: `province, ${days} days`,
        from: new Date(anchorMs - days * DAY_MS),
        to: new Date(anchorMs),
      })),
      log,
    );

    log('Capturing EXPLAIN (ANALYZE, BUFFERS) of the hot statements');
    const plans = await capturePlans(stack.databaseUrl, clock, anchorMs, readers[0]);
    return {
      anchorMs,
      load,
      factsSeconds,
      vacuumSeconds,
      gatewayCatchUpSeconds,
      queue,
      reports,
      check,
      memoryChecks,
      plans,
    };
  } finally {
    await dataSource.destroy();
  }
}

async function checkAgainstRawEvents(
  dataSource: DataSource,
  clock: WorkingClock,
  anchorMs: number,
  users: { coordinator: BenchUser; departmentCio: BenchUser },
): Promise<RawEventCheck[]> {
  const window = { from: new Date(anchorMs - 30 * DAY_MS), to: new Date(anchorMs) };
  const expected = await rowFromRawEvents(dataSource, clock, window, MEASURED_DEPARTMENT);
  const query = `from=${window.from.toISOString()}&to=${window.to.toISOString()}`;
  const answers: [string, BenchUser, string][] = [
    [`as cio.${MEASURED_DEPARTMENT}`, users.departmentCio, `/reports/bottlenecks?${query}`],
    ['province report as coord', users.coordinator, `/reports/bottlenecks?${query}`],
  ];
  const checks: RawEventCheck[] = [];
  for (const [label, user, path] of answers) {
    const response = await user.request<{ departments: { departmentCode: string }[] }>('GET', path);
    expectStatus(response, [200], `GET ${path} as ${user.username}`);
    const row = response.body.departments.find((d) => d.departmentCode === MEASURED_DEPARTMENT);
    const { compared, differences } = compareRows(row ?? null, expected.row);
    checks.push({
      departmentCode: `${MEASURED_DEPARTMENT} (${label})`,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      cases: expected.cases,
      fieldsCompared: compared,
      differences,
    });
    log(
      differences.length === 0
        ? `  ${label}: identical (${compared} fields, ${expected.cases} cases, relative tolerance ${RELATIVE_TOLERANCE})`
        : `  ${label}: ${differences.length} of ${compared} fields differ: ${JSON.stringify(differences).slice(0, 2000)}`,
    );
  }
  return checks;
}

async function capturePlans(
  databaseUrl: string,
  clock: WorkingClock,
  anchorMs: number,
  reader: QueueReader,
): Promise<QueryPlan[]> {
  const capture = await PlanCapture.open(databaseUrl);
  try {
    const ds = capture.dataSource;
    const reporter = new BottleneckReporter(new ReportRepository(ds), () => Promise.resolve(clock));
    const to = new Date(anchorMs);
    const days = (n: number) => new Date(anchorMs - n * DAY_MS);
    const plans: QueryPlan[] = [];
    plans.push(
      ...(await capture.explain('bottlenecks, province, 30 days', () => reporter.report({ from: days(30), to }))),
    );
    plans.push(
      ...(await capture.explain(`bottlenecks, ${MEASURED_DEPARTMENT}, 365 days`, () =>
        reporter.report({ from: days(365), to, departmentCode: MEASURED_DEPARTMENT }),
      )),
    );
    plans.push(
      ...(await capture.explain(`trend, ${MEASURED_DEPARTMENT}, 12 weeks`, () =>
        reporter.trend({ departmentCode: MEASURED_DEPARTMENT }, 12, to),
      )),
    );
    // The queue: the first page, and a page 20 deep (the cursor taken from a walk through HTTP).
    const tasks = new TaskQueueRepository(ds);
    const base = { departmentCode: MEASURED_DEPARTMENT, staffGroups: [] as string[], limit: 50 };
    plans.push(
      ...(await capture.explain('GET /api/tasks?status=pending, first page', () =>
        tasks.list({ ...base, statuses: ['pending'] }),
      )),
    );
    let cursor: string | null = null;
    for (let page = 0; page < 19; page++) {
      const response: { body: TaskPage } = await reader.officer.request<TaskPage>(
        'GET',
        `/tasks?status=completed&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      );
      cursor = response.body.nextCursor;
      if (!cursor) break;
    }
    if (cursor) {
      const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
      plans.push(
        ...(await capture.explain('GET /api/tasks?status=completed, page 20', () =>
          tasks.list({ ...base, statuses: ['completed'], after: { at, id } }),
        )),
      );
    }
    return plans;
  } finally {
    await capture.close();
  }
}

benchMain<ReportBenchOptions>({
  tag: '[bench:reports]',
  log,
  parse: parseReportBenchArgs,
  usage,
  async measure(stack, { options, signal, startedAt, machine }) {
    const outcome = await run(stack, options, signal);
    const { load } = outcome;
    const results: ReportBenchResults = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      commit: currentCommit(),
      machine,
      options,
      anchor: new Date(outcome.anchorMs).toISOString(),
      load: { ...load, applicationIds: undefined },
      factsSeconds: outcome.factsSeconds,
      vacuumSeconds: outcome.vacuumSeconds,
      gatewayCatchUpSeconds: outcome.gatewayCatchUpSeconds,
      goals: { reportP95Ms: { days30: 300, days365: 1000 }, queueP99Ms: QUEUE_GOAL_P99_MS },
      reports: outcome.reports,
      queue: outcome.queue,
      rawEventChecks: outcome.check,
      memoryChecks: outcome.memoryChecks,
      plans: outcome.plans,
    };
    const file = writeReportResults(results);
    console.log(
      [
        '',
        formatPlans(outcome.plans),
        '',
        `Results — ${results.startedAt}, commit ${results.commit.id}${results.commit.dirty ? ' (uncommitted changes)' : ''}, ` +
          `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverageAtStart} at start`,
        '',
        formatReportTable(results),
        '',
        `Written to ${file}`,
        '',
      ].join('\n'),
    );
    if (outcome.check.some((c) => c.differences.length > 0)) {
      console.error('[bench:reports] Failed: the report differs from the recomputation from raw events (see above)');
      return 1;
    }
    if (outcome.memoryChecks.some((c) => c.differences.length > 0)) {
      console.error(
        "[bench:reports] Failed: the in-memory roll-up figures differ from the SQL statements' (see above)",
      );
      return 1;
    }
    return 0;
  },
});

export type { Distribution, LoadSummary, QueueMeasure, ReportMeasure };
