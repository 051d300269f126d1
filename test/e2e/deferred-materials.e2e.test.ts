import { randomUUID } from 'node:crypto';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/**
 * Deferred materials (容缺受理) through HTTP, on the demo clock: a working day lasts 3 seconds, so a
 * 1-day deadline passes within seconds and a 40-day one not during the test.
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('deferred materials through HTTP', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  const slow = `defer-${randomUUID().slice(0, 8)}`;
  const fast = `defer-fast-${randomUUID().slice(0, 8)}`;

  const config = (supplyWithinDays: number, extra: Record<string, unknown> = {}) =>
    stepConfig({
      timeLimitDays: 40,
      materials: [
        { code: 'application', name: '申请书', kind: 'core' },
        { code: 'health', name: '健康证明', kind: 'non-core', fileTypes: ['pdf'] },
        { code: 'lease', name: '租赁合同', kind: 'non-core' },
      ],
      deferrable: { allowed: true, supplyWithinDays },
      ...extra,
    });

  beforeAll(async () => {
    await stack.start({ env: { WORKING_DAY_SECONDS: '3' } });
    for (const username of [
      'applicant1',
      'applicant2',
      'coord',
      'cio.market',
      'cio.fire',
      'staff.market',
      'staff.fire',
    ]) {
      users[username] = await loginAs(stack, username);
    }
    const cios = { market: users['cio.market'], fire: users['cio.fire'] };
    // The fire department asks for the lease too but does not let it be deferred; the health
    // certificate only the market asks for, and lets it follow later.
    for (const [code, days] of [
      [slow, 40],
      [fast, 1],
    ] as const) {
      await publishThroughApi({
        coord: users.coord,
        cios,
        code,
        overallLimitDays: 60,
        route: [
          { key: 'licence', departmentCode: 'market', after: [] },
          { key: 'fire-check', departmentCode: 'fire', after: [] },
        ],
        configs: {
          licence: config(days),
          'fire-check': stepConfig({
            timeLimitDays: 40,
            materials: [{ code: 'lease', name: '租赁合同', kind: 'non-core' }],
            deferrable: { allowed: false, supplyWithinDays: 0 },
          }),
        },
      });
    }
  });
  afterAll(() => stack.stop());

  const file = (
    user: ApiUser,
    serviceCode: string,
    deferredMaterials: unknown,
    materials = [{ code: 'application', content: '申请书' }],
  ) =>
    user.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials, deferredMaterials },
      {
        'idempotency-key': randomUUID(),
      },
    );

  async function upload(user: ApiUser, serviceCode: string, materialCode = 'health', bytes = PDF) {
    const form = new FormData();
    form.append('serviceCode', serviceCode);
    form.append('materialCode', materialCode);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'health.pdf');
    const response = await fetch(`${stack.baseUrl}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
      body: form,
    });
    const body = (await response.json()) as { id: string };
    expect(response.status).toBe(201);
    return body.id;
  }

  const supply = (user: ApiUser, id: string, body: unknown) =>
    user.request('POST', `/applications/${id}/materials`, body);
  const events = async (id: string) =>
    (await users.applicant1.request('GET', `/applications/${id}/events`)).body.items as {
      kind: string;
      data: Record<string, unknown>;
    }[];

  test('bad deferrals are refused with 422, each naming deferredMaterials[i] and its rule, and nothing is filed', async () => {
    const before = (await users.applicant1.request('GET', '/applications?limit=100')).body.items.length;
    // fire-check does not allow deferral, so the lease (needed by both steps) cannot be deferred.
    const refused = await file(users.applicant1, slow, ['application', 'nope', 'lease', 'health', 'health']);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('FILING_VALIDATION_FAILED');
    const problems = (refused.body.details as { path: string; rule: string }[])
      .filter((p) => p.path.startsWith('deferredMaterials'))
      .map((p) => [p.path, p.rule]);
    expect(problems).toEqual([
      ['deferredMaterials[0]', 'DEFERRED_MATERIAL_CORE'],
      ['deferredMaterials[1]', 'UNKNOWN_MATERIAL'],
      ['deferredMaterials[2]', 'DEFERRAL_NOT_ALLOWED'],
      ['deferredMaterials[4]', 'DUPLICATE_ENTRY'],
    ]);
    // Filed and deferred at once.
    const both = await file(
      users.applicant1,
      slow,
      ['health'],
      [
        { code: 'application', content: '申请书' },
        { code: 'health', content: '证明' },
      ],
    );
    expect(both.status).toBe(422);
    expect(both.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'deferredMaterials[0]', rule: 'DEFERRED_MATERIAL_ALSO_FILED' }),
      ]),
    );
    // A core material missing stays an error; a malformed list is a 400.
    const noCore = await file(users.applicant1, slow, [], []);
    expect(noCore.status).toBe(422);
    expect(noCore.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'CORE_MATERIAL_MISSING' })]),
    );
    expect((await file(users.applicant1, slow, 'health')).status).toBe(400);
    expect((await users.applicant1.request('GET', '/applications?limit=100')).body.items.length).toBe(before);
  });

  test('a deferred material blocks approval until it arrives; the upload is scoped, checked and idempotent', async () => {
    const filed = await file(users.applicant1, slow, ['health']);
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    const pending = await eventually(async () => {
      const detail = (await users.applicant1.request('GET', `/applications/${id}`)).body;
      return detail.deferredMaterials?.[0]?.dueAt ? detail : undefined;
    });
    expect(pending.deferredMaterials).toEqual([
      expect.objectContaining({
        code: 'health',
        name: '健康证明',
        stepKeys: ['licence'],
        supplyWithinDays: 40,
        status: 'pending',
      }),
    ]);
    expect((await events(id)).map((e) => e.kind)).toContain('material_deferred');

    // The officer cannot approve yet, and is told why.
    const [task] = await eventually(async () => {
      const rows = await queueFor(users['staff.market'], id);
      return rows.length > 0 ? rows : undefined;
    });
    expect((await users['staff.market'].request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);
    const blocked = await users['staff.market'].request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('DEFERRED_MATERIAL_MISSING');
    expect(blocked.body.message).toContain('健康证明');
    // The department sees the deferred material and its deadline on the case.
    const asOfficer = (await users['staff.market'].request('GET', `/applications/${id}`)).body;
    expect(asOfficer.deferredMaterials[0]).toMatchObject({
      code: 'health',
      status: 'pending',
      dueAt: pending.deferredMaterials[0].dueAt,
    });

    const fileId = await upload(users.applicant1, slow);
    // Another enterprise's case: not found. Another enterprise's file: not found.
    expect((await supply(users.applicant2, id, { code: 'health', fileId })).status).toBe(404);
    const foreign = await upload(users.applicant2, slow);
    const foreignFile = await supply(users.applicant1, id, { code: 'health', fileId: foreign });
    expect(foreignFile.status).toBe(404);
    expect(foreignFile.body.code).toBe('FILE_NOT_FOUND');
    // A material that was not deferred here: 422 naming the field and the rule.
    const unknown = await supply(users.applicant1, id, { code: 'lease', fileId });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([expect.objectContaining({ path: 'code', rule: 'MATERIAL_NOT_DEFERRED' })]);
    expect((await supply(users.applicant1, id, { code: 'health' })).status).toBe(400);
    expect((await events(id)).filter((e) => e.kind === 'material_supplied')).toHaveLength(0);

    const supplied = await supply(users.applicant1, id, { code: 'health', fileId });
    expect(supplied.status).toBe(200);
    expect(supplied.body).toMatchObject({ code: 'health', status: 'supplied', fileId });
    // The same request again (a retry) answers the same and duplicates nothing.
    const again = await supply(users.applicant1, id, { code: 'health', fileId });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(supplied.body);
    expect((await events(id)).filter((e) => e.kind === 'material_supplied')).toHaveLength(1);
    // Another file once it is supplied: a conflict.
    const other = await supply(users.applicant1, id, { code: 'health', fileId: await upload(users.applicant1, slow) });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('MATERIAL_ALREADY_SUPPLIED');
    // The material now reads as provided, with its file, and the department may download it.
    const detail = (await users['staff.market'].request('GET', `/applications/${id}`)).body;
    expect(detail.materials).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'health', provided: true, fileId })]),
    );
    const download = await fetch(`${stack.baseUrl}/files/${fileId}`, {
      headers: { authorization: `Bearer ${users['staff.market'].token}` },
    });
    expect(download.status).toBe(200);

    const approved = await users['staff.market'].request('POST', `/tasks/${task.id}/decision`, {
      outcome: 'approve',
      opinion: '同意',
    });
    expect(approved.status).toBe(200);
  }, 90_000);

  test('a material not supplied by its deadline terminates the case: tasks cancelled, the enterprise told, later uploads refused', async () => {
    const filed = await file(users.applicant1, fast, ['health']);
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    const closed = await eventually(async () => {
      const detail = (await users.applicant1.request('GET', `/applications/${id}`)).body;
      return detail.status === 'terminated' ? detail : undefined;
    }, 45_000);
    expect(closed.deferredMaterials[0]).toMatchObject({ code: 'health', status: 'overdue' });
    expect(closed.steps.map((s: { key: string; status: string }) => [s.key, s.status])).toEqual([
      ['licence', 'cancelled'],
      ['fire-check', 'cancelled'],
    ]);
    const log = await events(id);
    const terminated = log.find((e) => e.kind === 'terminated');
    expect(String(terminated?.data.reason)).toContain('health');
    expect(log.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['material_deferred', 'material_overdue', 'step_cancelled']),
    );
    const inbox = (await users.applicant1.request('GET', '/notifications?limit=100')).body.items as {
      kind: string;
      applicationId: string;
    }[];
    expect(inbox.filter((n) => n.applicationId === id).map((n) => n.kind)).toEqual(['material_overdue']);
    // Too late: the case is closed.
    const late = await supply(users.applicant1, id, { code: 'health', fileId: await upload(users.applicant1, fast) });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('APPLICATION_CLOSED');
  }, 90_000);
});
