import { randomUUID } from 'node:crypto';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/**
 * A working day lasts 4 s. PUT /services/:code/steps/:key does not take `supervision` yet, so the
 * steps run on the default ladder: a warning 1 working day before the limit, a red card 2 after it.
 */
// Long enough that a rung due at once (a 1-day limit warns 1 day before it) is still recorded
// before the limit on a machine busy with other work.
const WORKING_DAY_SECONDS = 4;
const DAY_MS = WORKING_DAY_SECONDS * 1000;
const RED_AFTER_DAYS = 2;

interface Notification {
  id: string;
  kind: string;
  urgent: boolean;
  applicationId?: string;
  stepKey?: string;
}

interface Card {
  level: string;
  at: string;
}

const ms = (instant: string): number => Date.parse(instant);

describe('the supervision ladder and deemed approval on the demo clock, through HTTP', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  let escalating: string;
  let slowEscalating: string;
  let deemed: string;
  let shortOverall: string;

  beforeAll(async () => {
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) } });
    for (const name of [
      'applicant1',
      'coord',
      'staff.market',
      'staff2.market',
      'cio.market',
      'staff.fire',
      'cio.fire',
    ]) {
      users[name] = await loginAs(stack, name);
    }
    const cios = { market: users['cio.market'], fire: users['cio.fire'] };
    // The overall limit stays far off, so the only notifications are the steps' own.
    const overallLimitDays = 3650;
    escalating = `ladder-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: escalating,
      overallLimitDays,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: { licence: stepConfig({ timeLimitDays: 1, timeoutPolicy: 'escalate' }) },
    });
    slowEscalating = `ladder-slow-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: slowEscalating,
      overallLimitDays,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: { licence: stepConfig({ timeLimitDays: 6, timeoutPolicy: 'escalate' }) },
    });
    deemed = `deemed-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: deemed,
      overallLimitDays,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: ['licence'] },
      ],
      configs: {
        licence: stepConfig({ timeLimitDays: 1, timeoutPolicy: 'deemed_approval' }),
        'fire-check': stepConfig({ timeLimitDays: 365 }),
      },
    });
    shortOverall = `overall-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: shortOverall,
      overallLimitDays: 1,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: { licence: stepConfig({ timeLimitDays: 1, timeoutPolicy: 'escalate' }) },
    });
  });
  afterAll(() => stack.stop());

  async function file(serviceCode: string): Promise<string> {
    const filed = await users.applicant1.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    return filed.body.id as string;
  }

  async function notificationsAbout(user: ApiUser, applicationId: string): Promise<Notification[]> {
    const inbox = await user.request<{ items: Notification[] }>('GET', '/notifications?limit=100');
    expect(inbox.status).toBe(200);
    return inbox.body.items.filter((n) => n.applicationId === applicationId);
  }

  const kindsOf = (notifications: Notification[]) => notifications.map((n) => n.kind).sort();

  async function eventKinds(
    applicationId: string,
  ): Promise<{ kind: string; stepKey?: string; actor: unknown; data: Record<string, unknown> }[]> {
    const events = await users.coord.request('GET', `/applications/${applicationId}/events`);
    expect(events.status).toBe(200);
    return events.body.items;
  }

  test('an escalating step gets a warning, a yellow card at its limit and a red card after it, each once, told to the right people', async () => {
    const id = await file(escalating);
    const officer = users['staff.market'];
    const row = await eventually(async () => {
      const task = (await queueFor(officer, id)).find((t) => t.stepKey === 'licence') as
        { id: string; dueAt: string; cards: Card[] } | undefined;
      return task && task.cards.some((c) => c.level === 'red') && task;
    }, 60_000);
    // Two more working days: no rung comes again.
    await new Promise((resolve) => setTimeout(resolve, 2 * DAY_MS));

    const task = (await officer.request('GET', `/tasks/${row.id}`)).body;
    expect(task.cards.map((c: Card) => c.level)).toEqual(['warning', 'yellow', 'red']);
    const [warning, yellow, red] = task.cards.map((c: Card) => ms(c.at));
    expect(warning).toBeLessThan(ms(task.dueAt));
    expect(yellow).toBeGreaterThanOrEqual(ms(task.dueAt));
    expect(red).toBeGreaterThanOrEqual(ms(task.dueAt) + RED_AFTER_DAYS * DAY_MS);
    expect(task).toMatchObject({ status: 'pending', breachedAt: expect.any(String) });

    const detail = (await users.coord.request('GET', `/applications/${id}`)).body;
    expect(detail.steps[0]).toMatchObject({ key: 'licence', status: 'active', cards: task.cards, deemed: false });
    expect(detail.steps[0].breachedAt).toEqual(expect.any(String));
    // The cards are internal supervision; the enterprise sees the breach, not the cards.
    const asApplicant = (await users.applicant1.request('GET', `/applications/${id}`)).body;
    expect(asApplicant.steps[0]).toMatchObject({ key: 'licence', cards: [], breachedAt: detail.steps[0].breachedAt });

    const events = await eventKinds(id);
    const supervision = events.filter((e) => ['warning', 'yellow_card', 'red_card', 'breached'].includes(e.kind));
    expect(supervision.map((e) => e.kind).sort()).toEqual(['breached', 'red_card', 'warning', 'yellow_card']);
    for (const event of supervision) expect(event).toMatchObject({ stepKey: 'licence', actor: null });

    // The warning: the department's officers (nobody has claimed the task) and its CIO. The cards:
    // the department CIO and the coordinating CIO, the red one urgent.
    expect(kindsOf(await notificationsAbout(users['staff.market'], id))).toEqual(['warning']);
    expect(kindsOf(await notificationsAbout(users['staff2.market'], id))).toEqual(['warning']);
    const toCio = await notificationsAbout(users['cio.market'], id);
    expect(kindsOf(toCio)).toEqual(['red_card', 'warning', 'yellow_card']);
    const toCoord = await notificationsAbout(users.coord, id);
    expect(kindsOf(toCoord)).toEqual(['red_card', 'yellow_card']);
    for (const notification of [...toCio, ...toCoord]) {
      expect(notification.urgent).toBe(notification.kind === 'red_card');
      expect(notification.stepKey).toBe('licence');
    }
    for (const name of ['staff.fire', 'cio.fire', 'applicant1']) {
      expect(await notificationsAbout(users[name], id)).toEqual([]);
    }
  });

  test("the warning on a claimed step goes to the officer holding it, not the department's other officers", async () => {
    const id = await file(slowEscalating);
    const holder = users['staff.market'];
    const task = await eventually(async () => (await queueFor(holder, id)).find((t) => t.stepKey === 'licence'));
    // The warning falls 1 working day (4 s) before a 6-day limit: 20 s from now.
    expect((await holder.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);

    const warned = await eventually(async () => {
      const body = (await holder.request('GET', `/tasks/${task.id}`)).body;
      return body.cards.length > 0 && body;
    }, 60_000);
    expect(warned.cards.map((c: Card) => c.level)).toEqual(['warning']);
    expect(
      kindsOf(await eventually(async () => notificationsAbout(holder, id).then((n) => n.length > 0 && n))),
    ).toEqual(['warning']);
    expect(kindsOf(await notificationsAbout(users['cio.market'], id))).toEqual(['warning']);
    expect(await notificationsAbout(users['staff2.market'], id)).toEqual([]);
    expect(await notificationsAbout(users.coord, id)).toEqual([]);
  });

  test('a deemed-approval step is approved by the system at its limit, the route moves on, and both CIOs are told', async () => {
    const id = await file(deemed);
    const fireTask = await eventually(
      async () => (await queueFor(users['staff.fire'], id)).find((t) => t.stepKey === 'fire-check'),
      60_000,
    );
    expect(fireTask).toMatchObject({ status: 'pending', round: 1 });

    const detail = (await users.applicant1.request('GET', `/applications/${id}`)).body;
    const licence = detail.steps.find((s: { key: string }) => s.key === 'licence');
    expect(licence).toMatchObject({
      status: 'approved',
      outcome: 'approve',
      deemed: true,
      basis: 'deemed',
      clock: 'stopped',
      breachedAt: expect.any(String),
    });
    expect(ms(licence.decidedAt)).toBeGreaterThanOrEqual(ms(licence.dueAt));
    expect(detail.status).toBe('in_progress');
    expect(detail.steps.find((s: { key: string }) => s.key === 'fire-check')).toMatchObject({
      status: 'active',
      deemed: false,
    });

    const events = (await eventKinds(id)).filter((e) => e.stepKey === 'licence');
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'deemed_approved')).toHaveLength(1);
    expect(kinds).toContain('breached');
    expect(events.find((e) => e.kind === 'decided')).toMatchObject({
      actor: null,
      data: expect.objectContaining({ outcome: 'approve', basis: 'deemed' }),
    });

    // The department CIO and the coordinating CIO are told of the deemed approval; the officers only got the warning.
    const deemedTo = async (user: ApiUser) =>
      eventually(async () => {
        const items = (await notificationsAbout(user, id)).filter((n) => n.kind === 'deemed_approved');
        return items.length > 0 && items;
      });
    for (const name of ['cio.market', 'coord']) {
      const told = await deemedTo(users[name]);
      expect(told).toEqual([expect.objectContaining({ stepKey: 'licence', urgent: false })]);
    }
    expect(kindsOf(await notificationsAbout(users['staff.market'], id))).toEqual(['warning']);
    expect(await notificationsAbout(users['staff.fire'], id)).toEqual([]);
  });

  test('an application past its overall limit shows overdue, and the coordinating CIO is told', async () => {
    const id = await file(shortOverall);
    const detail = await eventually(async () => {
      const body = (await users.applicant1.request('GET', `/applications/${id}`)).body;
      return body.overdue === true && body;
    }, 60_000);
    expect(detail).toMatchObject({ status: 'in_progress', clock: 'running' });
    expect(Date.now()).toBeGreaterThanOrEqual(ms(detail.dueAt));

    const breach = await eventually(async () =>
      (await eventKinds(id)).find((e) => e.kind === 'breached' && e.stepKey === undefined),
    );
    expect(breach).toMatchObject({ actor: null, data: expect.objectContaining({ scope: 'application' }) });
    const told = await eventually(async () => {
      const items = (await notificationsAbout(users.coord, id)).filter((n) => n.kind === 'breached');
      return items.length > 0 && items;
    });
    expect(told).toEqual([expect.objectContaining({ kind: 'breached', urgent: false })]);
    expect((await notificationsAbout(users['cio.market'], id)).map((n) => n.kind)).not.toContain('breached');
  });
});
