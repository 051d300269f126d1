import { randomUUID } from 'node:crypto';
import { createDataSource } from '../../libs/persistence/data-source';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

interface EligibleOfficer {
  username: string;
  displayName: string;
  openTasks: number;
  currentAssignee: boolean;
}

/** An active market officer who is not in the demo data, and one whose account was switched off. */
const EXTRA_OFFICER = 'staff3.market';
const INACTIVE_OFFICER = 'retired.market';

describe('GET /api/tasks/:id/eligible-officers: whom the department CIO can hand a task to, and their load', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  /** One market step anyone of the department may work. */
  let plain: string;
  /** One market step for the food-safety group (staff2.market only). */
  let grouped: string;
  /** One market step two different officers must approve (会签). */
  let twoReviewers: string;

  beforeAll(async () => {
    // Its own database: the loads counted are exactly the tasks this suite hands out.
    await stack.start({ ownDatabase: true });
    const db = createDataSource(stack.databaseUrl, 1);
    await db.initialize();
    try {
      await db.query(
        `INSERT INTO accounts (username, password_hash, display_name, role, department_code, active)
         VALUES ($1, 'not-a-hash', '市场监督管理局 经办人 (三)', 'staff', 'market', true),
                ($2, 'not-a-hash', '市场监督管理局 已调离人员', 'staff', 'market', false)`,
        [EXTRA_OFFICER, INACTIVE_OFFICER],
      );
    } finally {
      await db.destroy();
    }
    for (const name of ['coord', 'cio.market', 'cio.fire', 'staff.market', 'staff2.market', 'applicant1']) {
      users[name] = await loginAs(stack, name);
    }
    const publish = async (prefix: string, config: Record<string, unknown>) => {
      const code = `${prefix}-${randomUUID().slice(0, 8)}`;
      await publishThroughApi({
        coord: users.coord,
        cios: { market: users['cio.market'] },
        code,
        route: [{ key: 'licence', departmentCode: 'market', after: [] }],
        configs: { licence: stepConfig(config) },
      });
      return code;
    };
    plain = await publish('officers-plain', {});
    grouped = await publish('officers-grouped', { handling: { group: 'food-safety', reviewers: 1 } });
    twoReviewers = await publish('officers-two', { handling: { reviewers: 2 } });
  });
  afterAll(() => stack.stop());

  /** Files a case of the service and returns its market task once the workflow has made it. */
  async function marketTask(serviceCode: string): Promise<{ id: string }> {
    const filed = await users.applicant1.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    return eventually(async () => (await queueFor(users['cio.market'], filed.body.id as string))[0]);
  }

  async function eligible(taskId: string, by = users['cio.market']) {
    return by.request<EligibleOfficer[]>('GET', `/tasks/${taskId}/eligible-officers`);
  }

  async function claim(officer: ApiUser, taskId: string) {
    expect((await officer.request('POST', `/tasks/${taskId}/claim`)).status).toBe(200);
  }

  const loads = (list: EligibleOfficer[]) => Object.fromEntries(list.map((o) => [o.username, o.openTasks]));

  test("lists the department's active officers, least loaded first, counting the tasks each holds (claimed or paused)", async () => {
    const task = await marketTask(plain);
    const before = await eligible(task.id);
    expect(before.status).toBe(200);
    // Neither the CIO, nor another department's officer, nor a switched-off account.
    expect(before.body.map((o) => o.username).sort()).toEqual(['staff.market', 'staff2.market', EXTRA_OFFICER].sort());
    expect(before.body.find((o) => o.username === 'staff2.market')).toMatchObject({
      displayName: '市场监督管理局 经办人 (二, 食品安全科)',
      currentAssignee: false,
    });
    const baseline = loads(before.body);

    // staff.market holds one claimed and one paused task; the one it approved no longer loads it.
    const [held, paused, decided, other] = await Promise.all([1, 2, 3, 4].map(() => marketTask(plain)));
    for (const t of [held, paused, decided]) await claim(users['staff.market'], t.id);
    const pause = await users['staff.market'].request('POST', `/tasks/${paused.id}/decision`, {
      outcome: 'pause',
      reason: 'inspection',
      opinion: '现场核查',
    });
    expect(pause.status).toBe(200);
    expect(pause.body.task.status).toBe('paused');
    const approve = await users['staff.market'].request('POST', `/tasks/${decided.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(approve.status).toBe(200);
    await claim(users['staff2.market'], other.id);

    const after = await eligible(task.id);
    expect(loads(after.body)).toEqual({
      [EXTRA_OFFICER]: baseline[EXTRA_OFFICER],
      'staff.market': baseline['staff.market'] + 2,
      'staff2.market': baseline['staff2.market'] + 1,
    });
    const counts = after.body.map((o) => o.openTasks);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));

    // On a task someone holds, that officer is listed and flagged, with their load.
    const ofHeld = await eligible(held.id);
    expect(ofHeld.body.filter((o) => o.currentAssignee).map((o) => o.username)).toEqual(['staff.market']);
  });

  test("a step of a staff group lists only that group's officers, and reassigning agrees with the list", async () => {
    const task = await marketTask(grouped);
    const list = await eligible(task.id);
    expect(list.status).toBe(200);
    expect(list.body.map((o) => o.username)).toEqual(['staff2.market']);

    const outsider = await users['cio.market'].request('POST', `/tasks/${task.id}/reassign`, {
      username: 'staff.market',
      reason: '均衡工作量',
    });
    expect(outsider.status).toBe(422);
    expect(outsider.body.code).toBe('OFFICER_NOT_ELIGIBLE');
    const member = await users['cio.market'].request('POST', `/tasks/${task.id}/reassign`, {
      username: 'staff2.market',
      reason: '均衡工作量',
    });
    expect(member.status).toBe(200);
    expect(member.body.assignee).toBe('staff2.market');
  });

  test('an officer who already approved a two-reviewer step this round is not offered again', async () => {
    const task = await marketTask(twoReviewers);
    await claim(users['staff.market'], task.id);
    const first = await users['staff.market'].request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(first.body.task).toMatchObject({ status: 'pending', approvedBy: ['staff.market'] });
    const list = await eligible(task.id);
    expect(list.body.map((o) => o.username).sort()).toEqual(['staff2.market', EXTRA_OFFICER].sort());
  });

  test('only the CIO of the task’s department may ask: officers are refused, another department does not see it', async () => {
    const task = await marketTask(plain);
    const byOfficer = await eligible(task.id, users['staff.market']);
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    const byOtherCio = await eligible(task.id, users['cio.fire']);
    expect(byOtherCio.status).toBe(404);
    expect(byOtherCio.body).toMatchObject({ code: 'TASK_NOT_FOUND' });
    const unknown = await eligible(randomUUID());
    expect(unknown.status).toBe(404);
  });

  test('a decided task has nobody to hand it to (409 TASK_NOT_OPEN)', async () => {
    const task = await marketTask(plain);
    await claim(users['staff2.market'], task.id);
    const decided = await users['staff2.market'].request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(decided.status).toBe(200);
    const list = await eligible(task.id);
    expect(list.status).toBe(409);
    expect(list.body).toMatchObject({ code: 'TASK_NOT_OPEN' });
  });
});
