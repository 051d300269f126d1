import { randomUUID } from 'node:crypto';
import { loginAs } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';

interface Template {
  id: string;
  departmentCode: string;
  text: string;
  createdBy: string;
}

describe("a department's common opinion phrases (GET/POST/PUT/DELETE /api/opinion-templates)", () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};

  beforeAll(async () => {
    await stack.start();
    for (const name of ['staff.market', 'cio.market', 'staff.fire', 'cio.fire', 'coord', 'applicant1']) {
      users[name] = await loginAs(stack, name);
    }
  });
  afterAll(() => stack.stop());

  test("officers and the CIO read their own department's phrases, seeded two per department", async () => {
    const market = await users['staff.market'].request<Template[]>('GET', '/opinion-templates');
    expect(market.status).toBe(200);
    expect(market.body.length).toBeGreaterThanOrEqual(2);
    expect(market.body.every((t) => t.departmentCode === 'market')).toBe(true);
    expect(market.body.filter((t) => t.createdBy === 'seed')).toHaveLength(2);
    const fire = await users['cio.fire'].request<Template[]>('GET', '/opinion-templates');
    expect(fire.body.every((t) => t.departmentCode === 'fire')).toBe(true);
    expect(fire.body.filter((t) => t.createdBy === 'seed')).toHaveLength(2);
    for (const outsider of ['coord', 'applicant1']) {
      expect((await users[outsider].request('GET', '/opinion-templates')).status).toBe(403);
    }
  });

  test('the CIO adds and deletes a phrase; a duplicate is 409; officers and other CIOs are refused with 403', async () => {
    const text = `现场核查合格 ${randomUUID().slice(0, 8)}`;
    const added = await users['cio.market'].request<Template>('POST', '/opinion-templates', { text: `  ${text} ` });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ departmentCode: 'market', text, createdBy: 'cio.market' });
    const listed = await users['staff.market'].request<Template[]>('GET', '/opinion-templates');
    expect(listed.body.map((t) => t.text)).toContain(text);

    const duplicate = await users['cio.market'].request('POST', '/opinion-templates', { text });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('OPINION_TEMPLATE_DUPLICATE');
    // Another department may keep the same words.
    expect((await users['cio.fire'].request('POST', '/opinion-templates', { text })).status).toBe(201);

    const byOfficer = await users['staff.market'].request('POST', '/opinion-templates', { text: 'x' });
    expect(byOfficer.status).toBe(403);
    const deleteByOfficer = await users['staff.market'].request('DELETE', `/opinion-templates/${added.body.id}`);
    expect(deleteByOfficer.status).toBe(403);
    const deleteByOtherCio = await users['cio.fire'].request('DELETE', `/opinion-templates/${added.body.id}`);
    expect(deleteByOtherCio.status).toBe(403);
    expect(deleteByOtherCio.body.code).toBe('OPINION_TEMPLATE_OUT_OF_SCOPE');

    expect((await users['cio.market'].request('DELETE', `/opinion-templates/${added.body.id}`)).status).toBe(204);
    const again = await users['cio.market'].request('DELETE', `/opinion-templates/${added.body.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('OPINION_TEMPLATE_NOT_FOUND');
    const after = await users['staff.market'].request<Template[]>('GET', '/opinion-templates');
    expect(after.body.map((t) => t.text)).not.toContain(text);
  });

  test('the CIO edits a phrase in place: it keeps its place in the list; a duplicate is 409; others are refused', async () => {
    const cio = users['cio.market'];
    const suffix = randomUUID().slice(0, 8);
    const first = await cio.request<Template>('POST', '/opinion-templates', { text: `首条 ${suffix}` });
    const second = await cio.request<Template>('POST', '/opinion-templates', { text: `次条 ${suffix}` });
    expect([first.status, second.status]).toEqual([201, 201]);

    const edited = await cio.request<Template>('PUT', `/opinion-templates/${first.body.id}`, {
      text: ` 首条（已修改） ${suffix} `,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id: first.body.id,
      departmentCode: 'market',
      text: `首条（已修改） ${suffix}`,
    });
    const texts = (await users['staff.market'].request<Template[]>('GET', '/opinion-templates')).body.map(
      (t) => t.text,
    );
    expect(texts).not.toContain(`首条 ${suffix}`);
    expect(texts.indexOf(`首条（已修改） ${suffix}`)).toBe(texts.indexOf(`次条 ${suffix}`) - 1);

    // Saving the same words again changes nothing and is no conflict.
    const unchanged = await cio.request('PUT', `/opinion-templates/${first.body.id}`, { text: edited.body.text });
    expect(unchanged.status).toBe(200);
    const duplicate = await cio.request('PUT', `/opinion-templates/${first.body.id}`, { text: `次条 ${suffix}` });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('OPINION_TEMPLATE_DUPLICATE');

    const byOfficer = await users['staff.market'].request('PUT', `/opinion-templates/${first.body.id}`, { text: 'x' });
    expect(byOfficer.status).toBe(403);
    const byOtherCio = await users['cio.fire'].request('PUT', `/opinion-templates/${first.body.id}`, { text: 'x' });
    expect(byOtherCio.status).toBe(403);
    expect(byOtherCio.body.code).toBe('OPINION_TEMPLATE_OUT_OF_SCOPE');
    const missing = await cio.request('PUT', `/opinion-templates/${randomUUID()}`, { text: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('OPINION_TEMPLATE_NOT_FOUND');
    for (const text of ['   ', 'x'.repeat(501)]) {
      const invalid = await cio.request('PUT', `/opinion-templates/${first.body.id}`, { text });
      expect(invalid.status).toBe(400);
      expect(JSON.stringify(invalid.body.details)).toContain('"text"');
    }
    const kept = await cio.request<Template[]>('GET', '/opinion-templates');
    expect(kept.body.find((t) => t.id === first.body.id)?.text).toBe(`首条（已修改） ${suffix}`);
  });

  test('a blank phrase or one over 500 characters is refused naming text', async () => {
    for (const text of ['', '   ', 'x'.repeat(501)]) {
      const response = await users['cio.market'].request('POST', '/opinion-templates', { text });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(response.body.details)).toContain('"text"');
    }
    expect((await users['cio.market'].request('DELETE', '/opinion-templates/not-a-uuid')).status).toBe(400);
  });
});
