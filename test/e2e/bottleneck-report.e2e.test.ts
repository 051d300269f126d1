import { randomUUID } from 'node:crypto';
import { claimAndDecide, loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/**
 * The bottleneck report through HTTP: a parallel stage that fire finishes last, the figures per
 * department and per department × service, the ranking with its reason in both languages, and
 * what a department CIO may see.
 */
describe('the bottleneck report', () => {
  const stack = new ProcessStack();
  let coord: ApiUser;
  let marketCio: ApiUser;
  let fireCio: ApiUser;
  let marketStaff: ApiUser;
  let fireStaff: ApiUser;
  let applicant: ApiUser;
  let serviceCode: string;
  let window: string;
  let decidedCase: string;
  let openCase: string;

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

  beforeAll(async () => {
    await stack.start();
    [coord, marketCio, fireCio, marketStaff, fireStaff, applicant] = await Promise.all(
      ['coord', 'cio.market', 'cio.fire', 'staff.market', 'staff.fire', 'applicant1'].map((u) => loginAs(stack, u)),
    );
    serviceCode = `bottleneck-${randomUUID().slice(0, 8)}`;
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

    // One case through the parallel stage: market decides first, fire last.
    decidedCase = await file();
    expect((await claimAndDecide(marketStaff, (await taskOf(marketStaff, decidedCase)).id, 'approve')).status).toBe(
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await claimAndDecide(fireStaff, (await taskOf(fireStaff, decidedCase)).id, 'approve')).status).toBe(200);
    await eventually(
      async () => (await applicant.request('GET', `/applications/${decidedCase}`)).body.status === 'approved',
    );
    // Another still waiting on fire (market has approved).
    openCase = await file();
    expect((await claimAndDecide(marketStaff, (await taskOf(marketStaff, openCase)).id, 'approve')).status).toBe(200);
    await taskOf(fireStaff, openCase);
    window = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`;
  });
  afterAll(() => stack.stop());

  test('the coordinating CIO sees every department, fire last in the parallel stage, and fire ranked with the reason and the stuck case', async () => {
    const response = await coord.request('GET', `/reports/bottlenecks?serviceCode=${serviceCode}&${window}`);
    expect(response.status).toBe(200);
    const report = response.body;
    const market = report.departments.find((row: { departmentCode: string }) => row.departmentCode === 'market');
    const fire = report.departments.find((row: { departmentCode: string }) => row.departmentCode === 'fire');
    expect(market).toMatchObject({ arrivals: 2, throughput: 2, wip: 0, breaches: 0 });
    expect(fire).toMatchObject({ arrivals: 2, throughput: 1, wip: 1 });
    expect(market.criticalPath).toMatchObject({ stages: 1, timesLast: 0, share: 0 });
    expect(fire.criticalPath).toMatchObject({ stages: 1, timesLast: 1, share: 1 });
    expect(fire.criticalPath.totalHoursAdded).toBeGreaterThan(0);
    expect(fire.queueTime.count).toBe(1);
    expect(fire.queueTime.p50Hours).toBeGreaterThan(0);

    expect(report.services.map((row: { serviceCode: string }) => row.serviceCode)).toEqual([serviceCode, serviceCode]);
    expect(
      report.steps.map((row: { departmentCode: string; stepKey: string; throughput: number }) => [
        row.departmentCode,
        row.stepKey,
        row.throughput,
      ]),
    ).toEqual([
      ['fire', 'fire-check', 1],
      ['market', 'licence', 2],
    ]);
    expect(report.ranking[0]).toMatchObject({
      rank: 1,
      departmentCode: 'fire',
      serviceCode,
      timesLast: 1,
      share: 1,
      stuckCases: [openCase],
    });
    expect(report.ranking[0].reason).toMatch(/^消防.*并联阶段中 100% 的办件最后完成/);
    expect(report.ranking.some((entry: { departmentCode: string }) => entry.departmentCode === 'market')).toBe(false);

    const english = await coord.request('GET', `/reports/bottlenecks?serviceCode=${serviceCode}&${window}`, undefined, {
      'accept-language': 'en',
    });
    expect(english.body.ranking[0].reason).toMatch(/finished last in 100% of the parallel stages/);
  });

  test("a department CIO sees only their own department, and is refused another's", async () => {
    const own = await marketCio.request('GET', `/reports/bottlenecks?serviceCode=${serviceCode}&${window}`);
    expect(own.status).toBe(200);
    expect(own.body.departmentCode).toBe('market');
    expect(own.body.departments.map((row: { departmentCode: string }) => row.departmentCode)).toEqual(['market']);
    expect(own.body.ranking).toEqual([]);

    const other = await marketCio.request('GET', `/reports/bottlenecks?departmentCode=fire&${window}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('REPORT_OUT_OF_SCOPE');
    expect((await marketStaff.request('GET', `/reports/bottlenecks`)).status).toBe(403);
  });

  test('a bad window or an unknown service is refused, naming the field', async () => {
    const backwards = await coord.request(
      'GET',
      '/reports/bottlenecks?from=2026-10-01T00:00:00Z&to=2026-09-01T00:00:00Z',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'to', rule: 'WINDOW_NOT_FORWARD' })]);
    const unknown = await coord.request('GET', '/reports/bottlenecks?serviceCode=no-such-service');
    expect(unknown.status).toBe(404);
    const weeks = await coord.request('GET', '/reports/trend?weeks=0');
    expect(weeks.status).toBe(400);
  });

  test('the trend gives the figures week by week, the last week holding this case', async () => {
    const response = await coord.request('GET', `/reports/trend?weeks=3&serviceCode=${serviceCode}`);
    expect(response.status).toBe(200);
    expect(response.body.weeks).toHaveLength(3);
    const [first, , last] = response.body.weeks;
    expect(new Date(first.weekStart).getTime()).toBe(new Date(last.weekStart).getTime() - 14 * 24 * 3600 * 1000);
    const fireThisWeek = last.departments.find((row: { departmentCode: string }) => row.departmentCode === 'fire');
    expect(fireThisWeek).toMatchObject({ arrivals: 2, throughput: 1 });
    expect(fireThisWeek.criticalPath.timesLast).toBe(1);
  });
});
