import { randomUUID } from 'node:crypto';
import { loginAs } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/** One working day lasts this many seconds, so a one-day limit passes while the suite runs. */
const WORKING_DAY_SECONDS = 2;

interface Row {
  id: string;
  applicationId: string;
  applicationNumber: string;
  enterpriseName: string;
  status: string;
  assignee: string | null;
  dueAt: string;
  createdAt: string;
  urges: unknown[];
}

describe('the staff workbench queue: filters, counts and the most urgent first (GET /api/tasks)', () => {
  const stack = new ProcessStack();
  let staff: ApiUser;
  let colleague: ApiUser;
  let coord: ApiUser;
  let applicant: ApiUser;
  let code: string;
  let shortCode: string;
  const tasks: Row[] = [];
  let short: Row;

  async function file(serviceCode: string): Promise<Row> {
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    return eventually(async () => {
      const page = await staff.request<{ items: Row[] }>('GET', `/tasks?serviceCode=${serviceCode}&limit=100`);
      return page.body.items.find((t) => t.applicationId === id) ?? false;
    });
  }

  async function all(query: string): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Row[]; nextCursor: string | null } } = await staff.request(
        'GET',
        `/tasks?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      rows.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return rows;
  }

  beforeAll(async () => {
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) } });
    const [c, cio, s1, s2, a] = await Promise.all(
      ['coord', 'cio.market', 'staff.market', 'staff2.market', 'applicant1'].map((u) => loginAs(stack, u)),
    );
    [coord, staff, colleague, applicant] = [c, s1, s2, a];
    code = `workbench-${randomUUID().slice(0, 8)}`;
    shortCode = `workbench-short-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: cio },
      code,
      overallLimitDays: 3650,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: { licence: stepConfig({ timeLimitDays: 365 }) },
    });
    await publishThroughApi({
      coord,
      cios: { market: cio },
      code: shortCode,
      overallLimitDays: 3650,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: { licence: stepConfig({ timeLimitDays: 1, timeoutPolicy: 'escalate' }) },
    });
    for (let i = 0; i < 5; i += 1) tasks.push(await file(code));
    short = await file(shortCode);
  });
  afterAll(() => stack.stop());

  test('mine and claimedByOthers split the claimed tasks between the caller and the other officers', async () => {
    expect((await staff.request('POST', `/tasks/${tasks[0].id}/claim`)).status).toBe(200);
    expect((await colleague.request('POST', `/tasks/${tasks[1].id}/claim`)).status).toBe(200);

    const mine = await all(`serviceCode=${code}&mine=true`);
    expect(mine.map((t) => t.id)).toEqual([tasks[0].id]);
    const others = await all(`serviceCode=${code}&claimedByOthers=true`);
    expect(others.map((t) => t.id)).toEqual([tasks[1].id]);
    expect(others[0].assignee).toBe('staff2.market');
    const open = await all(`serviceCode=${code}`);
    expect(open.map((t) => t.id)).toEqual(tasks.map((t) => t.id));
  });

  test('urged keeps the tasks the coordinating CIO urged', async () => {
    const urged = await coord.request('POST', `/applications/${tasks[2].applicationId}/steps/licence/urge`, {
      message: '请加快办理',
    });
    expect([200, 201]).toContain(urged.status);
    const rows = await eventually(async () => {
      const found = await all(`serviceCode=${code}&urged=true`);
      return found.length > 0 && found;
    });
    expect(rows.map((t) => t.id)).toEqual([tasks[2].id]);
    expect(rows[0].urges).toHaveLength(1);
  });

  test('q finds tasks by application number or enterprise name, case-insensitive, with LIKE wildcards taken literally', async () => {
    const number = tasks[3].applicationNumber;
    const byNumber = await all(`serviceCode=${code}&q=${encodeURIComponent(number.toLowerCase())}`);
    expect(byNumber.map((t) => t.id)).toEqual([tasks[3].id]);
    const byName = await all(`serviceCode=${code}&q=${encodeURIComponent(tasks[3].enterpriseName.slice(0, 2))}`);
    expect(byName).toHaveLength(tasks.length);
    expect(await all(`serviceCode=${code}&q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await all(`serviceCode=${code}&q=${encodeURIComponent('_')}`)).toEqual([]);
  });

  test('overdue keeps the tasks past their limit with the clock running', async () => {
    const rows = await eventually(async () => {
      const found = await all(`overdue=true&serviceCode=${shortCode}`);
      return found.some((t) => t.id === short.id) && found;
    }, 30_000);
    expect(rows.map((t) => t.id)).toContain(short.id);
    expect(await all(`overdue=true&serviceCode=${code}`)).toEqual([]);
  });

  test('sort=urgency pages through the earliest due first, on its own keyset', async () => {
    const rows = await all('sort=urgency');
    const dues = rows.map((t) => new Date(t.dueAt).getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(new Set(rows.map((t) => t.id)).size).toBe(rows.length);
    // Tasks filed together with the same limit come in filing order; the one-day limit first.
    const ours = rows.filter((t) => t.id === short.id || tasks.some((o) => o.id === t.id)).map((t) => t.id);
    expect(ours[0]).toBe(short.id);
    expect(ours).toHaveLength(tasks.length + 1);
    const byCreation = await all(`serviceCode=${code}&sort=created`);
    expect(byCreation.map((t) => t.id)).toEqual(tasks.map((t) => t.id));
  });

  test('counts match what the tabs list', async () => {
    const counts = await staff.request('GET', '/tasks/counts');
    expect(counts.status).toBe(200);
    const pending = await all('status=pending');
    const mine = await all('mine=true');
    const others = await all('status=claimed&claimedByOthers=true');
    const paused = await all('status=paused');
    const awaiting = await all('status=awaiting_applicant');
    expect(counts.body).toMatchObject({
      pending: pending.length,
      mine: mine.length,
      claimedByOthers: others.length,
      paused: paused.length,
      awaitingApplicant: awaiting.length,
    });
    expect(typeof counts.body.done).toBe('number');
    expect(counts.body.mine).toBeGreaterThanOrEqual(1);
    expect(counts.body.claimedByOthers).toBeGreaterThanOrEqual(1);
  });

  test('a malformed filter is refused naming the field', async () => {
    for (const [query, field] of [
      ['mine=yes', 'mine'],
      ['overdue=1', 'overdue'],
      ['urged=maybe', 'urged'],
      ['claimedByOthers=x', 'claimedByOthers'],
      ['sort=oldest', 'sort'],
      [`q=${'x'.repeat(101)}`, 'q'],
    ]) {
      const response = await staff.request('GET', `/tasks?${query}`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain(`"${field}"`);
    }
  });
});
