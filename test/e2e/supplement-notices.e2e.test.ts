import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * The consolidated supplement notice (一次性告知) through HTTP: two departments ask while a third
 * has approved, the enterprise sees one notice in its inbox and answers it once with a form change
 * and a file; every bad answer is refused with the rule it breaks and changes nothing.
 */
describe('supplement notices through the API', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  const serviceCode = `notice-${randomUUID().slice(0, 8)}`;
  let storeDir: string;

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'onestop-notices-'));
    await stack.start({ env: { FILE_STORE_DIR: storeDir, WORKING_DAY_SECONDS: '30' } });
    for (const username of [
      'applicant1',
      'applicant2',
      'coord',
      'cio.market',
      'cio.fire',
      'cio.environment',
      'staff.market',
      'staff.fire',
      'staff.environment',
    ]) {
      users[username] = await loginAs(stack, username);
    }
    await publishThroughApi({
      coord: users.coord,
      cios: { market: users['cio.market'], fire: users['cio.fire'], environment: users['cio.environment'] },
      code: serviceCode,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
        { key: 'env-check', departmentCode: 'environment', after: [] },
      ],
      configs: {
        licence: stepConfig({
          materials: [{ code: 'site-plan', name: '场地平面图', kind: 'non-core', fileTypes: ['pdf'] }],
          supplement: { windowDays: 1, maxRounds: 1 },
        }),
        'fire-check': stepConfig({
          fields: [
            {
              key: 'seats',
              label: { zh: '座位数', en: 'Seats' },
              type: 'number',
              required: false,
              rules: { max: 500 },
            },
          ],
        }),
        'env-check': stepConfig(),
      },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  async function upload(user: ApiUser, bytes: Buffer) {
    const form = new FormData();
    form.set('serviceCode', serviceCode);
    form.set('materialCode', 'site-plan');
    form.set('file', new Blob([bytes], { type: 'application/pdf' }), 'site-plan.pdf');
    const response = await fetch(`${stack.baseUrl}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
      body: form,
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  const taskOf = (user: ApiUser, id: string, stepKey: string, round = 1) =>
    eventually(async () => (await queueFor(user, id)).find((t) => t.stepKey === stepKey && t.round === round));

  async function claimAndDecide(user: ApiUser, taskId: string, body: Record<string, unknown>) {
    expect((await user.request('POST', `/tasks/${taskId}/claim`)).status).toBe(200);
    return user.request('POST', `/tasks/${taskId}/decision`, body);
  }

  test('two departments ask while a third approved: one notice, answered once, two new rounds', async () => {
    const filed = await users.applicant1.request(
      'POST',
      '/applications',
      { serviceCode, form: { seats: 10 }, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    const licence = await taskOf(users['staff.market'], id, 'licence');
    const fire = await taskOf(users['staff.fire'], id, 'fire-check');
    const env = await taskOf(users['staff.environment'], id, 'env-check');
    expect(
      (await claimAndDecide(users['staff.environment'], env.id, { outcome: 'approve', opinion: '同意' })).status,
    ).toBe(200);

    // Bad items: none at all, a field of another department's step.
    const market = users['staff.market'];
    expect((await market.request('POST', `/tasks/${licence.id}/claim`)).status).toBe(200);
    const noItems = await market.request('POST', `/tasks/${licence.id}/decision`, {
      outcome: 'request_supplement',
      opinion: '请补正',
    });
    expect(noItems.status).toBe(422);
    expect(noItems.body.details).toEqual([
      expect.objectContaining({ field: 'items', rule: 'SUPPLEMENT_ITEMS_REQUIRED' }),
    ]);
    const notOwnField = await market.request('POST', `/tasks/${licence.id}/decision`, {
      outcome: 'request_supplement',
      opinion: '请补正',
      items: [{ kind: 'field', fieldKey: 'seats', reason: '座位数' }],
    });
    expect(notOwnField.status).toBe(422);
    expect(notOwnField.body.details).toEqual([
      expect.objectContaining({ field: 'items.0.fieldKey', rule: 'SUPPLEMENT_FIELD_NOT_OF_STEP' }),
    ]);

    const asked = await market.request('POST', `/tasks/${licence.id}/decision`, {
      outcome: 'request_supplement',
      opinion: '平面图不清晰',
      items: [{ kind: 'material', materialCode: 'site-plan', reason: '平面图不清晰，请重新上传' }],
    });
    expect(asked.status).toBe(200);
    // Fire still holds the case: nothing to answer yet.
    expect((await users.applicant1.request('GET', `/applications/${id}/notices`)).body).toEqual([]);
    const early = await users.applicant1.request('POST', `/applications/${id}/supplements`, { note: '提前' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('NOTICE_NOT_ISSUED');

    const fireAsked = await claimAndDecide(users['staff.fire'], fire.id, {
      outcome: 'request_supplement',
      opinion: '座位数需核实',
      items: [
        { kind: 'field', fieldKey: 'seats', reason: '座位数与面积不符' },
        { kind: 'other', reason: '说明排烟方案' },
      ],
    });
    expect(fireAsked.status).toBe(200);

    const listed = await users.applicant1.request('GET', `/applications/${id}/notices`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        id: expect.any(String),
        number: 1,
        issuedAt: expect.any(String),
        items: [
          {
            stepKey: 'licence',
            departmentCode: 'market',
            kind: 'material',
            materialCode: 'site-plan',
            reason: '平面图不清晰，请重新上传',
          },
          {
            stepKey: 'fire-check',
            departmentCode: 'fire',
            kind: 'field',
            fieldKey: 'seats',
            reason: '座位数与面积不符',
          },
          { stepKey: 'fire-check', departmentCode: 'fire', kind: 'other', reason: '说明排烟方案' },
        ],
      },
    ]);
    const noticeId: string = listed.body[0].id;
    // Scoping: another enterprise sees nothing; a department holding a task sees the notice.
    expect((await users.applicant2.request('GET', `/applications/${id}/notices`)).status).toBe(404);
    expect((await users['staff.fire'].request('GET', `/applications/${id}/notices`)).body).toHaveLength(1);
    // The enterprise is told through its inbox.
    const inbox = await users.applicant1.request('GET', '/notifications');
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'notice_issued', applicationId: id })]),
    );

    const fileId = await upload(users.applicant1, PDF);
    const otherFile = await upload(users.applicant2, PDF);
    const good = {
      noticeId,
      form: { seats: 30 },
      materials: [{ code: 'site-plan', fileId }],
      note: '排烟经厨房外墙排出',
    };
    const answer = (user: ApiUser, body: Record<string, unknown>) =>
      user.request('POST', `/applications/${id}/supplements`, body);

    const refused: [string, ApiUser, Record<string, unknown>, number, string, string?][] = [
      ['another enterprise', users.applicant2, good, 404, 'APPLICATION_NOT_FOUND'],
      ['a wrong notice id', users.applicant1, { ...good, noticeId: randomUUID() }, 404, 'NOTICE_NOT_FOUND'],
      [
        'a field not asked',
        users.applicant1,
        { ...good, form: { seats: 30, shop: 'x' } },
        422,
        'SUPPLEMENT_ANSWER_INVALID',
        'form.shop',
      ],
      [
        'an invalid value',
        users.applicant1,
        { ...good, form: { seats: 900 } },
        422,
        'SUPPLEMENT_ANSWER_INVALID',
        'form.seats',
      ],
      [
        'no note for the other item',
        users.applicant1,
        { noticeId, form: good.form, materials: good.materials },
        422,
        'SUPPLEMENT_ANSWER_INVALID',
        'note',
      ],
      [
        'another enterprise’s file',
        users.applicant1,
        { ...good, materials: [{ code: 'site-plan', fileId: otherFile }] },
        404,
        'FILE_NOT_FOUND',
      ],
    ];
    for (const [what, user, body, status, code, field] of refused) {
      const response = await answer(user, body);
      expect({ what, status: response.status, code: response.body.code }).toEqual({ what, status, code });
      if (field) expect(response.body.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    // Nothing changed: the notice is still open, no new round.
    expect((await users.applicant1.request('GET', `/applications/${id}/notices`)).body[0].answeredAt).toBeUndefined();

    const answered = await answer(users.applicant1, good);
    expect(answered.status).toBe(200);
    const steps = new Map(answered.body.steps.map((s: { key: string }) => [s.key, s]));
    expect(steps.get('licence')).toMatchObject({ status: 'active', round: 2 });
    expect(steps.get('fire-check')).toMatchObject({ status: 'active', round: 2 });
    expect(steps.get('env-check')).toMatchObject({ status: 'approved', round: 1 });

    const again = await answer(users.applicant1, good);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTICE_ALREADY_ANSWERED');

    // The new round's officer sees what was asked and answered.
    const licence2 = await taskOf(market, id, 'licence', 2);
    const detail = await market.request('GET', `/tasks/${licence2.id}`);
    expect(detail.body.notices).toEqual([
      expect.objectContaining({
        id: noticeId,
        answeredAt: expect.any(String),
        answer: { form: { seats: 30 }, materials: [{ code: 'site-plan', fileId }], note: '排烟经厨房外墙排出' },
      }),
    ]);
    // The answered file is the case's: the department that asked for it can download it.
    expect(
      (await fetch(`${stack.baseUrl}/files/${fileId}`, { headers: { authorization: `Bearer ${market.token}` } }))
        .status,
    ).toBe(200);

    // Licence allows one supplement round: past it the step must decide.
    expect((await market.request('POST', `/tasks/${licence2.id}/claim`)).status).toBe(200);
    const capped = await market.request('POST', `/tasks/${licence2.id}/decision`, {
      outcome: 'request_supplement',
      opinion: '再次补正',
      items: [{ kind: 'material', materialCode: 'site-plan', reason: '仍不清晰' }],
    });
    expect(capped.status).toBe(422);
    expect(capped.body.code).toBe('SUPPLEMENT_ROUNDS_EXHAUSTED');
    expect(capped.body.message).toMatch(/supplement\.maxRounds = 1/);
    expect(
      (await market.request('POST', `/tasks/${licence2.id}/decision`, { outcome: 'approve', opinion: '同意' })).status,
    ).toBe(200);
  });

  test('the CIO’s supplement config is validated: out-of-range values are refused naming the field', async () => {
    const draft = (await users.coord.request('GET', `/services/${serviceCode}`)).body.draft;
    const revision: number = draft.steps.find((s: { key: string }) => s.key === 'licence').revision;
    const response = await users['cio.market'].request(
      'PUT',
      `/services/${serviceCode}/steps/licence`,
      stepConfig({ supplement: { windowDays: 0, maxRounds: 11 } }),
      { 'if-match': `"${revision}"` },
    );
    expect(response.status).toBe(422);
    expect(response.body.details.map((d: { path: string; rule: string }) => [d.path, d.rule])).toEqual([
      ['supplement.windowDays', 'SUPPLEMENT_WINDOW_OUT_OF_RANGE'],
      ['supplement.maxRounds', 'SUPPLEMENT_ROUNDS_OUT_OF_RANGE'],
    ]);
  });
});
