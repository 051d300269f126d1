import { randomUUID } from 'node:crypto';
import { CalendarRepository } from '../../libs/persistence/repositories/calendar.repository';
import { windowMetricsFromCases, type ReportCase } from '../../libs/domain';
import { appendEvent } from '../../libs/persistence/read-model/event-log';
import {
  drainReportRefreshQueue,
  loadReportCases,
  refreshReportFacts,
} from '../../libs/persistence/reports/report-facts';
import { rollupDepartmentTrend, rollupWindowMetrics } from '../../libs/persistence/reports/report-rollups.sql';
import { ReportRepository } from '../../libs/persistence/repositories/report.repository';
import { ReportRollupMirror } from '../../libs/persistence/reports/rollup-mirror';
import { caseA, caseB, clock, route, T } from '../support/report-cases';
import { WorkflowHarness } from '../support/workflow-harness';

/**
 * The SQL roll-ups against the in-memory replay, on the two hand-worked cases of the unit tests
 * (whose every figure test/unit/report-metrics.test.ts checks by hand): stored through the event
 * log as the app stores them, then reported over many windows, with and without a department or
 * service. The two must be equal, not close: same percentiles, same arithmetic. The gateway's
 * in-memory copy of the roll-ups (ReportRollupMirror, rollup-memory.ts) must give the same too.
 */
