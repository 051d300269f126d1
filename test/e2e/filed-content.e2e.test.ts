import { randomUUID } from 'node:crypto';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

interface FiledContent {
  contentScope: string;
  form: { key: string; label: { zh: string; en: string }; type: string; value: unknown; stepKeys: string[] }[];
  materials: { code: string; name: string; kind: string; provided: boolean; content: string | null }[];
}

/** The demo restaurant-opening version: which department's steps ask for what (see demo-data.ts). */
const EVERY_FIELD = ['shop_name', 'seating_area_m2', 'serves_alcohol', 'employees'];
const EVERY_MATERIAL = ['articles-of-association', 'floor-plan', 'fume-treatment-plan'];

describe('what the enterprise filed, in the case view, as far as each reader may see it', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  let applicationId: string;
  let number: string;

  beforeAll(async () => {
    await stack.start();
    for (const username of ['applicant1', 'applicant2', 'staff.market', 'cio.market', 'staff.fire', 'coord', 'admin']) {
      users[username] = await loginAs(stack, username);
    }
    const filed = await users.applicant1.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filed.status).toBe(201);
    applicationId = filed.body.id;
    number = filed.body.number;
    // A department sees a case once it holds a task on it.
    for (const officer of ['staff.market', 'staff.fire']) {
      await eventually(async () => (await queueFor(users[officer], applicationId)).length > 0);
    }
  });
  afterAll(() => stack.stop());

  async function contentFor(username: string): Promise<FiledContent> {
    const response = await users[username].request<FiledContent>('GET', `/applications/${applicationId}`);
    expect(response.status).toBe(200);
    return response.body;
  }
  const keysOf = (content: FiledContent) => ({
    form: content.form.map((f) => f.key),
    materials: content.materials.map((m) => m.code),
  });

  test('the applicant sees every answer and material of its own filing, labelled and typed, with what is missing', async () => {
    const content = await contentFor('applicant1');
    expect(content.contentScope).toBe('whole_case');
    expect(keysOf(content)).toEqual({ form: EVERY_FIELD, materials: EVERY_MATERIAL });
    expect(Object.fromEntries(content.form.map((f) => [f.key, f.value]))).toEqual(RESTAURANT_FILING.form);
    expect(content.form.find((f) => f.key === 'seating_area_m2')).toEqual({
      key: 'seating_area_m2',
      label: { zh: '经营场所面积', en: 'Premises area (m²)' },
      type: 'area_m2',
      value: 200,
      stepKeys: ['business-licence', 'fire-safety'],
    });
    expect(content.materials).toEqual([
      expect.objectContaining({ code: 'articles-of-association', provided: true, content: '公司章程 …' }),
      expect.objectContaining({ code: 'floor-plan', name: '消防平面图', kind: 'core', provided: true }),
      // 200 m²: the environment review applies, and its deferrable material was not filed.
      expect.objectContaining({ code: 'fume-treatment-plan', kind: 'non-core', provided: false, content: null }),
    ]);
  });

  test('the market department (officer and CIO) sees its own fields, a shared one included, but not health’s', async () => {
    for (const username of ['staff.market', 'cio.market']) {
      const content = await contentFor(username);
      expect(content.contentScope).toBe('department');
      expect(keysOf(content)).toEqual({
        form: ['shop_name', 'seating_area_m2', 'serves_alcohol'],
        materials: ['articles-of-association'],
      });
      expect(content.form.find((f) => f.key === 'shop_name')?.value).toBe('味道小馆');
    }
  });

  test('the fire department sees the area it shares with market, and not market’s shop name or materials', async () => {
    const content = await contentFor('staff.fire');
    expect(keysOf(content)).toEqual({ form: ['seating_area_m2'], materials: ['floor-plan'] });
    expect(content.form[0].value).toBe(200);
    expect(JSON.stringify(content)).not.toContain('味道小馆');
  });

  test('the coordinating CIO and the administrator see everything; another enterprise sees nothing', async () => {
    for (const username of ['coord', 'admin']) {
      const content = await contentFor(username);
      expect(content.contentScope).toBe('whole_case');
      expect(keysOf(content)).toEqual({ form: EVERY_FIELD, materials: EVERY_MATERIAL });
    }
    const other = await users.applicant2.request('GET', `/applications/${applicationId}`);
    expect(other.status).toBe(404);
  });

  test('lists keep their shape: no filed content in them', async () => {
    const list = await users.coord.request('GET', `/applications?number=${number}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).not.toHaveProperty('form');
    expect(list.body.items[0]).not.toHaveProperty('materials');
  });
});
