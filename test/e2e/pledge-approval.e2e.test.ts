import { randomUUID } from 'node:crypto';
import { claimAndDecide, loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

interface StepView {
  key: string;
  status: string;
  basis: string | null;
  postCheck: { status: string; opinion: string | null } | null;
}

/**
 * Approval on pledge (告知承诺) through HTTP, with the real gateway and worker: pledges checked at
 * filing, the pledged step approved at once, the sampled post-check decided after the case was
 * approved, and the failure on the enterprise's record for its later cases.
 */
describe('approval on pledge through HTTP', () => {
  const stack = new ProcessStack();
  let applicant: ApiUser;
  let market: ApiUser;
  let fire: ApiUser;
  let code: string;

  const file = (pledges: Record<string, unknown> | undefined, key = randomUUID()) =>
    applicant.request(
      'POST',
      '/applications',
      { serviceCode: code, form: {}, materials: [], ...(pledges ? { pledges } : {}) },
      { 'idempotency-key': key },
    );
  const stepsOf = async (id: string): Promise<StepView[]> =>
    (await applicant.request<{ steps: StepView[] }>('GET', `/applications/${id}`)).body.steps;

  beforeAll(async () => {
    await stack.start();
    const [coord, cioMarket, cioFire, a, staffMarket, staffFire] = await Promise.all(
      ['coord', 'cio.market', 'cio.fire', 'applicant1', 'staff.market', 'staff.fire'].map((u) => loginAs(stack, u)),
    );
    [applicant, market, fire] = [a, staffMarket, staffFire];
    code = `pledge-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: cioMarket, fire: cioFire },
      code,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: ['licence'] },
      ],
      configs: {
        licence: stepConfig({ pledge: { allowed: true, postCheckRate: 1 } }),
        'fire-check': stepConfig(),
      },
    });
  });
  afterAll(() => stack.stop());

  test.each([
    ['a step that does not allow pledges', { 'fire-check': true }, 'pledges.fire-check', 'PLEDGE_NOT_ALLOWED'],
    ['a step the service does not have', { 'no-such-step': true }, 'pledges.no-such-step', 'PLEDGE_UNKNOWN_STEP'],
    ['a false value', { licence: false }, 'pledges.licence', 'PLEDGE_NOT_TRUE'],
  ])(
    'a pledge for %s is refused (422 naming the pledge and the rule) and files nothing',
    async (_, pledges, path, rule) => {
      const key = randomUUID();
      const refused = await file(pledges, key);
      expect(refused.status).toBe(422);
      expect(refused.body.details).toEqual([expect.objectContaining({ path, rule })]);
      // Nothing was stored under the key: the same key files a new case (201, not a 200 replay) once the pledge is right.
      const filed = await file({ licence: true }, key);
      expect(filed.status).toBe(201);
    },
  );

  test('a pledged step is approved at once; the post-check is decided after the case was approved; a review outcome is refused on it; the failure shows on the enterprise’s later case', async () => {
    const filed = await file({ licence: true });
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;

    const licence = await eventually(async () => {
      const step = (await stepsOf(id)).find((s) => s.key === 'licence');
      return step?.status === 'approved' && step;
    });
    expect(licence).toMatchObject({ basis: 'pledge', postCheck: null });
    const detail = (await applicant.request('GET', `/applications/${id}`)).body;
    const decided = detail.timeline.find((e: { kind: string; stepKey?: string }) => e.kind === 'decided');
    expect(decided).toMatchObject({ stepKey: 'licence', actor: null, data: { outcome: 'approve', basis: 'pledge' } });

    const [fireTask] = await eventually(async () => {
      const rows = await queueFor(fire, id);
      return rows.length > 0 && rows;
    });
    // A post-check outcome on a review task is refused.
    expect((await fire.request('POST', `/tasks/${fireTask.id}/claim`)).status).toBe(200);
    const wrongKind = await fire.request('POST', `/tasks/${fireTask.id}/decision`, {
      outcome: 'post_check_pass',
      opinion: '合格',
    });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.code).toBe('OUTCOME_NOT_FOR_TASK_KIND');
    const approved = await fire.request('POST', `/tasks/${fireTask.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(approved.body).toMatchObject({ applicationStatus: 'approved' });

    // The market department's queue has the post-check, filterable by kind.
    const postChecks = await eventually(async () => {
      const page = await market.request<{ items: { id: string; applicationId: string; kind: string }[] }>(
        'GET',
        '/tasks?kind=post_check&limit=100',
      );
      const rows = page.body.items.filter((t) => t.applicationId === id);
      return rows.length > 0 && rows;
    });
    expect(postChecks).toEqual([
      expect.objectContaining({ kind: 'post_check', stepKey: 'licence', status: 'pending' }),
    ]);
    const reviews = await market.request<{ items: { applicationId: string }[] }>('GET', '/tasks?kind=review&limit=100');
    expect(reviews.body.items.filter((t) => t.applicationId === id)).toEqual([]);
    expect((await stepsOf(id)).find((s) => s.key === 'licence')!.postCheck).toMatchObject({ status: 'open' });

    const check = postChecks[0];
    expect((await market.request('POST', `/tasks/${check.id}/claim`)).status).toBe(200);
    const normal = await market.request('POST', `/tasks/${check.id}/decision`, { outcome: 'approve', opinion: '同意' });
    expect(normal.status).toBe(422);
    expect(normal.body).toMatchObject({
      code: 'OUTCOME_NOT_FOR_TASK_KIND',
      details: [expect.objectContaining({ field: 'outcome', rule: 'OUTCOME_NOT_FOR_TASK_KIND' })],
    });
    const failed = await market.request('POST', `/tasks/${check.id}/decision`, {
      outcome: 'post_check_fail',
      opinion: '现场核查：无独立消毒间，与承诺不符',
    });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      outcome: 'post_check_fail',
      postCheckStatus: 'failed',
      task: { kind: 'post_check', status: 'completed', outcome: 'post_check_fail' },
    });
    const again = await market.request('POST', `/tasks/${check.id}/decision`, {
      outcome: 'post_check_pass',
      opinion: '再次',
    });
    expect(again.status).toBe(409);

    const after = (await applicant.request('GET', `/applications/${id}`)).body;
    expect(after.status).toBe('approved');
    expect(after.steps.find((s: StepView) => s.key === 'licence').postCheck).toMatchObject({
      status: 'failed',
      opinion: '现场核查：无独立消毒间，与承诺不符',
    });
    expect(after.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['post_check_opened', 'post_check_failed']),
    );

    // The enterprise's next case: the department sees the failed post-check on it.
    const later = await file(undefined);
    const [laterTask] = await eventually(async () => {
      const rows = await queueFor(market, later.body.id);
      return rows.length > 0 && rows;
    });
    const record = await market.request('GET', `/tasks/${laterTask.id}/enterprise-record`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      enterpriseName: '杭州味道餐饮管理有限公司',
      failedPostChecks: expect.arrayContaining([
        expect.objectContaining({
          applicationId: id,
          applicationNumber: after.number,
          stepKey: 'licence',
          departmentCode: 'market',
          opinion: '现场核查：无独立消毒间，与承诺不符',
        }),
      ]),
    });
    // Another department's officer reads it on its own tasks only; the enterprise not at all.
    expect((await fire.request('GET', `/tasks/${laterTask.id}/enterprise-record`)).status).toBe(404);
    expect((await applicant.request('GET', `/tasks/${laterTask.id}/enterprise-record`)).status).toBe(403);
    await claimAndDecide(market, laterTask.id, 'reject', '不予许可');
  });
});