describe('report roll-ups', () => {
  const harness = new WorkflowHarness();
  let cases: ReportCase[];
  let serviceCode: string;
  /** Reports from the in-memory copy, as the gateway computes them. */
  let inMemory: ReportRepository;

  /** Appends a case's log as the app does (appendEvent queues the roll-up), under a fresh application. */
  async function store(template: ReportCase, version: Awaited<ReturnType<WorkflowHarness['publish']>>) {
    const { id } = await harness.recordFiling(version);
    // recordFiling logs a filing of its own at the real time: the replay must see the same log.
    await harness.dataSource.query(`DELETE FROM application_events WHERE application_id = $1`, [id]);
    await harness.dataSource.transaction(async (manager) => {
      for (const event of template.events) {
        await appendEvent(manager, {
          applicationId: id,
          kind: event.kind,
          ...(event.stepKey ? { stepKey: event.stepKey } : {}),
          ...(event.round !== undefined && event.round !== null ? { round: event.round } : {}),
          at: new Date(event.at),
          data: event.data ?? {},
          dedupeKey: randomUUID(),
        });
      }
    });
    return { ...template, applicationId: id, serviceCode: version.serviceCode };
  }

  beforeAll(async () => {
    await harness.start();
    const version = await harness.publish(route.map((step) => ({ ...step })));
    serviceCode = version.serviceCode;
    cases = [await store(caseA, version), await store(caseB, version)];
    const queued = await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM report_refresh_queue WHERE application_id = ANY($1::uuid[])`,
      [cases.map((c) => c.applicationId)],
    );
    expect(queued[0].n).toBe(2);
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    inMemory = new ReportRepository(harness.dataSource, { mirror: new ReportRollupMirror(harness.dataSource) });
  });
  afterAll(() => harness.stop());

  const windows: { from: Date; to: Date }[] = [];
  for (let start = -10; start <= 180; start += 7) {
    for (const width of [5, 24, 31, 96, 400]) windows.push({ from: T(start), to: T(start + width) });
  }

  test('every window, whole and per department, gives exactly the replay’s figures', async () => {
    let nonEmpty = 0;
    for (const window of windows) {
      for (const departmentCode of [undefined, 'FIRE', 'ENV', 'MKT']) {
        const filter = { ...window, serviceCode, ...(departmentCode ? { departmentCode } : {}) };
        const fromRollups = await rollupWindowMetrics(harness.dataSource, filter, clock);
        const fromReplay = windowMetricsFromCases(cases, clock, filter);
        expect({ window: filter, ...fromRollups }).toEqual({ window: filter, ...fromReplay });
        expect({ window: filter, ...(await inMemory.rollupMetrics(filter, clock)) }).toEqual({
          window: filter,
          ...fromReplay,
        });
        if (fromReplay.departments.length > 0) nonEmpty += 1;
      }
    }
    // The windows do cover the cases (an all-empty comparison would prove nothing).
    expect(nonEmpty).toBeGreaterThan(windows.length);
  });

  test('the trend’s windows in one pass give each window’s department rows as the replay does', async () => {
    // Consecutive windows of several widths (a last one cut short, an empty one), whole and per department.
    const frames = [
      [-30, -10, 10, 34, 58, 120, 130, 170, 172, 200, 420],
      [0, 8, 8, 32, 100],
      [-5, 400],
    ].map((hours) => hours.map(T));
    let nonEmpty = 0;
    for (const bounds of frames) {
      for (const departmentCode of [undefined, 'FIRE', 'ENV', 'MKT', 'ADMIN']) {
        const scope = { serviceCode, ...(departmentCode ? { departmentCode } : {}) };
        const trend = await rollupDepartmentTrend(harness.dataSource, scope, bounds, clock);
        expect(trend).toHaveLength(bounds.length - 1);
        expect(await inMemory.rollupTrend(scope, bounds, clock)).toEqual(trend);
        trend.forEach((fromRollups, i) => {
          const filter = { ...scope, from: bounds[i], to: bounds[i + 1] };
          const replay = windowMetricsFromCases(cases, clock, filter);
          expect({ window: filter, ...fromRollups }).toEqual({
            window: filter,
            departments: replay.departments,
            departmentPaths: replay.departmentPaths,
            services: [],
            servicePaths: [],
            steps: [],
          });
          if (replay.departments.length > 0) nonEmpty += 1;
        });
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  test('a trend’s bounds must not go backwards', async () => {
    await expect(rollupDepartmentTrend(harness.dataSource, {}, [T(10), T(5)], clock)).rejects.toThrow(RangeError);
    await expect(rollupDepartmentTrend(harness.dataSource, {}, [T(10)], clock)).rejects.toThrow(RangeError);
    await expect(inMemory.rollupTrend({}, [T(10), T(5)], clock)).rejects.toThrow(RangeError);
  });

  test('a refresh replaces a case’s rows: the roll-ups follow a log that grew', async () => {
    const [a] = cases;
    const before = await rollupWindowMetrics(harness.dataSource, { from: T(0), to: T(400), serviceCode }, clock);
    await harness.dataSource.transaction(async (manager) => {
      await appendEvent(manager, {
        applicationId: a.applicationId,
        kind: 'urged',
        stepKey: 'sign',
        round: 1,
        at: T(171),
        data: { message: 'again' },
        dedupeKey: randomUUID(),
      });
    });
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    const after = await rollupWindowMetrics(harness.dataSource, { from: T(0), to: T(400), serviceCode }, clock);
    const urgesOf = (metrics: typeof before) =>
      metrics.departments.find((row) => row.departmentCode === 'ADMIN')?.urges ?? 0;
    expect(urgesOf(after)).toBe(urgesOf(before) + 1);
    // The in-memory copy reads the refreshed case again (and only changed cases).
    expect(await inMemory.rollupMetrics({ from: T(0), to: T(400), serviceCode }, clock)).toEqual(after);
    // Refreshing again changes nothing (the rows are replaced, not added).
    await refreshReportFacts(harness.dataSource, [a.applicationId], clock);
    expect(await rollupWindowMetrics(harness.dataSource, { from: T(0), to: T(400), serviceCode }, clock)).toEqual(
      after,
    );
  });

  test('a report answer kept in memory is served only while the roll-ups stay as they were', async () => {
    const [a] = cases;
    const reports = new ReportRepository(harness.dataSource);
    const filter = { from: T(0), to: T(400), serviceCode };
    const first = await reports.windowMetrics(filter, clock);
    expect(first).toEqual(await rollupWindowMetrics(harness.dataSource, filter, clock));
    // Asked again with nothing changed: the kept answer itself.
    expect(await reports.windowMetrics(filter, clock)).toBe(first);
    // Another window or scope is its own answer.
    const fire = await reports.windowMetrics({ ...filter, departmentCode: 'FIRE' }, clock);
    expect(fire).toEqual(await rollupWindowMetrics(harness.dataSource, { ...filter, departmentCode: 'FIRE' }, clock));
    expect(fire).not.toEqual(first);

    // A new event: the report drains it, the version moves, the answer is computed anew.
    await harness.dataSource.transaction(async (manager) => {
      await appendEvent(manager, {
        applicationId: a.applicationId,
        kind: 'urged',
        stepKey: 'sign',
        round: 1,
        at: T(172),
        data: { message: 'once more' },
        dedupeKey: randomUUID(),
      });
    });
    const urgesOf = (metrics: typeof first) =>
      metrics.departments.find((row) => row.departmentCode === 'ADMIN')?.urges ?? 0;
    const after = await reports.windowMetrics(filter, clock);
    expect(urgesOf(after)).toBe(urgesOf(first) + 1);
    expect(after).toEqual(await rollupWindowMetrics(harness.dataSource, filter, clock));
    expect(after).toEqual(
      windowMetricsFromCases(
        await loadReportCases(
          harness.dataSource,
          cases.map((c) => c.applicationId),
        ),
        clock,
        filter,
      ),
    );

    // A refresh by another process (the worker's drain) also moves it, even with the same rows.
    await refreshReportFacts(harness.dataSource, [a.applicationId], clock);
    const again = await reports.windowMetrics(filter, clock);
    expect(again).not.toBe(after);
    expect(again).toEqual(after);

    // Another clock (a corrected calendar) never reuses the old clock's answers.
    const otherClock = { ...clock };
    expect(await reports.windowMetrics(filter, otherClock)).not.toBe(again);
  });

  test('events appended while the roll-ups are being drained are never lost: an appender waits for the refresh holding its entry, then queues the case again', async () => {
    const version = await harness.publish(route.map((step) => ({ ...step })));
    const raced = await store(caseB, version);
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    // 40 urges, each in its own transaction, racing background drains that skip locked entries.
    const urges = Array.from({ length: 40 }, (_, i) => T(1 + i / 100));
    let appending = true;
    const drains = (async () => {
      let passes = 0;
      while (appending || passes === 0) {
        await drainReportRefreshQueue(harness.dataSource, clock, { batchSize: 1 });
        passes += 1;
      }
      return passes;
    })();
    await Promise.all(
      urges.map((at) =>
        harness.dataSource.transaction((manager) =>
          appendEvent(manager, {
            applicationId: raced.applicationId,
            kind: 'urged',
            stepKey: 'market',
            round: 1,
            at,
            data: { message: 'hurry' },
            dedupeKey: randomUUID(),
          }),
        ),
      ),
    );
    appending = false;
    expect(await drains).toBeGreaterThan(0);
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    const filter = { from: T(0), to: T(400), serviceCode: version.serviceCode };
    const market = (await rollupWindowMetrics(harness.dataSource, filter, clock)).departments.find(
      (row) => row.departmentCode === 'MKT',
    );
    expect(market?.urges).toBe(urges.length);
    // And every other figure is the replay's of the log as it ended up.
    const logged = await loadReportCases(harness.dataSource, [raced.applicationId]);
    expect(logged[0].events).toHaveLength(caseB.events.length + urges.length);
    expect(await rollupWindowMetrics(harness.dataSource, filter, clock)).toEqual(
      windowMetricsFromCases(logged, clock, filter),
    );
    expect(await inMemory.rollupMetrics(filter, clock)).toEqual(windowMetricsFromCases(logged, clock, filter));
  });

  test('the in-memory copy follows the tables: changed cases only, or everything again once the list of changes no longer reaches back', async () => {
    const [a] = cases;
    const filter = { from: T(0), to: T(400), serviceCode };
    // Ranges of one round: a full load reads each case on its own, two at a time.
    const mirror = new ReportRollupMirror(harness.dataSource, { roundsPerRange: 1 });
    const reports = new ReportRepository(harness.dataSource, { mirror });
    expect(await reports.rollupMetrics(filter, clock)).toEqual(
      await rollupWindowMetrics(harness.dataSource, filter, clock),
    );
    const loaded = (await mirror.current()).columns;
    const appendUrge = (at: Date) =>
      harness.dataSource.transaction((manager) =>
        appendEvent(manager, {
          applicationId: a.applicationId,
          kind: 'urged',
          stepKey: 'sign',
          round: 1,
          at,
          data: { message: 'mirror' },
          dedupeKey: randomUUID(),
        }),
      );

    // One case changed: its rows are replaced in the same columns (the old ones flagged dead).
    const rowsBefore = loaded.size;
    await appendUrge(T(173));
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    const followed = await reports.rollupMetrics(filter, clock);
    expect(followed).toEqual(await rollupWindowMetrics(harness.dataSource, filter, clock));
    const { columns, version } = await mirror.current();
    expect(columns).toBe(loaded);
    expect(columns.size.cases).toBe(rowsBefore.cases);
    expect(columns.size.marks).toBeGreaterThan(rowsBefore.marks);
    expect(columns.size.dead).toBeGreaterThan(rowsBefore.dead);
    expect(version).toBe((await harness.dataSource.query(`SELECT version::text AS v FROM report_rollup_version`))[0].v);

    // The list of changes pruned past the copy's version: it reloads everything, to the same figures.
    await appendUrge(T(174));
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    await harness.dataSource.query(`DELETE FROM report_rollup_changes`);
    const reloaded = await reports.rollupMetrics(filter, clock);
    expect((await mirror.current()).columns).not.toBe(loaded);
    expect(reloaded).toEqual(await rollupWindowMetrics(harness.dataSource, filter, clock));
    const admin = (metrics: typeof reloaded) => metrics.departments.find((row) => row.departmentCode === 'ADMIN');
    expect(admin(reloaded)?.urges).toBe((admin(followed)?.urges ?? 0) + 1);
  });

  test('the in-memory copy read while refreshes commit never goes back, and ends exactly where the tables are', async () => {
    const version = await harness.publish(route.map((step) => ({ ...step })));
    const raced = await store(caseB, version);
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    const mirror = new ReportRollupMirror(harness.dataSource);
    const reports = new ReportRepository(harness.dataSource, { mirror });
    const filter = { from: T(0), to: T(400), serviceCode: version.serviceCode };
    const urgesOf = (metrics: Awaited<ReturnType<typeof reports.rollupMetrics>>) =>
      metrics.departments.find((row) => row.departmentCode === 'MKT')?.urges ?? 0;
    const before = urgesOf(await reports.rollupMetrics(filter, clock));
    // 20 urges, each appended and rolled up in its own transactions, while reports read the copy.
    let writing = true;
    const writes = (async () => {
      for (let i = 0; i < 20; i++) {
        await harness.dataSource.transaction((manager) =>
          appendEvent(manager, {
            applicationId: raced.applicationId,
            kind: 'urged',
            stepKey: 'market',
            round: 1,
            at: T(2 + i / 100),
            data: { message: 'race' },
            dedupeKey: randomUUID(),
          }),
        );
        await drainReportRefreshQueue(harness.dataSource, clock, { batchSize: 1 });
      }
      writing = false;
    })();
    const seen: number[] = [];
    while (writing) {
      const [memory] = await Promise.all([reports.rollupMetrics(filter, clock), reports.rollupMetrics(filter, clock)]);
      seen.push(urgesOf(memory));
    }
    await writes;
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    // Each answer is the tables at one version: the count never goes back as reports race the refreshes.
    expect(seen.length).toBeGreaterThan(1);
    seen.forEach((urges, i) => expect(urges).toBeGreaterThanOrEqual(i === 0 ? before : seen[i - 1]));
    const final = await reports.rollupMetrics(filter, clock);
    expect(urgesOf(final)).toBe(before + 20);
    expect(final).toEqual(await rollupWindowMetrics(harness.dataSource, filter, clock));
  });

  test('a calendar change queues the cases whose life spans that day, to be rolled up once every process has the new calendar', async () => {
    const [a, b] = cases;
    // Case A runs from Monday 2 March to Monday 9 March 2026; case B is over within Monday 2 March.
    await new CalendarRepository(harness.dataSource).upsertDay(
      { date: '2026-03-05', kind: 'holiday', name: 'test holiday' },
      'admin',
    );
    const queued = await harness.dataSource.query(
      `SELECT application_id AS "id", queued_at > now() + interval '60 seconds' AS "later"
         FROM report_refresh_queue WHERE application_id = ANY($1::uuid[])`,
      [[a.applicationId, b.applicationId]],
    );
    expect(queued).toEqual([{ id: a.applicationId, later: true }]);
    // Not yet: a drain now would roll it up with a calendar some process may still have cached.
    expect(await drainReportRefreshQueue(harness.dataSource, clock, { wait: true })).toBe(0);
    await new CalendarRepository(harness.dataSource).deleteDay('2026-03-05', 'admin');
  });

  test('a case whose version has no route (a hand-made row) does not stop the roll-ups of the others', async () => {
    const version = await harness.publish(route.map((step) => ({ ...step })));
    const broken = await harness.recordFiling(version);
    await harness.dataSource.query(`UPDATE service_versions SET snapshot = '{}'::jsonb WHERE service_code = $1`, [
      version.serviceCode,
    ]);
    const fine = await store(caseB, await harness.publish(route.map((step) => ({ ...step }))));
    await drainReportRefreshQueue(harness.dataSource, clock, { wait: true });
    const left = await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM report_refresh_queue WHERE application_id = ANY($1::uuid[]) AND queued_at <= now()`,
      [[broken.id, fine.applicationId]],
    );
    expect(left[0].n).toBe(0);
    const filter = { from: T(0), to: T(400), serviceCode: fine.serviceCode };
    expect(await rollupWindowMetrics(harness.dataSource, filter, clock)).toEqual(
      windowMetricsFromCases([fine], clock, filter),
    );
  });
});
