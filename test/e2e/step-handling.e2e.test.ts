import { randomUUID } from 'node:crypto';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

describe("a step's handling: how many reviewers approve (会签) and which staff group handles it", () => {
  const stack = new ProcessStack();
  let first: ApiUser;
  let second: ApiUser;
  let applicant: ApiUser;
  let code: string;
  let groupCode: string;

  beforeAll(async () => {
    await stack.start();
    const [coord, cio, s1, s2, a] = await Promise.all(
      ['coord', 'cio.market', 'staff.market', 'staff2.market', 'applicant1'].map((u) => loginAs(stack, u)),
    );
    [first, second, applicant] = [s1, s2, a];
    code = `two-reviewers-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: cio },
      code,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: { licence: stepConfig({ handling: { reviewers: 2 } }) },
    });
    groupCode = `food-safety-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: cio },
      code: groupCode,
      route: [{ key: 'food-check', departmentCode: 'market', after: [] }],
      configs: { 'food-check': stepConfig({ handling: { group: 'food-safety', reviewers: 1 } }) },
    });
  });
  afterAll(() => stack.stop());

  test('the first approval returns the task to the queue; the same officer cannot take it again; a second officer completes it', async () => {
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode: code, form: {}, materials: [] },
      {
        'idempotency-key': randomUUID(),
      },
    );
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    const [task] = await eventually(async () => {
      const rows = await queueFor(first, id);
      return rows.length > 0 && rows;
    });

    expect((await first.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);
    const firstApproval = await first.request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(firstApproval.status).toBe(200);
    expect(firstApproval.body).toMatchObject({ stepStatus: 'active', approvals: 1, reviewersRequired: 2 });
    expect(firstApproval.body.task).toMatchObject({ status: 'pending', assignee: null, approvedBy: ['staff.market'] });

    const reclaim = await first.request('POST', `/tasks/${task.id}/claim`);
    expect(reclaim.status).toBe(409);
    expect(reclaim.body.code).toBe('ALREADY_APPROVED_BY_YOU');

    expect((await second.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);
    const last = await second.request('POST', `/tasks/${task.id}/decision`, { outcome: 'approve', opinion: '同意' });
    expect(last.body).toMatchObject({ stepStatus: 'approved', approvals: 2, applicationStatus: 'approved' });

    const progress = await eventually(async () => {
      const response = await applicant.request('GET', `/applications/${id}`);
      return response.body.status === 'approved' && response.body;
    });
    expect(progress.timeline.map((e: { kind: string }) => e.kind)).toContain('reviewed');
  });

  test("a step handled by a staff group is only in that group's queues and only its members can claim it", async () => {
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode: groupCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    const id: string = filed.body.id;
    // staff2.market is in the food-safety group; staff.market is not.
    const [task] = await eventually(async () => {
      const rows = await queueFor(second, id);
      return rows.length > 0 && rows;
    });
    expect(await queueFor(first, id)).toEqual([]);
    const refused = await first.request('POST', `/tasks/${task.id}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_IN_HANDLING_GROUP');

    const claimed = await second.request('POST', `/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.handlingGroup).toBe('food-safety');
  });
});
