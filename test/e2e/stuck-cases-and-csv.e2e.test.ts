import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { claimAndDecide, loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/** The demo clock: a working day of ten minutes, so waiting time shows in working days within the test. */
const WORKING_DAY_SECONDS = 600;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

interface StuckCase {
  applicationId: string;
  number: string;
  enterpriseName: string;
  serviceCode: string;
  stepKey: string;
  round: number;
  departmentCode: string;
  status: string;
  clock: string;
  waitingSince: string;
  waitingWorkingDays: number;
  dueAt: string;
  overdue: boolean;
  cards: unknown[];
  urges: { at: string }[];
}

type CsvRow = Record<string, string>;

/** A JSON figure as the CSV writes it: null is an empty cell, numbers in JavaScript's own notation. */
const cell = (value: number | string | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

/**
 * GET /api/reports/stuck-cases and the CSV downloads of the reports, through HTTP. One service of
 * two parallel steps (market, fire); four cases filed one after the other leave market with a
 * claimed, a paused, a queued and a supplement-awaiting task, and fire with four queued ones; a
 * fifth, decided by market first and fire last, puts fire in the ranking.
 */
describe('stuck cases and the reports as CSV', () => {
  const stack = new ProcessStack();
  let coord: ApiUser;
  let marketCio: ApiUser;
  let fireCio: ApiUser;
  let marketStaff: ApiUser;
  let fireStaff: ApiUser;
  let applicant: ApiUser;
  let serviceCode: string;
  let window: string;
  /** Filed in this order: claimed, paused, queued and awaiting the applicant at market. */
  let claimedCase: string;
  let pausedCase: string;
  let queuedCase: string;
  let supplementCase: string;

  async function taskOf(officer: ApiUser, applicationId: string) {
    const [task] = await eventually(async () => {
      const rows = await queueFor(officer, applicationId);
      return rows.length > 0 && rows;
    });
    return task;
  }

  async function file(): Promise<string> {
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    return filed.body.id;
  }

  async function stuck(user: ApiUser, query: string) {
    // The page, or on a refusal the error's code and details.
    return user.request<{ items: StuckCase[]; nextCursor: string | null; code?: string; details?: unknown[] }>(
      'GET',
      `/reports/stuck-cases?${query}`,
    );
  }

  /** The raw download: the bytes (fetch's text() would drop the BOM), the headers and the parsed rows. */
  async function download(user: ApiUser, path: string, language?: string) {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${user.token}`, ...(language ? { 'accept-language': language } : {}) },
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const rows: CsvRow[] = response.ok ? parse(bytes, { bom: true, columns: true }) : [];
    return { status: response.status, headers: response.headers, bytes, rows };
  }

  beforeAll(async () => {
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) } });
    [coord, marketCio, fireCio, marketStaff, fireStaff, applicant] = await Promise.all(
      ['coord', 'cio.market', 'cio.fire', 'staff.market', 'staff.fire', 'applicant1'].map((u) => loginAs(stack, u)),
    );
    serviceCode = `stuck-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: marketCio, fire: fireCio },
      code: serviceCode,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
      ],
      configs: { licence: stepConfig(), 'fire-check': stepConfig() },
    });
    const from = new Date(Date.now() - 60_000).toISOString();

    // Filed one at a time, each waiting for its tasks, so the order they wait in is the filing order.
    claimedCase = await file();
    const claimedTask = await taskOf(marketStaff, claimedCase);
    await taskOf(fireStaff, claimedCase);
    pausedCase = await file();
    const pausedTask = await taskOf(marketStaff, pausedCase);
    await taskOf(fireStaff, pausedCase);
    queuedCase = await file();
    await taskOf(marketStaff, queuedCase);
    await taskOf(fireStaff, queuedCase);
    supplementCase = await file();
    const supplementTask = await taskOf(marketStaff, supplementCase);
    await taskOf(fireStaff, supplementCase);

    expect((await marketStaff.request('POST', `/tasks/${claimedTask.id}/claim`)).status).toBe(200);
    expect((await marketStaff.request('POST', `/tasks/${pausedTask.id}/claim`)).status).toBe(200);
    const paused = await marketStaff.request('POST', `/tasks/${pausedTask.id}/decision`, {
      outcome: 'pause',
      reason: 'inspection',
      opinion: '现场核查',
    });
    expect(paused.status).toBe(200);
    expect((await marketStaff.request('POST', `/tasks/${supplementTask.id}/claim`)).status).toBe(200);
    const supplement = await marketStaff.request('POST', `/tasks/${supplementTask.id}/decision`, {
      outcome: 'request_supplement',
      opinion: '请补正',
      items: [{ kind: 'other', reason: '请补充法定代表人身份证明' }],
    });
    expect(supplement.status).toBe(200);

    // A case through the parallel stage with fire last, so the ranking has a bottleneck and a reason.
    const decided = await file();
    expect((await claimAndDecide(marketStaff, (await taskOf(marketStaff, decided)).id, 'approve')).status).toBe(200);
    expect((await claimAndDecide(fireStaff, (await taskOf(fireStaff, decided)).id, 'approve')).status).toBe(200);
    await eventually(
      async () => (await applicant.request('GET', `/applications/${decided}`)).body.status === 'approved',
    );
    // The window ends now: every figure of it is settled, so a JSON and a CSV request agree.
    window = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date().toISOString())}`;
  });
  afterAll(() => stack.stop());

  describe('GET /api/reports/stuck-cases', () => {
    test('open cases waiting on market, longest first, with where each one is; the supplement case is waiting on the applicant', async () => {
      const before = Date.now();
      const response = await stuck(coord, `serviceCode=${serviceCode}&departmentCode=market`);
      const after = Date.now();
      expect(response.status).toBe(200);
      const items = response.body.items;
      expect(items.map((item) => [item.applicationId, item.status, item.clock])).toEqual([
        [claimedCase, 'claimed', 'running'],
        [pausedCase, 'paused', 'stopped'],
        [queuedCase, 'pending', 'running'],
      ]);
      expect(response.body.nextCursor).toBeNull();
      for (const item of items) {
        expect(item).toMatchObject({
          serviceCode,
          stepKey: 'licence',
          round: 1,
          departmentCode: 'market',
          overdue: false,
          cards: [],
          urges: [],
          enterpriseName: expect.stringMatching(/\S/),
          number: expect.stringMatching(/\S/),
        });
        // On the demo clock every second is working time: the waiting time from waitingSince to the request.
        const waitedMs = (at: number) => at - new Date(item.waitingSince).getTime();
        expect(item.waitingWorkingDays).toBeGreaterThanOrEqual(
          Math.floor((waitedMs(before) / (WORKING_DAY_SECONDS * 1000)) * 100) / 100,
        );
        expect(item.waitingWorkingDays).toBeLessThanOrEqual(
          Math.ceil((waitedMs(after) / (WORKING_DAY_SECONDS * 1000)) * 100) / 100,
        );
        expect(new Date(item.dueAt).getTime()).toBeGreaterThan(new Date(item.waitingSince).getTime());
      }
      const since = items.map((item) => new Date(item.waitingSince).getTime());
      expect(since).toEqual([...since].sort((a, b) => a - b));
      expect(items[0].waitingWorkingDays).toBeGreaterThanOrEqual(items[2].waitingWorkingDays);
    });

    test('the coordinating CIO sees every department: all seven waiting tasks in one order', async () => {
      const response = await stuck(coord, `serviceCode=${serviceCode}`);
      expect(response.status).toBe(200);
      const items = response.body.items;
      const rows = items.map((item) => `${item.departmentCode}:${item.applicationId}`);
      expect([...rows].sort()).toEqual(
        [
          ...[claimedCase, pausedCase, queuedCase].map((id) => `market:${id}`),
          ...[claimedCase, pausedCase, queuedCase, supplementCase].map((id) => `fire:${id}`),
        ].sort(),
      );
      const since = items.map((item) => new Date(item.waitingSince).getTime());
      expect(since).toEqual([...since].sort((a, b) => a - b));
    });

    test('limit=1 pages through the same cases in the same order, the last page without a cursor', async () => {
      const whole = (await stuck(coord, `serviceCode=${serviceCode}`)).body.items;
      const paged: StuckCase[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `serviceCode=${serviceCode}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await stuck(coord, query);
        expect(page.status).toBe(200);
        expect(page.body.items).toHaveLength(1);
        paged.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBe(7);
      expect(paged.map((item) => [item.applicationId, item.departmentCode])).toEqual(
        whole.map((item) => [item.applicationId, item.departmentCode]),
      );
    });

    test("a department CIO sees only their own department's cases and is refused another's", async () => {
      const own = await stuck(fireCio, `serviceCode=${serviceCode}`);
      expect(own.status).toBe(200);
      expect(own.body.items.map((item) => item.applicationId)).toEqual([
        claimedCase,
        pausedCase,
        queuedCase,
        supplementCase,
      ]);
      expect(new Set(own.body.items.map((item) => item.departmentCode))).toEqual(new Set(['fire']));

      const other = await stuck(fireCio, `serviceCode=${serviceCode}&departmentCode=market`);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('REPORT_OUT_OF_SCOPE');
      expect((await stuck(marketStaff, `serviceCode=${serviceCode}`)).status).toBe(403);
    });

    test('a bad cursor, limit, format or service is refused, naming the field', async () => {
      const badCursor = await stuck(coord, 'cursor=not-a-cursor');
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.details).toEqual([expect.objectContaining({ field: 'cursor', rule: 'CURSOR_INVALID' })]);
      const badLimit = await stuck(coord, 'limit=0');
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.details).toEqual([expect.objectContaining({ field: 'limit', rule: 'BELOW_MIN' })]);
      const badFormat = await stuck(coord, 'format=xlsx');
      expect(badFormat.status).toBe(400);
      expect(badFormat.body.details).toEqual([expect.objectContaining({ field: 'format', rule: 'NOT_ONE_OF' })]);
      expect((await stuck(coord, 'serviceCode=no-such-service')).status).toBe(404);
    });
  });

  describe('?format=csv', () => {
    test('the bottleneck report per department: BOM, attachment, one row per department with the JSON figures', async () => {
      const json = (await coord.request('GET', `/reports/bottlenecks?serviceCode=${serviceCode}&${window}`)).body;
      const csv = await download(coord, `/reports/bottlenecks?serviceCode=${serviceCode}&${window}&format=csv`);
      expect(csv.status).toBe(200);
      expect([...csv.bytes.subarray(0, 3)]).toEqual(UTF8_BOM);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toMatch(
        new RegExp(
          `^attachment; filename="bottlenecks-departments-${serviceCode}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`,
        ),
      );
      expect(csv.rows.map((row) => row.department_code)).toEqual(
        json.departments.map((row: { departmentCode: string }) => row.departmentCode),
      );
      for (const [i, department] of json.departments.entries()) {
        const row = csv.rows[i];
        expect(row).toMatchObject({
          window_from: json.from,
          window_to: json.to,
          wip: cell(department.wip),
          arrivals: cell(department.arrivals),
          throughput: cell(department.throughput),
          queue_count: cell(department.queueTime.count),
          queue_p50_hours: cell(department.queueTime.p50Hours),
          queue_p50_working_days: cell(department.queueTime.p50WorkingDays),
          queue_p90_working_days: cell(department.queueTime.p90WorkingDays),
          handling_p50_working_days: cell(department.handlingTime.p50WorkingDays),
          applicant_p50_working_days: cell(department.applicantTime.p50WorkingDays),
          paused_total_working_days: cell(department.pausedTime.totalWorkingDays),
          breaches: cell(department.breaches),
          breach_rate: cell(department.breachRate),
          overdue_open: cell(department.overdueOpen),
          supplement_rounds: cell(department.supplementRounds.total),
          supplement_rounds_per_case: cell(department.supplementRounds.perCase),
          critical_path_stages: cell(department.criticalPath.stages),
          critical_path_times_last: cell(department.criticalPath.timesLast),
          critical_path_share: cell(department.criticalPath.share),
          critical_path_total_working_days_added: cell(department.criticalPath.totalWorkingDaysAdded),
        });
      }
      // Figures that are not zero make the comparison mean something.
      const fire = csv.rows.find((row) => row.department_code === 'fire')!;
      expect(fire).toMatchObject({ wip: '4', critical_path_times_last: '1', critical_path_share: '1' });
      expect(Number(fire.queue_p50_hours)).toBeGreaterThan(0);
    });

    test('the ranking part has the reason in the caller’s language, Chinese intact; the per-service part one row per pair', async () => {
      const base = `/reports/bottlenecks?serviceCode=${serviceCode}&${window}&format=csv`;
      const json = (await coord.request('GET', `/reports/bottlenecks?serviceCode=${serviceCode}&${window}`)).body;
      const zh = await download(coord, `${base}&part=ranking`);
      expect([...zh.bytes.subarray(0, 3)]).toEqual(UTF8_BOM);
      expect(zh.rows).toHaveLength(json.ranking.length);
      expect(zh.rows[0]).toMatchObject({
        rank: '1',
        department_code: 'fire',
        service_code: serviceCode,
        times_last: '1',
        critical_path_share: '1',
        reason: json.ranking[0].reason,
        stuck_case_application_ids: json.ranking[0].stuckCases.join(' '),
      });
      expect(zh.rows[0].reason).toMatch(/^消防.*并联阶段中 100% 的办件最后完成/);
      const en = await download(coord, `${base}&part=ranking`, 'en');
      expect(en.rows[0].reason).toMatch(/finished last in 100% of the parallel stages/);

      const services = await download(coord, `${base}&part=services`);
      expect(services.rows.map((row) => [row.department_code, row.service_code])).toEqual(
        json.services.map((row: { departmentCode: string; serviceCode: string }) => [
          row.departmentCode,
          row.serviceCode,
        ]),
      );
      expect(services.headers.get('content-disposition')).toContain('bottlenecks-services-');

      const steps = await download(coord, `${base}&part=steps`);
      expect(steps.rows.map((row) => [row.department_code, row.step_key, row.throughput])).toEqual(
        json.steps.map((row: { departmentCode: string; stepKey: string; throughput: number }) => [
          row.departmentCode,
          row.stepKey,
          String(row.throughput),
        ]),
      );
      expect(steps.rows.length).toBeGreaterThan(0);
      expect(steps.rows[0]).not.toHaveProperty('critical_path_share');
    });

    test('the trend: one row per week and department', async () => {
      const json = (await coord.request('GET', `/reports/trend?weeks=2&serviceCode=${serviceCode}`)).body;
      const csv = await download(coord, `/reports/trend?weeks=2&serviceCode=${serviceCode}&format=csv`);
      expect(csv.status).toBe(200);
      expect([...csv.bytes.subarray(0, 3)]).toEqual(UTF8_BOM);
      expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="trend-stuck-[^"]+-2-weeks-to-/);
      const expected = json.weeks.flatMap(
        (week: {
          weekStart: string;
          departments: { departmentCode: string; arrivals: number; throughput: number }[];
        }) =>
          week.departments.map((row) => ({
            week_start: week.weekStart,
            department_code: row.departmentCode,
            arrivals: cell(row.arrivals),
            throughput: cell(row.throughput),
          })),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(csv.rows).toEqual(expected.map((row: CsvRow) => expect.objectContaining(row)));
    });

    test('the stuck cases: every one of them, as in the JSON, Chinese enterprise names intact', async () => {
      const json = (await stuck(coord, `serviceCode=${serviceCode}&limit=100`)).body.items;
      const csv = await download(coord, `/reports/stuck-cases?serviceCode=${serviceCode}&format=csv`);
      expect(csv.status).toBe(200);
      expect([...csv.bytes.subarray(0, 3)]).toEqual(UTF8_BOM);
      expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="stuck-cases-stuck-[^"]+\.csv"$/);
      expect(csv.rows).toEqual(
        json.map((item) =>
          expect.objectContaining({
            application_id: item.applicationId,
            application_number: item.number,
            enterprise_name: item.enterpriseName,
            department_code: item.departmentCode,
            step_key: item.stepKey,
            status: item.status,
            clock: item.clock,
            waiting_since: item.waitingSince,
            due_at: item.dueAt,
            overdue: 'false',
            cards: '0',
            urges: '0',
          }),
        ),
      );
      expect(csv.rows[0].enterprise_name).toMatch(/[\u4e00-\u9fff]/);
    });

    test("a department CIO's CSVs never hold another department's rows", async () => {
      const departments = await download(
        marketCio,
        `/reports/bottlenecks?serviceCode=${serviceCode}&${window}&format=csv`,
      );
      expect(departments.rows.map((row) => row.department_code)).toEqual(['market']);
      expect(departments.headers.get('content-disposition')).toContain(
        `bottlenecks-departments-market-${serviceCode}-`,
      );
      const services = await download(
        marketCio,
        `/reports/bottlenecks?serviceCode=${serviceCode}&${window}&format=csv&part=services`,
      );
      expect(services.rows.map((row) => row.department_code)).toEqual(['market']);
      const ranking = await download(
        marketCio,
        `/reports/bottlenecks?serviceCode=${serviceCode}&${window}&format=csv&part=ranking`,
      );
      expect(ranking.status).toBe(200);
      expect(ranking.rows).toEqual([]);
      expect(ranking.bytes.toString('utf8')).toMatch(/^\uFEFFwindow_from,window_to,rank,/);
      const trend = await download(marketCio, `/reports/trend?weeks=2&serviceCode=${serviceCode}&format=csv`);
      expect(new Set(trend.rows.map((row) => row.department_code))).toEqual(new Set(['market']));
      const cases = await download(marketCio, `/reports/stuck-cases?serviceCode=${serviceCode}&format=csv`);
      expect(cases.rows.map((row) => [row.department_code, row.application_id])).toEqual(
        [claimedCase, pausedCase, queuedCase].map((id) => ['market', id]),
      );
    });

    test('a refusal stays a JSON error, naming the field', async () => {
      const outOfScope = await download(marketCio, `/reports/stuck-cases?departmentCode=fire&format=csv`);
      expect(outOfScope.status).toBe(403);
      expect(outOfScope.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(outOfScope.bytes.toString('utf8')).code).toBe('REPORT_OUT_OF_SCOPE');

      const paged = await coord.request('GET', `/reports/stuck-cases?format=csv&limit=5`);
      expect(paged.status).toBe(400);
      expect(paged.body.details).toEqual([expect.objectContaining({ field: 'limit', rule: 'NOT_WITH_FORMAT' })]);
      const partWithoutCsv = await coord.request('GET', `/reports/bottlenecks?part=ranking`);
      expect(partWithoutCsv.status).toBe(400);
      expect(partWithoutCsv.body.details).toEqual([
        expect.objectContaining({ field: 'part', rule: 'ONLY_WITH_FORMAT' }),
      ]);
      const badPart = await coord.request('GET', `/reports/bottlenecks?format=csv&part=everything`);
      expect(badPart.status).toBe(400);
      expect(badPart.body.details).toEqual([expect.objectContaining({ field: 'part', rule: 'NOT_ONE_OF' })]);
      const backwards = await download(
        coord,
        '/reports/bottlenecks?format=csv&from=2026-10-01T00:00:00Z&to=2026-09-01T00:00:00Z',
      );
      expect(backwards.status).toBe(400);
      expect(backwards.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });
});
