import { randomUUID } from 'node:crypto';
import { claimAndDecide, loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

const stepRows = (progress: { steps: { key: string; status: string }[] }) =>
  progress.steps.map((s) => [s.key, s.status]);

describe('filing is checked against the version, and a case keeps the version it was filed under', () => {
  const stack = new ProcessStack();
  const staff: Record<string, ApiUser> = {};
  const cios: Record<string, ApiUser> = {};
  let applicant: ApiUser;
  let coord: ApiUser;

  beforeAll(async () => {
    await stack.start();
    applicant = await loginAs(stack, 'applicant1');
    coord = await loginAs(stack, 'coord');
    for (const department of ['market', 'fire', 'environment', 'health', 'tax']) {
      staff[department] = await loginAs(stack, `staff.${department}`);
      cios[department] = await loginAs(stack, `cio.${department}`);
    }
  });
  afterAll(() => stack.stop());

  const file = (body: unknown) => applicant.request('POST', '/applications', body, { 'idempotency-key': randomUUID() });

  async function waitForTask(department: string, applicationId: string) {
    const [task] = await eventually(async () => {
      const rows = await queueFor(staff[department], applicationId);
      return rows.length > 0 && rows;
    });
    return task;
  }

  test('the applicant reads one merged form: a field several steps need is asked once, conditions in words', async () => {
    const form = await applicant.request('GET', '/services/restaurant-opening/versions/1/form');
    expect(form.status).toBe(200);
    expect(form.body.fields.map((f: { key: string }) => f.key)).toEqual([
      'shop_name',
      'seating_area_m2',
      'serves_alcohol',
      'employees',
    ]);
    const area = form.body.fields.find((f: { key: string }) => f.key === 'seating_area_m2');
    expect(area).toMatchObject({ type: 'area_m2', required: true, stepKeys: ['business-licence', 'fire-safety'] });
    expect(form.body.materials.map((m: { code: string; kind: string }) => [m.code, m.kind])).toEqual([
      ['articles-of-association', 'core'],
      ['floor-plan', 'core'],
      ['fume-treatment-plan', 'non-core'],
    ]);
    expect(form.body.conditionalSteps).toEqual([
      {
        stepKey: 'environment-review',
        departmentCode: 'environment',
        includeWhen: { field: 'seating_area_m2', op: 'gt', value: 150 },
        description: 'seating_area_m2 > 150',
      },
    ]);
    expect((await applicant.request('GET', '/services/restaurant-opening/versions/99/form')).status).toBe(404);
  });

  test('an invalid filing is refused with 422 naming every problem, and nothing is filed', async () => {
    const before = (await applicant.request('GET', '/applications?limit=100')).body.items.length;
    const response = await file({
      serviceCode: 'restaurant-opening',
      form: { shop_name: '味道小馆', seating_area_m2: -5, serves_alcohol: 'yes', nickname: 'x' },
      materials: [{ code: 'floor-plan', content: '…' }],
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('FILING_VALIDATION_FAILED');
    const paths = response.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'form.seating_area_m2',
        'form.serves_alcohol',
        'form.employees',
        'form.nickname',
        'materials',
      ]),
    );
    const missingCore = response.body.details.find((d: { path: string }) => d.path === 'materials');
    expect(missingCore.message).toMatch(/articles-of-association.*business-licence/);
    // The same facts for a client that words them itself, in its user's language.
    expect(missingCore).toMatchObject({
      rule: 'CORE_MATERIAL_MISSING',
      params: { code: 'articles-of-association', steps: expect.stringContaining('"business-licence"') },
    });
    expect((await applicant.request('GET', '/applications?limit=100')).body.items.length).toBe(before);
  });

  test('a step whose include condition does not hold is skipped, shown with the reason, and not waited for', async () => {
    const small = { ...RESTAURANT_FILING, form: { ...RESTAURANT_FILING.form, seating_area_m2: 80 } };
    const filed = await file(small);
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;

    for (const department of ['market', 'fire']) {
      const task = await waitForTask(department, id);
      expect((await claimAndDecide(staff[department], task.id, 'approve')).status).toBe(200);
    }
    expect(await queueFor(staff.environment, id)).toEqual([]);
    await waitForTask('health', id);

    const progress = (await applicant.request('GET', `/applications/${id}`)).body;
    expect(stepRows(progress)).toEqual([
      ['business-licence', 'approved'],
      ['fire-safety', 'approved'],
      ['environment-review', 'skipped'],
      ['health-permit', 'active'],
      ['tax-registration', 'waiting'],
    ]);
    const environment = progress.steps.find((s: { key: string }) => s.key === 'environment-review');
    expect(environment.skipReason).toBe('not required: the form does not meet seating_area_m2 > 150');
    expect(progress.timeline.map((e: { kind: string }) => e.kind)).toContain('step_skipped');
  });

  test('a case filed under v1 finishes under v1 after v2 is published, while a new filing uses v2', async () => {
    const code = `pinning-${randomUUID().slice(0, 8)}`;
    const v1Route = [
      { key: 'licence', departmentCode: 'market', after: [] },
      { key: 'fire', departmentCode: 'fire', after: ['licence'] },
    ];
    const configs = { licence: stepConfig(), fire: stepConfig(), health: stepConfig() };
    expect(await publishThroughApi({ coord, cios, code, route: v1Route, configs })).toBe(1);

    const underV1 = await file({ serviceCode: code, form: {}, materials: [] });
    expect(underV1.body).toMatchObject({ status: 'in_progress', serviceVersion: 1 });

    // v2 adds a health step after fire.
    const v2Route = [...v1Route, { key: 'health', departmentCode: 'health', after: ['fire'] }];
    expect(await publishThroughApi({ coord, cios, code, route: v2Route, configs })).toBe(2);
    const underV2 = await file({ serviceCode: code, form: {}, materials: [] });
    expect(underV2.body.serviceVersion).toBe(2);

    const v1Id: string = underV1.body.id;
    for (const department of ['market', 'fire']) {
      const task = await waitForTask(department, v1Id);
      expect((await claimAndDecide(staff[department], task.id, 'approve')).status).toBe(200);
    }
    const finished = await eventually(async () => {
      const progress = (await applicant.request('GET', `/applications/${v1Id}`)).body;
      return progress.status === 'approved' && progress;
    });
    expect(finished.serviceVersion).toBe(1);
    expect(stepRows(finished)).toEqual([
      ['licence', 'approved'],
      ['fire', 'approved'],
    ]);
    expect(await queueFor(staff.health, v1Id)).toEqual([]);

    const v2Progress = (await applicant.request('GET', `/applications/${underV2.body.id}`)).body;
    expect(v2Progress.serviceVersion).toBe(2);
    expect(v2Progress.steps.map((s: { key: string }) => s.key)).toEqual(['licence', 'fire', 'health']);
  });
});
