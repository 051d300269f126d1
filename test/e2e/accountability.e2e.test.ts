import { randomUUID } from 'node:crypto';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/**
 * On the demo clock a working day is an hour of wall-clock time with no weekends or holidays, so a
 * stopped clock moves a due date out by exactly the wall-clock time it was stopped, and no limit
 * passes while these tests run.
 */
const WORKING_DAY_SECONDS = 3600;
const OVERALL_LIMIT_DAYS = 30;

interface LoggedEvent {
  id: string;
  at: string;
  kind: string;
  stepKey?: string;
  round?: number;
  actor: { id: string | null; username: string; role: string | null; departmentCode: string | null } | null;
  data: Record<string, unknown>;
}

const ms = (instant: string): number => Date.parse(instant);
const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

describe('accountable clocks, reassignment, urging and the event log through HTTP', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  /** One market step: pause/resume, decision checks and supplement rounds. */
  let single: string;
  /** market ∥ fire, then health: reassignment, urging and event scoping. */
  let route: string;

  beforeAll(async () => {
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) } });
    const names = [
      'applicant1',
      'applicant2',
      'coord',
      'staff.market',
      'staff2.market',
      'cio.market',
      'staff.fire',
      'cio.fire',
      'staff.health',
      'staff.tax',
      'staff.environment',
    ];
    for (const name of names) users[name] = await loginAs(stack, name);
    const cios = {
      market: users['cio.market'],
      fire: users['cio.fire'],
      health: await loginAs(stack, 'cio.health'),
    };
    single = `clock-single-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: single,
      overallLimitDays: OVERALL_LIMIT_DAYS,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: {
        licence: stepConfig({
          timeLimitDays: 10,
          materials: [{ code: 'articles', name: '公司章程', kind: 'core' }],
        }),
      },
    });
    route = `clock-route-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: route,
      overallLimitDays: OVERALL_LIMIT_DAYS,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
        { key: 'permit', departmentCode: 'health', after: ['licence', 'fire-check'] },
      ],
      configs: {
        licence: stepConfig({ timeLimitDays: 10 }),
        'fire-check': stepConfig({ timeLimitDays: 10 }),
        permit: stepConfig({ timeLimitDays: 10 }),
      },
    });
  });
  afterAll(() => stack.stop());

  async function file(serviceCode: string, applicant = users.applicant1): Promise<string> {
    const materials = serviceCode === single ? [{ code: 'articles', content: '公司章程 …' }] : [];
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials },
      { 'idempotency-key': randomUUID() },
    );
    if (filed.status !== 201) throw new Error(`file ${serviceCode}: ${filed.status} ${JSON.stringify(filed.body)}`);
    return filed.body.id as string;
  }

  /** The open task of a step in the officer's queue, once the workflow has created it. */
  async function openTask(officer: ApiUser, applicationId: string, stepKey: string, round = 1) {
    return eventually(async () =>
      (await queueFor(officer, applicationId)).find((t) => t.stepKey === stepKey && t.round === round),
    );
  }

  async function claimed(officer: ApiUser, applicationId: string, stepKey: string) {
    const task = await openTask(officer, applicationId, stepKey);
    const claim = await officer.request('POST', `/tasks/${task.id}/claim`);
    expect(claim.status).toBe(200);
    return claim.body;
  }

  async function eventsOf(applicationId: string, reader = users.coord): Promise<LoggedEvent[]> {
    const response = await reader.request<{ items: LoggedEvent[] }>('GET', `/applications/${applicationId}/events`);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  async function eventOf(applicationId: string, kind: string, match: (e: LoggedEvent) => boolean = () => true) {
    return eventually(async () => (await eventsOf(applicationId)).find((e) => e.kind === kind && match(e)));
  }

  const actorOf = (user: ApiUser) => ({
    id: user.user.id,
    username: user.user.username,
    role: user.user.role,
    departmentCode: user.user.departmentCode ?? null,
  });

  test('pausing needs a reason from the fixed list and the officer holding the task', async () => {
    const id = await file(single);
    const task = await claimed(users['staff.market'], id, 'licence');
    const officer = users['staff.market'];

    const noReason = await officer.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'pause',
      opinion: '现场核查',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toContain('reason');

    const unknownReason = await officer.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'pause',
      reason: 'holiday',
      opinion: '休假',
    });
    expect(unknownReason.status).toBe(400);
    expect(unknownReason.body.code).toBe('VALIDATION_FAILED');
    expect(unknownReason.body.details.map((d: { field: string }) => d.field)).toContain('reason');

    const notHolder = await users['staff2.market'].request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'pause',
      reason: 'inspection',
      opinion: '现场核查',
    });
    expect(notHolder.status).toBe(403);
    expect(notHolder.body.code).toBe('NOT_TASK_ASSIGNEE');

    // Nothing was paused by the refused requests.
    const unchanged = await officer.request('GET', `/tasks/${task.id}`);
    expect(unchanged.body).toMatchObject({ status: 'claimed', clock: 'running', pause: null });
    expect((await eventsOf(id)).map((e) => e.kind)).not.toContain('paused');
  });

  test("a paused task's clock stops; resuming moves its due date out by exactly the paused time", async () => {
    const id = await file(single);
    const officer = users['staff.market'];
    const task = await claimed(officer, id, 'licence');
    const dueBefore: string = task.dueAt;

    const paused = await officer.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'pause',
      reason: 'inspection',
      opinion: '需现场核查经营场所',
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ stepKey: 'licence', round: 1, outcome: 'pause', clock: 'stopped' });
    expect(ms(paused.body.dueAt)).toBe(ms(dueBefore));
    expect(paused.body.remainingWorkingDays).toBeGreaterThan(9.9);
    expect(paused.body.remainingWorkingDays).toBeLessThanOrEqual(10);
    expect(paused.body.task).toMatchObject({
      id: task.id,
      status: 'paused',
      clock: 'stopped',
      assignee: 'staff.market',
      pause: { reason: 'inspection', since: expect.any(String) },
      remainingWorkingDays: paused.body.remainingWorkingDays,
    });

    // While paused the task cannot be decided, nor paused again.
    const decideWhilePaused = await officer.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(decideWhilePaused.status).toBe(409);
    const pauseTwice = await officer.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'pause',
      reason: 'hearing',
      opinion: '听证',
    });
    expect(pauseTwice.status).toBe(409);

    // The step shows the stopped clock; with its only step paused, nobody in government holds the
    // case, so the overall clock stops too.
    const whilePaused = await eventually(async () => {
      const detail = (await users.applicant1.request('GET', `/applications/${id}`)).body;
      return detail.clock === 'stopped' && detail;
    });
    expect(whilePaused).toMatchObject({ overdue: false, dueAt: expect.any(String) });
    expect(whilePaused.steps[0]).toMatchObject({
      key: 'licence',
      status: 'active',
      clock: 'stopped',
      pause: { reason: 'inspection', since: paused.body.task.pause.since },
    });

    await pause(1500);
    const notHolder = await users['staff2.market'].request('POST', `/tasks/${task.id}/decision`, { outcome: 'resume' });
    expect(notHolder.status).toBe(403);
    expect(notHolder.body.code).toBe('NOT_TASK_ASSIGNEE');

    const resumed = await officer.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'resume',
      opinion: '核查完毕',
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ stepKey: 'licence', round: 1, outcome: 'resume', clock: 'running' });
    expect(resumed.body.task).toMatchObject({
      status: 'claimed',
      clock: 'running',
      assignee: 'staff.market',
      pause: null,
      remainingWorkingDays: null,
      dueAt: resumed.body.dueAt,
    });

    const pausedEvent = await eventOf(id, 'paused');
    const resumedEvent = await eventOf(id, 'resumed');
    expect(pausedEvent).toMatchObject({
      stepKey: 'licence',
      round: 1,
      actor: actorOf(officer),
      data: { reason: 'inspection', opinion: '需现场核查经营场所' },
    });
    expect(ms(pausedEvent.at)).toBe(ms(paused.body.task.pause.since));
    expect(resumedEvent).toMatchObject({ stepKey: 'licence', round: 1, actor: actorOf(officer) });
    const pausedMs = ms(resumedEvent.at) - ms(pausedEvent.at);
    expect(pausedMs).toBeGreaterThanOrEqual(1500);
    expect(ms(resumed.body.dueAt) - ms(dueBefore)).toBe(pausedMs);

    // The overall clock shifts the same way, by the time it was stopped.
    const afterResume = await eventually(async () => {
      const detail = (await users.applicant1.request('GET', `/applications/${id}`)).body;
      return detail.clock === 'running' && detail;
    });
    const stopped = await eventOf(id, 'clock_stopped');
    const restarted = await eventOf(id, 'clock_resumed');
    expect(ms(afterResume.dueAt) - ms(whilePaused.dueAt)).toBe(ms(restarted.at) - ms(stopped.at));
    expect(afterResume.steps[0]).toMatchObject({ clock: 'running', pause: null, dueAt: resumed.body.dueAt });

    const approved = await officer.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ stepStatus: 'approved', applicationStatus: 'approved' });
  });

  test("the application's overall due date is overallLimitDays working days from filing, and it is not overdue", async () => {
    const id = await file(single);
    const detail = await eventually(async () => {
      const body = (await users.applicant1.request('GET', `/applications/${id}`)).body;
      return body.dueAt && body;
    });
    expect(detail).toMatchObject({ clock: 'running', overdue: false });
    expect(ms(detail.dueAt) - ms(detail.filedAt)).toBe(OVERALL_LIMIT_DAYS * WORKING_DAY_SECONDS * 1000);
  });

  test('a decision refuses fields its outcome does not use and supplement items the service does not have', async () => {
    const id = await file(single);
    const officer = users['staff.market'];
    const task = await claimed(officer, id, 'licence');
    const decide = (body: Record<string, unknown>) => officer.request('POST', `/tasks/${task.id}/decision`, body);

    const reasonWithApprove = await decide({ outcome: 'approve', opinion: '同意', reason: 'inspection' });
    expect(reasonWithApprove.status).toBe(422);
    expect(reasonWithApprove.body.code).toBe('FIELD_NOT_FOR_OUTCOME');
    expect(reasonWithApprove.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);

    const itemsWithApprove = await decide({
      outcome: 'approve',
      opinion: '同意',
      items: [{ kind: 'other', reason: '无' }],
    });
    expect(itemsWithApprove.status).toBe(422);
    expect(itemsWithApprove.body.code).toBe('FIELD_NOT_FOR_OUTCOME');
    expect(itemsWithApprove.body.details.map((d: { field: string }) => d.field)).toEqual(['items']);

    const unknownMaterial = await decide({
      outcome: 'request_supplement',
      opinion: '请补正',
      items: [{ kind: 'material', materialCode: 'no-such-material', reason: '缺少' }],
    });
    expect(unknownMaterial.status).toBe(422);
    expect(unknownMaterial.body.code).toBe('SUPPLEMENT_ITEM_INVALID');
    expect(unknownMaterial.body.details.map((d: { field: string }) => d.field)).toEqual(['items.0.materialCode']);

    // None of the refused requests decided anything.
    expect((await officer.request('GET', `/tasks/${task.id}`)).body).toMatchObject({
      status: 'claimed',
      outcome: null,
    });
    expect((await eventsOf(id)).map((e) => e.kind)).not.toContain('decided');
  });

  test('a supplement round keeps the step clock: round 2 is due later by exactly the time the case waited on the applicant', async () => {
    const id = await file(single);
    const officer = users['staff.market'];
    const round1 = await claimed(officer, id, 'licence');
    // Time spent handling round 1 is the department's: a fresh limit for round 2 would hand it back.
    await pause(1000);
    const items = [
      { kind: 'material', materialCode: 'articles', reason: '章程未盖章' },
      { kind: 'other', reason: '请补充法定代表人身份证明' },
    ];
    const requested = await officer.request('POST', `/tasks/${round1.id}/decision`, {
      outcome: 'request_supplement',
      opinion: '材料不全，请补正',
      items,
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ stepStatus: 'awaiting_applicant', applicationStatus: 'awaiting_applicant' });
    expect(requested.body.task).toMatchObject({ status: 'awaiting_applicant', clock: 'stopped' });

    const supplementRequested = await eventOf(id, 'supplement_requested');
    expect(supplementRequested).toMatchObject({ stepKey: 'licence', round: 1, actor: actorOf(officer) });
    expect(supplementRequested.data.items).toEqual(items);

    const waiting = await eventually(async () => {
      const detail = (await users.applicant1.request('GET', `/applications/${id}`)).body;
      return detail.status === 'awaiting_applicant' && detail.clock === 'stopped' && detail;
    });
    expect(waiting.steps[0]).toMatchObject({ status: 'awaiting_applicant', clock: 'stopped' });

    await pause(1500);
    const answered = await users.applicant1.request('POST', `/applications/${id}/supplements`, {
      note: '已补交盖章章程及身份证明',
    });
    expect(answered.status).toBe(200);

    const round2 = await openTask(officer, id, 'licence', 2);
    const round2Created = await eventOf(id, 'task_created', (e) => e.stepKey === 'licence' && e.round === 2);
    const waitedMs = ms(round2Created.at) - ms(supplementRequested.at);
    expect(waitedMs).toBeGreaterThanOrEqual(1500);
    const round2Task = (await officer.request('GET', `/tasks/${round2.id}`)).body;
    expect(round2Task).toMatchObject({ round: 2, status: 'pending', clock: 'running' });
    expect(ms(round2Task.dueAt) - ms(round1.dueAt)).toBe(waitedMs);

    const answeredEvent = await eventOf(id, 'supplement_answered');
    expect(answeredEvent.actor).toEqual(actorOf(users.applicant1));
  });

  test('an applicant who answers a supplement request at once gets the next round, however the answer lands', async () => {
    // The answer races the workflow stopping the overall clock for the supplement request; a few
    // cases give it several chances to land while that write is in flight.
    const officer = users['staff.market'];
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await file(single);
      const round1 = await claimed(officer, id, 'licence');
      const requested = await officer.request('POST', `/tasks/${round1.id}/decision`, {
        outcome: 'request_supplement',
        opinion: '请补正',
        items: [{ kind: 'other', reason: '请补正' }],
      });
      expect(requested.status).toBe(200);
      const answered = await users.applicant1.request('POST', `/applications/${id}/supplements`, { note: '已补正' });
      expect({ attempt, status: answered.status, body: answered.body }).toMatchObject({
        status: 200,
        body: { status: 'in_progress', steps: [{ key: 'licence', status: 'active', round: 2 }] },
      });
      const round2 = await openTask(officer, id, 'licence', 2);
      expect(round2.status).toBe('pending');
    }
  });

  test('a department CIO hands a task to a named officer of the department, recorded with who, to whom and why', async () => {
    const id = await file(route);
    const task = await openTask(users['staff.market'], id, 'licence');
    const cio = users['cio.market'];
    const reassign = (by: ApiUser, body: Record<string, unknown>) =>
      by.request('POST', `/tasks/${task.id}/reassign`, body);

    const byStaff = await reassign(users['staff.market'], { username: 'staff2.market', reason: '自行分派' });
    expect(byStaff.status).toBe(403);
    expect(byStaff.body.code).toBe('FORBIDDEN_ROLE');

    const byOtherCio = await reassign(users['cio.fire'], { username: 'staff.fire', reason: '跨部门' });
    expect(byOtherCio.status).toBe(403);
    expect(byOtherCio.body.code).toBe('TASK_OUT_OF_SCOPE');

    for (const username of ['staff.fire', 'nobody-of-that-name']) {
      const refused = await reassign(cio, { username, reason: '分派' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('OFFICER_NOT_ELIGIBLE');
      expect(refused.body.details.map((d: { field: string }) => d.field)).toEqual(['username']);
    }
    expect((await cio.request('GET', `/tasks/${task.id}`)).body).toMatchObject({ status: 'pending', assignee: null });

    const toSecond = await reassign(cio, { username: 'staff2.market', reason: '均衡工作量' });
    expect(toSecond.status).toBe(200);
    expect(toSecond.body).toMatchObject({ id: task.id, status: 'claimed', assignee: 'staff2.market' });

    const toFirst = await reassign(cio, { username: 'staff.market', reason: '原经办人休假' });
    expect(toFirst.status).toBe(200);
    expect(toFirst.body).toMatchObject({ status: 'claimed', assignee: 'staff.market' });

    const reassigned = (await eventsOf(id)).filter((e) => e.kind === 'reassigned');
    expect(reassigned).toEqual([
      expect.objectContaining({
        stepKey: 'licence',
        round: 1,
        actor: actorOf(cio),
        data: expect.objectContaining({ from: null, to: 'staff2.market', reason: '均衡工作量' }),
      }),
      expect.objectContaining({
        actor: actorOf(cio),
        data: expect.objectContaining({ from: 'staff2.market', to: 'staff.market', reason: '原经办人休假' }),
      }),
    ]);

    // The task is now the new holder's to decide, and no longer the previous one's.
    const previous = await users['staff2.market'].request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(previous.status).toBe(403);
    expect(previous.body.code).toBe('NOT_TASK_ASSIGNEE');
    const current = await users['staff.market'].request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(current.status).toBe(200);
  });

  test('only the coordinating CIO urges, and only a step its department holds', async () => {
    const id = await file(route);
    await openTask(users['staff.fire'], id, 'fire-check');
    const urge = (by: ApiUser, stepKey: string) =>
      by.request('POST', `/applications/${id}/steps/${stepKey}/urge`, { message: '请尽快办理' });

    for (const name of ['staff.fire', 'cio.fire', 'applicant1']) {
      const refused = await urge(users[name], 'fire-check');
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN_ROLE');
    }

    // permit waits for its predecessors: no department holds it yet.
    const waiting = await urge(users.coord, 'permit');
    expect(waiting.status).toBe(409);
    expect(waiting.body.code).toBe('STEP_NOT_OPEN');

    const unknown = await urge(users.coord, 'no-such-step');
    expect(unknown.status).toBe(404);

    const licence = await claimed(users['staff.market'], id, 'licence');
    const approve = await users['staff.market'].request('POST', `/tasks/${licence.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(approve.status).toBe(200);
    const decided = await urge(users.coord, 'licence');
    expect(decided.status).toBe(409);
    expect(decided.body.code).toBe('STEP_NOT_OPEN');

    // A step waiting on the applicant is not in its department's hands either.
    const fire = await claimed(users['staff.fire'], id, 'fire-check');
    const supplement = await users['staff.fire'].request('POST', `/tasks/${fire.id}/decision`, {
      outcome: 'request_supplement',
      opinion: '请补充消防平面图',
      items: [{ kind: 'other', reason: '请补充消防平面图' }],
    });
    expect(supplement.status).toBe(200);
    const awaitingApplicant = await urge(users.coord, 'fire-check');
    expect(awaitingApplicant.status).toBe(409);
    expect(awaitingApplicant.body.code).toBe('STEP_NOT_OPEN');

    expect((await eventsOf(id)).map((e) => e.kind)).not.toContain('urged');
  });

  test('an urge shows on the task row and the application step and reaches the holder and the department CIO', async () => {
    const id = await file(route);
    const holder = users['staff.fire'];
    const task = await claimed(holder, id, 'fire-check');
    const message = `请于本周内办结 ${randomUUID().slice(0, 8)}`;

    const urged = await users.coord.request('POST', `/applications/${id}/steps/fire-check/urge`, { message });
    expect(urged.status).toBe(201);
    expect(urged.body).toEqual({ id: expect.any(String), at: expect.any(String), message, by: 'coord' });

    const row = await eventually(async () => {
      const body = (await holder.request('GET', `/tasks/${task.id}`)).body;
      return body.urges.length > 0 && body;
    });
    expect(row.urges).toEqual([{ id: urged.body.id, at: urged.body.at, message, by: 'coord' }]);
    const stepAs = async (user: ApiUser) =>
      (await user.request('GET', `/applications/${id}`)).body.steps.find(
        (s: { key: string }) => s.key === 'fire-check',
      );
    expect((await stepAs(holder)).urges).toEqual(row.urges);
    expect((await stepAs(users.coord)).urges).toEqual(row.urges);
    // Urging is the government's internal supervision: the enterprise does not read it.
    expect((await stepAs(users.applicant1)).urges).toEqual([]);

    const urgedEvent = await eventOf(id, 'urged');
    expect(urgedEvent).toMatchObject({ stepKey: 'fire-check', round: 1, actor: actorOf(users.coord) });
    expect(urgedEvent.data).toMatchObject({ message });

    const urgesOf = async (user: ApiUser) => {
      const inbox = await user.request('GET', '/notifications?limit=100');
      expect(inbox.status).toBe(200);
      return inbox.body.items.filter(
        (n: { kind: string; applicationId?: string }) => n.kind === 'urged' && n.applicationId === id,
      );
    };
    for (const name of ['staff.fire', 'cio.fire']) {
      const received = await eventually(async () => {
        const items = await urgesOf(users[name]);
        return items.length > 0 && items;
      });
      expect(received).toEqual([
        expect.objectContaining({ kind: 'urged', stepKey: 'fire-check', applicationId: id, readAt: null }),
      ]);
      expect(received[0].body).toContain(message);
    }
    // Nobody else: not the other departments' people, not the coordinating CIO who urged.
    for (const name of ['staff.market', 'staff2.market', 'cio.market', 'coord', 'applicant1']) {
      expect(await urgesOf(users[name])).toEqual([]);
    }

    // A paused step is still in its department's hands: it can be urged.
    const paused = await holder.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'pause',
      reason: 'expert_review',
      opinion: '专家评审',
    });
    expect(paused.status).toBe(200);
    const again = await users.coord.request('POST', `/applications/${id}/steps/fire-check/urge`, { message: '再催' });
    expect(again.status).toBe(201);
    const urges = await eventually(async () => {
      const body = (await holder.request('GET', `/tasks/${task.id}`)).body;
      return body.urges.length === 2 && body.urges;
    });
    expect(urges.map((u: { message: string }) => u.message)).toEqual([message, '再催']);
  });

  test('the event log is scoped like the application, oldest first, with claim and release by their officer', async () => {
    const id = await file(route);
    const officer = users['staff.market'];
    const task = await claimed(officer, id, 'licence');
    const release = await officer.request('POST', `/tasks/${task.id}/release`);
    expect(release.status).toBe(200);
    expect((await officer.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);

    // The applicant who filed it, the departments with a task, and the coordinating CIO read it.
    for (const name of ['applicant1', 'staff.market', 'cio.market', 'staff.fire', 'coord']) {
      expect((await users[name].request('GET', `/applications/${id}/events`)).status).toBe(200);
    }
    // Another enterprise, and a department with no task on the case, do not even learn it exists.
    for (const name of ['applicant2', 'staff.tax', 'staff.health']) {
      const hidden = await users[name].request('GET', `/applications/${id}/events`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('APPLICATION_NOT_FOUND');
    }

    const events = await eventsOf(id, officer);
    expect(events[0]).toMatchObject({ kind: 'filed', actor: actorOf(users.applicant1) });
    for (let i = 1; i < events.length; i++) {
      expect(ms(events[i].at)).toBeGreaterThanOrEqual(ms(events[i - 1].at));
    }
    const handsOn = events.filter((e) => ['claimed', 'released'].includes(e.kind) && e.stepKey === 'licence');
    expect(handsOn.map((e) => e.kind)).toEqual(['claimed', 'released', 'claimed']);
    for (const event of handsOn) {
      expect(event).toMatchObject({
        round: 1,
        actor: actorOf(officer),
        data: expect.objectContaining({ taskId: task.id }),
      });
    }
    // The row keeps when the task was first claimed, which a release does not lose.
    const row = (await officer.request('GET', `/tasks/${task.id}`)).body;
    expect(ms(row.firstClaimedAt)).toBe(ms(handsOn[0].at));
    expect(ms(row.claimedAt)).toBe(ms(handsOn[2].at));
    const system = events.find((e) => e.kind === 'step_started');
    expect(system?.actor).toBeNull();

    // The enterprise reads the same log without the hand-overs inside the department and without
    // any officer's name: it learns which department holds its case, never who.
    const applicantView = await eventsOf(id, users.applicant1);
    expect(applicantView[0]).toMatchObject({ kind: 'filed', actor: actorOf(users.applicant1) });
    expect(applicantView.map((e) => e.kind)).not.toContain('claimed');
    expect(applicantView.map((e) => e.kind)).not.toContain('released');
    expect(applicantView.map((e) => e.id)).toEqual(
      events.filter((e) => !['claimed', 'released'].includes(e.kind)).map((e) => e.id),
    );
    expect(JSON.stringify(applicantView)).not.toContain(officer.user.username);
    const detail = (await users.applicant1.request('GET', `/applications/${id}`)).body;
    const licence = detail.steps.find((s: { key: string }) => s.key === 'licence');
    expect(licence).toMatchObject({ assignee: null, heldBy: 'department', departmentCode: 'market' });
    expect((await officer.request('GET', `/applications/${id}`)).body.steps).toContainEqual(
      expect.objectContaining({ key: 'licence', assignee: officer.user.username }),
    );
  });

  test('a step skipped by its include condition shows as skipped in the application right after filing', async () => {
    const filed = await users.applicant1.request(
      'POST',
      '/applications',
      { ...RESTAURANT_FILING, form: { ...RESTAURANT_FILING.form, seating_area_m2: 120 } },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    // No waiting for the workflow: the filing itself evaluated the condition.
    const detail = await users.applicant1.request('GET', `/applications/${filed.body.id}`);
    expect(detail.status).toBe(200);
    const environment = detail.body.steps.find((s: { key: string }) => s.key === 'environment-review');
    expect(environment).toMatchObject({ status: 'skipped', skipReason: expect.any(String) });
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toContain('step_skipped');
    // The department that was skipped never gets a task.
    await openTask(users['staff.market'], filed.body.id, 'business-licence');
    expect(await queueFor(users['staff.environment'], filed.body.id)).toEqual([]);
  });
});
