import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client as TemporalClient, Connection, type ScheduleHandle } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { loadConfig, requireService } from '../../libs/config';
import { lastCompleteWeek } from '../../libs/domain';
import { weeklyReportScheduleId } from '../../libs/temporal/weekly-report-schedule';
import { loginAs, queueFor } from '../support/demo-users';
import { freePort, ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/** The demo clock: a working day of one second, so a task of a one-day limit is overdue within seconds. */
const WORKING_DAY_SECONDS = 1;
/** Never due during a run (29 February): the suite triggers the Schedule itself, run by run. */
const SUITE_CRON = '0 9 29 2 *';
const RESTART_CRON = '30 10 29 2 *';
const MIGRATE_CRON = '45 11 29 2 *';

interface Snapshot {
  id: string;
  weekStart: string;
  from: string;
  to: string;
  createdAt: string;
  alertCount: number;
}

interface Alert {
  id: string;
  departmentCode: string;
  departmentName: string;
  rule: string;
  threshold: number;
  value: number;
  weekStart: string;
  snapshotId: string;
  raisedAt: string;
}

interface Threshold {
  departmentCode: string;
  departmentName: string;
  breachRate: number | null;
  overdueOpen: number | null;
  updatedAt: string | null;
}

/**
 * The weekly run through the real processes: the worker creates the Schedule at start, the test
 * triggers it (the Temporal client) and waits for each run to finish, then reads what it delivered
 * through HTTP. The suite has its own database: snapshots are unique per week per database, so
 * another suite's run of the same week could otherwise have stored it first.
 */
describe('weekly bottleneck reports: snapshots, thresholds and alerts', () => {
  const stack = new ProcessStack();
  let connection: Connection;
  let temporal: TemporalClient;
  let schedule: ScheduleHandle;
  let db: PgClient;
  let coord: ApiUser;
  let marketCio: ApiUser;
  let fireCio: ApiUser;
  let applicant: ApiUser;
  /** What the webhook (NOTIFY_WEBHOOK_URL) received: each notification's id and kind, per request. */
  const received: { id: string; kind: string }[] = [];
  let receiver: Server;

  /** Triggers the Schedule and waits for the run it started to complete; answers its result. */
  async function runWeekly(): Promise<{ weekStart: string; snapshotId: string; snapshotCreated: boolean }> {
    const before = (await schedule.describe()).info.numActionsTaken;
    await schedule.trigger();
    const started = await eventually(async () => {
      const info = (await schedule.describe()).info;
      if (info.numActionsTaken <= before) return undefined;
      const last = info.recentActions[info.recentActions.length - 1];
      return last?.action.type === 'startWorkflow' ? last.action.workflow : undefined;
    });
    return temporal.workflow.getHandle(started.workflowId, started.firstExecutionRunId).result();
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS rows`, params);
    return result.rows[0]?.n ?? 0;
  }

  /** Notifications of a kind in one account's inbox, through the API. */
  async function inbox(user: ApiUser, kind: string) {
    const page = await user.request<{ items: { kind: string; title: string; body: string }[] }>(
      'GET',
      '/notifications?limit=100',
    );
    expect(page.status).toBe(200);
    return page.body.items.filter((item) => item.kind === kind);
  }

  async function thresholds(user: ApiUser): Promise<Threshold[]> {
    const answer = await user.request<{ items: Threshold[] }>('GET', '/reports/thresholds');
    expect(answer.status).toBe(200);
    return answer.body.items;
  }

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { idempotencyId: string; kind: string };
        received.push({ id: body.idempotencyId, kind: body.kind });
        response.end();
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    await stack.start({
      ownDatabase: true,
      env: {
        WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS),
        REPORT_SCHEDULE_CRON: SUITE_CRON,
        NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/onestop`,
      },
    });
    const address = requireService(loadConfig().temporal.address, 'TEMPORAL_ADDRESS');
    connection = await Connection.connect({ address });
    temporal = new TemporalClient({ connection });
    schedule = temporal.schedule.getHandle(weeklyReportScheduleId(stack.taskQueue));
    db = new PgClient({ connectionString: stack.databaseUrl });
    await db.connect();
    [coord, marketCio, fireCio, applicant] = await Promise.all(
      ['coord', 'cio.market', 'cio.fire', 'applicant1'].map((u) => loginAs(stack, u)),
    );
  });

  afterAll(async () => {
    await db?.end();
    await connection?.close();
    await stack.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  test('the worker created the Schedule with the configured cron, in Asia/Shanghai, skipping overlaps', async () => {
    const described = await schedule.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.action.type).toBe('startWorkflow');
    if (described.action.type !== 'startWorkflow') return;
    expect(described.action.workflowType).toBe('weeklyReportWorkflow');
    expect(described.action.taskQueue).toBe(stack.taskQueue);
    expect(described.action.memo).toEqual({ reportScheduleCron: SUITE_CRON });
    expect(described.policies.overlap).toBe('SKIP');
    // 09:00 on 29 February, as the server compiled the cron.
    expect(JSON.stringify(described.spec.calendars)).toContain('"hour":[{"start":9');
    expect(stack.workers[0]?.output.join('\n')).toContain(`"${SUITE_CRON}" Asia/Shanghai`);
  });

  test('thresholds: refusals name the field and rule and change nothing; only the coordinating CIO sets them', async () => {
    const before = await thresholds(coord);
    expect(before.map((t) => t.departmentCode)).toEqual([...before.map((t) => t.departmentCode)].sort());
    expect(before.find((t) => t.departmentCode === 'market')).toMatchObject({
      breachRate: null,
      overdueOpen: null,
      updatedAt: null,
    });

    const refusals: [unknown, string, string][] = [
      [{}, 'body', 'THRESHOLD_NONE_GIVEN'],
      [{ breachRate: 0 }, 'breachRate', 'THRESHOLD_FRACTION'],
      [{ breachRate: 1.5 }, 'breachRate', 'THRESHOLD_FRACTION'],
      [{ breachRate: '0.1' }, 'breachRate', 'THRESHOLD_FRACTION'],
      [{ overdueOpen: -1 }, 'overdueOpen', 'THRESHOLD_COUNT'],
      [{ overdueOpen: 2.5 }, 'overdueOpen', 'THRESHOLD_COUNT'],
      [{ breachRate: 0.1, colour: 'red' }, 'colour', 'UNKNOWN_PROPERTY'],
    ];
    for (const [body, field, rule] of refusals) {
      const answer = await coord.request('PUT', '/reports/thresholds/market', body);
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({
        body,
        status: 422,
        code: 'THRESHOLD_INVALID',
      });
      expect(answer.body.details).toContainEqual(expect.objectContaining({ field, rule }));
    }
    // The valid half of a refused body was not applied either.
    expect(
      (await coord.request('PUT', '/reports/thresholds/market', { breachRate: 0.2, overdueOpen: -3 })).status,
    ).toBe(422);
    const dept = await marketCio.request('PUT', '/reports/thresholds/market', { overdueOpen: 1 });
    expect([dept.status, dept.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const unknown = await coord.request('PUT', '/reports/thresholds/no-such-dept', { overdueOpen: 1 });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'REPORT_DEPARTMENT_NOT_FOUND']);
    expect(await thresholds(coord)).toEqual(before);
    expect(await count(`SELECT 1 FROM report_thresholds`)).toBe(0);

    // Set, then change one rule and leave the other; null clears.
    const set = await coord.request('PUT', '/reports/thresholds/market', { breachRate: 0.1, overdueOpen: 3 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ departmentCode: 'market', breachRate: 0.1, overdueOpen: 3 });
    const changed = await coord.request('PUT', '/reports/thresholds/market', { overdueOpen: 0 });
    expect(changed.body).toMatchObject({ breachRate: 0.1, overdueOpen: 0 });
    const cleared = await coord.request('PUT', '/reports/thresholds/market', { breachRate: null });
    expect(cleared.body).toMatchObject({ breachRate: null, overdueOpen: 0 });
    expect(typeof cleared.body.updatedAt).toBe('string');

    // A department CIO reads their own department's rules only.
    expect((await thresholds(marketCio)).map((t) => t.departmentCode)).toEqual(['market']);
  });

  describe('runs of the weekly report', () => {
    let week: { from: string; to: string };
    let firstRun: { weekStart: string; snapshotId: string; snapshotCreated: boolean };

    /**
     * A case filed and decided last week, as the workflow would have logged it: market approved
     * quickly, fire breached its limit and finished last in the parallel stage. Written straight into
     * the suite's database (the API cannot file in the past); the report rolls its log up itself.
     */
    async function recordLastWeeksCase(serviceCode: string, enterpriseId: string, weekFrom: Date): Promise<void> {
      const at = (hours: number) => new Date(weekFrom.getTime() + hours * 3600_000);
      const id = randomUUID();
      await db.query(
        `INSERT INTO applications (id, number, service_code, service_version, enterprise_id, filed_by, idempotency_key,
                                   status, form, materials, filed_at, closed_at)
         VALUES ($1, $2, $3, 1, $4, $5, $8, 'approved', '{}', '[]', $6, $7)`,
        [id, `W-${id.slice(0, 8)}`, serviceCode, enterpriseId, randomUUID(), at(26), at(30), id],
      );
      const events: [string, number, string | null, Record<string, unknown>][] = [
        ['filed', 26, null, {}],
        ['step_started', 26, 'licence', {}],
        ['task_created', 26, 'licence', { dueAt: at(50).toISOString() }],
        ['step_started', 26, 'fire-check', {}],
        ['task_created', 26, 'fire-check', { dueAt: at(27).toISOString() }],
        ['claimed', 26.5, 'licence', {}],
        ['decided', 27, 'licence', { outcome: 'approve', basis: 'decision' }],
        ['breached', 27, 'fire-check', {}],
        ['claimed', 28, 'fire-check', {}],
        ['decided', 30, 'fire-check', { outcome: 'approve', basis: 'decision' }],
        ['approved', 30, null, {}],
      ];
      for (const [kind, hours, stepKey, data] of events)
        await db.query(
          `INSERT INTO application_events (application_id, kind, step_key, round, at, data, dedupe_key)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
          [id, kind, stepKey, stepKey ? 1 : null, at(hours), JSON.stringify(data), randomUUID()],
        );
      await db.query(`INSERT INTO report_refresh_queue (application_id) VALUES ($1) ON CONFLICT DO NOTHING`, [id]);
    }

    beforeAll(async () => {
      const expected = lastCompleteWeek(new Date());
      week = { from: expected.from.toISOString(), to: expected.to.toISOString() };
      // One case waiting at market and at fire, each step due after one (one-second) working day:
      // both departments have an open overdue task at every run below.
      const serviceCode = `weekly-${randomUUID().slice(0, 8)}`;
      await publishThroughApi({
        coord,
        cios: { market: marketCio, fire: fireCio },
        code: serviceCode,
        route: [
          { key: 'licence', departmentCode: 'market', after: [] },
          { key: 'fire-check', departmentCode: 'fire', after: [] },
        ],
        configs: {
          licence: stepConfig({ timeLimitDays: 1 }),
          'fire-check': stepConfig({ timeLimitDays: 1 }),
        },
      });
      const filed = await applicant.request(
        'POST',
        '/applications',
        { serviceCode, form: {}, materials: [] },
        { 'idempotency-key': randomUUID() },
      );
      expect(filed.status).toBe(201);
      const enterprise = await db.query<{ id: string }>(`SELECT enterprise_id AS id FROM applications WHERE id = $1`, [
        filed.body.id,
      ]);
      await recordLastWeeksCase(serviceCode, enterprise.rows[0].id, expected.from);
      const [marketStaff, fireStaff] = await Promise.all([
        loginAs(stack, 'staff.market'),
        loginAs(stack, 'staff.fire'),
      ]);
      await eventually(async () => (await queueFor(marketStaff, filed.body.id)).length > 0);
      await eventually(async () => (await queueFor(fireStaff, filed.body.id)).length > 0);
      // Overdue as of a whole second ago: a run triggered from now on is due (its scheduled time, to the
      // second, is when it evaluates) after that, when both tasks are still open and overdue.
      await eventually(async () => {
        const asOf = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
        const live = await coord.request<{ departments: { departmentCode: string; overdueOpen: number }[] }>(
          'GET',
          `/reports/bottlenecks?from=${encodeURIComponent(new Date(asOf.getTime() - 3600_000).toISOString())}` +
            `&to=${encodeURIComponent(asOf.toISOString())}`,
        );
        const overdue = (code: string) => live.body.departments.find((d) => d.departmentCode === code)?.overdueOpen;
        return (overdue('market') ?? 0) >= 1 && (overdue('fire') ?? 0) >= 1;
      }, 60_000);
      expect((await coord.request('PUT', '/reports/thresholds/market', { overdueOpen: 0 })).status).toBe(200);
      const fire = await coord.request('PUT', '/reports/thresholds/fire', { overdueOpen: 0, breachRate: 0.5 });
      expect(fire.status).toBe(200);
      firstRun = await runWeekly();
    });

    test('the run stores the last complete week as a snapshot equal to the live report of that week', async () => {
      expect(firstRun.snapshotCreated).toBe(true);
      expect(firstRun.weekStart).toBe(week.from);
      const list = await coord.request<{ items: Snapshot[]; nextCursor: string | null }>('GET', '/reports/snapshots');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({
        id: firstRun.snapshotId,
        weekStart: week.from,
        ...week,
        alertCount: 3,
      });

      const reasons: Record<string, string> = {};
      for (const language of ['zh', 'en']) {
        const headers = { 'accept-language': language };
        const snapshot = await coord.request('GET', `/reports/snapshots/${firstRun.snapshotId}`, undefined, headers);
        expect(snapshot.status).toBe(200);
        const live = await coord.request(
          'GET',
          `/reports/bottlenecks?from=${encodeURIComponent(week.from)}&to=${encodeURIComponent(week.to)}`,
          undefined,
          headers,
        );
        expect(live.status).toBe(200);
        expect(snapshot.body.report).toEqual(live.body);
        // Last week's case is in it: fire finished last in the parallel stage and breached.
        const fireRow = snapshot.body.report.departments.find(
          (d: { departmentCode: string }) => d.departmentCode === 'fire',
        );
        expect(fireRow).toMatchObject({ throughput: 1, breaches: 1, breachRate: 1 });
        const [top] = snapshot.body.report.ranking;
        expect(top).toMatchObject({ departmentCode: 'fire', rank: 1 });
        expect(typeof top.reason).toBe('string');
        reasons[language] = top.reason;
      }
      expect(reasons.zh).not.toEqual(reasons.en);
      const csv = await fetch(`${stack.baseUrl}/reports/snapshots/${firstRun.snapshotId}?format=csv&part=departments`, {
        headers: { authorization: `Bearer ${coord.token}` },
      });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');

      const missing = await coord.request('GET', `/reports/snapshots/${randomUUID()}`);
      expect([missing.status, missing.body.code]).toEqual([404, 'SNAPSHOT_NOT_FOUND']);
    });

    test('every CIO is told once: the coordinating CIO about the province, each department CIO about theirs', async () => {
      const weekly = await inbox(coord, 'weekly_report');
      expect(weekly).toHaveLength(1);
      const own = await inbox(marketCio, 'weekly_report');
      expect(own).toHaveLength(1);
      expect(own[0]?.title).toContain('市场监督管理局');
      // One weekly_report per CIO account, for this one snapshot.
      const cios = await count(`SELECT 1 FROM accounts WHERE active AND role IN ('coord_cio', 'dept_cio')`);
      expect(await count(`SELECT 1 FROM notifications WHERE kind = 'weekly_report'`)).toBe(cios);
    });

    test('a second run in the same week stores no second snapshot and tells nobody twice', async () => {
      const counts = async () => ({
        snapshots: await count(`SELECT 1 FROM report_snapshots`),
        reports: await count(`SELECT 1 FROM report_snapshot_reports`),
        weekly: await count(`SELECT 1 FROM notifications WHERE kind = 'weekly_report'`),
        alerts: await count(`SELECT 1 FROM report_alerts`),
        alertNotices: await count(`SELECT 1 FROM notifications WHERE kind = 'report_alert'`),
      });
      const before = await counts();
      expect(before).toMatchObject({ snapshots: 1, alerts: 3 });
      const again = await runWeekly();
      expect(again.snapshotId).toBe(firstRun.snapshotId);
      // Both rules are still crossed: no new alert either (once per crossing, not once per run).
      expect(await counts()).toEqual(before);

      // The webhook got each of them, once (the receiver accepts the first attempt; the run waits
      // for the delivery, so all of them have been POSTed by now).
      const ids = (
        await db.query<{ id: string }>(
          `SELECT id FROM notifications WHERE kind IN ('weekly_report', 'report_alert') ORDER BY id`,
        )
      ).rows.map((row) => row.id);
      expect(ids).toHaveLength(before.weekly + before.alertNotices);
      // (The case's own breach and card notifications reach it too; only the reports' are counted.)
      const reports = received.filter((r) => r.kind === 'weekly_report' || r.kind === 'report_alert');
      expect(reports.map((r) => r.id).sort()).toEqual(ids);
      expect(new Set(reports.map((r) => r.kind))).toEqual(new Set(['weekly_report', 'report_alert']));
      expect(
        await count(
          `SELECT 1 FROM notifications WHERE kind IN ('weekly_report', 'report_alert') AND webhook_delivered_at IS NULL`,
        ),
      ).toBe(0);
    });

    test('a department CIO reads their own department of the snapshot and of the alerts, nothing else', async () => {
      const snapshot = await marketCio.request('GET', `/reports/snapshots/${firstRun.snapshotId}`);
      expect(snapshot.status).toBe(200);
      const live = await marketCio.request(
        'GET',
        `/reports/bottlenecks?from=${encodeURIComponent(week.from)}&to=${encodeURIComponent(week.to)}`,
      );
      expect(snapshot.body.report).toEqual(live.body);
      expect(snapshot.body.report.departmentCode).toBe('market');
      expect(snapshot.body.report.departments.map((d: { departmentCode: string }) => d.departmentCode)).toEqual([
        'market',
      ]);
      // Nothing of fire, which held the case up last week: not its rows, its ranking nor its alerts.
      const text = JSON.stringify(snapshot.body);
      expect(text).not.toContain('"fire"');
      expect(snapshot.body.alerts.map((a: Alert) => a.departmentCode)).toEqual(['market']);

      const list = await marketCio.request<{ items: Snapshot[] }>('GET', '/reports/snapshots');
      expect(list.body.items[0]?.alertCount).toBe(1);

      const alerts = await marketCio.request<{ items: Alert[] }>('GET', '/reports/alerts');
      expect(alerts.status).toBe(200);
      expect(alerts.body.items.map((a) => a.departmentCode)).toEqual(['market']);
      expect(alerts.body.items[0]).toMatchObject({
        rule: 'overdueOpen',
        threshold: 0,
        weekStart: week.from,
        snapshotId: firstRun.snapshotId,
      });
      const other = await marketCio.request('GET', '/reports/alerts?departmentCode=fire');
      expect([other.status, other.body.code]).toEqual([403, 'REPORT_OUT_OF_SCOPE']);
      const all = await coord.request<{ items: Alert[] }>('GET', '/reports/alerts');
      expect(all.body.items.map((a) => `${a.departmentCode}:${a.rule}`).sort()).toEqual([
        'fire:breachRate',
        'fire:overdueOpen',
        'market:overdueOpen',
      ]);
      expect(all.body.items.find((a) => a.rule === 'breachRate')).toMatchObject({ threshold: 0.5, value: 1 });

      // The alert reached the department's CIO and the coordinating CIO, not another department's.
      expect(await inbox(marketCio, 'report_alert')).toHaveLength(1);
      expect(await inbox(fireCio, 'report_alert')).toHaveLength(2);
      expect(await inbox(coord, 'report_alert')).toHaveLength(3);
    });

    test('an alert re-arms when a run finds the rule back under its threshold', async () => {
      const marketAlerts = () => count(`SELECT 1 FROM report_alerts WHERE department_code = 'market'`);
      expect(await marketAlerts()).toBe(1);
      // Under: 1 open overdue task is not more than 5.
      expect((await coord.request('PUT', '/reports/thresholds/market', { overdueOpen: 5 })).status).toBe(200);
      await runWeekly();
      expect(await marketAlerts()).toBe(1);
      // Crossed again: a new crossing, a new alert; fire stayed crossed throughout and has its two.
      expect((await coord.request('PUT', '/reports/thresholds/market', { overdueOpen: 0 })).status).toBe(200);
      await runWeekly();
      expect(await marketAlerts()).toBe(2);
      expect(await count(`SELECT 1 FROM report_alerts WHERE department_code = 'fire'`)).toBe(2);
      expect(await inbox(marketCio, 'report_alert')).toHaveLength(2);
      expect(await count(`SELECT 1 FROM report_snapshots`)).toBe(1);
    });

    test('snapshots and alerts cannot be changed or removed, even in the database', async () => {
      await expect(db.query(`UPDATE report_snapshots SET workflow_id = 'changed'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`UPDATE report_snapshot_reports SET report = '{}'::jsonb`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM report_snapshots`)).rejects.toThrow(/append-only/);
      await expect(db.query(`UPDATE report_alerts SET value = 0`)).rejects.toThrow(/append-only/);
      expect(await count(`SELECT 1 FROM report_snapshots`)).toBe(1);
    });
  });

  test('a worker restarted with another cron updates the Schedule rather than adding one', async () => {
    const [first] = stack.workers;
    await first?.stop();
    const restarted = await stack.startWorker({ REPORT_SCHEDULE_CRON: RESTART_CRON });
    expect(restarted.output.join('\n')).toContain(`updated: "${RESTART_CRON}" Asia/Shanghai`);
    const described = await schedule.describe();
    expect(described.action.type === 'startWorkflow' && described.action.memo).toEqual({
      reportScheduleCron: RESTART_CRON,
    });
    expect(JSON.stringify(described.spec.calendars)).toContain('"hour":[{"start":10');
    // The list is the server's visibility store, which catches up with a change after a moment.
    await eventually(async () => {
      const ids: string[] = [];
      for await (const listed of temporal.schedule.list())
        if (listed.scheduleId.startsWith(weeklyReportScheduleId(stack.taskQueue))) ids.push(listed.scheduleId);
      return ids.length === 1 && ids[0] === weeklyReportScheduleId(stack.taskQueue);
    });
  });

  test('the migrate step makes the Schedule too: updated to its cron, then left alone when nothing differs', async () => {
    const migrate = (cron: string) =>
      promisify(execFile)(process.execPath, [resolve(__dirname, '../../dist/tools/migrate.js')], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATABASE_URL: stack.databaseUrl,
          TEMPORAL_ADDRESS: requireService(loadConfig().temporal.address, 'TEMPORAL_ADDRESS'),
          TEMPORAL_TASK_QUEUE: stack.taskQueue,
          REPORT_SCHEDULE_CRON: cron,
        },
      });
    const first = await migrate(MIGRATE_CRON);
    expect(first.stdout).toContain(`updated: "${MIGRATE_CRON}" Asia/Shanghai`);
    const described = await schedule.describe();
    expect(described.action.type === 'startWorkflow' && described.action.memo).toEqual({
      reportScheduleCron: MIGRATE_CRON,
    });
    expect((await migrate(MIGRATE_CRON)).stdout).toContain(`unchanged: "${MIGRATE_CRON}" Asia/Shanghai`);
    // Its runs are still the same Schedule's: nothing it ran before is lost or restarted.
    expect((await schedule.describe()).info.numActionsTaken).toBe(described.info.numActionsTaken);
  });
});
