import { createHmac, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig, requireService } from '../../libs/config';
import { createDataSource } from '../../libs/persistence/data-source';
import { DEMO_PASSWORD } from '../../libs/persistence/seed/demo-data';
import { claimAndDecide, loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { api, ApiUser, ProcessStack } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

describe('identity and scoping', () => {
  const stack = new ProcessStack();
  let applicant1: ApiUser;
  let applicant2: ApiUser;
  let marketStaff: ApiUser;
  let fireStaff: ApiUser;
  let applicationId: string;
  let marketTaskId: string;

  beforeAll(async () => {
    await stack.start();
    [applicant1, applicant2, marketStaff, fireStaff] = await Promise.all(
      ['applicant1', 'applicant2', 'staff.market', 'staff.fire'].map((u) => loginAs(stack, u)),
    );
    const filed = await applicant1.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    applicationId = filed.body.id;
    [{ id: marketTaskId }] = await eventually(async () => {
      const rows = await queueFor(marketStaff, applicationId);
      return rows.length > 0 && rows;
    });
  });
  afterAll(() => stack.stop());

  test('every endpoint but login and health requires a valid token', async () => {
    expect((await api(stack.baseUrl, 'GET', '/applications')).status).toBe(401);
    expect((await api(stack.baseUrl, 'GET', '/tasks')).status).toBe(401);
    const forged = await api(stack.baseUrl, 'GET', '/departments', {
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect((await api(stack.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });

  test('the OpenAPI document is public and covers the contract, with bearer auth', async () => {
    const docs = await api<{ paths: Record<string, object>; components: { securitySchemes: object } }>(
      stack.baseUrl,
      'GET',
      '/docs-json',
    );
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/departments',
        '/api/services',
        '/api/services/{code}',
        '/api/services/{code}/steps/{key}',
        '/api/services/{code}/publish',
        '/api/services/{code}/versions/{n}/diff',
        '/api/applications',
        '/api/applications/{id}',
        '/api/applications/{id}/supplements',
        '/api/applications/{id}/withdraw',
        '/api/tasks',
        '/api/tasks/{id}/claim',
        '/api/tasks/{id}/release',
        '/api/tasks/{id}/decision',
        '/api/calendar/due-date',
        '/api/health/ready',
      ]),
    );
    expect(docs.body.components.securitySchemes).toHaveProperty('bearer');
    const ui = await fetch(`${stack.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  test('a wrong password is refused with 401 and no token', async () => {
    const response = await api(stack.baseUrl, 'POST', '/auth/login', {
      body: { username: 'applicant1', password: 'wrong' },
    });
    expect(response.status).toBe(401);
    expect(response.body).not.toHaveProperty('accessToken');
  });

  test("an enterprise cannot read or act on another enterprise's application", async () => {
    expect((await applicant1.request('GET', `/applications/${applicationId}`)).status).toBe(200);
    const other = await applicant2.request('GET', `/applications/${applicationId}`);
    expect(other.status).toBe(404);
    const list = await applicant2.request('GET', '/applications?limit=100');
    expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(applicationId);
    expect(
      (await applicant2.request('POST', `/applications/${applicationId}/withdraw`, { reason: 'not mine' })).status,
    ).toBe(404);
  });

  test("staff see only their department's queue and cannot claim or decide another department's task", async () => {
    const fireQueue = await fireStaff.request('GET', '/tasks?limit=100');
    expect(fireQueue.status).toBe(200);
    expect(fireQueue.body.items.length).toBeGreaterThan(0);
    expect(new Set(fireQueue.body.items.map((t: { departmentCode: string }) => t.departmentCode))).toEqual(
      new Set(['fire']),
    );
    expect(fireQueue.body.items.map((t: { id: string }) => t.id)).not.toContain(marketTaskId);

    expect((await fireStaff.request('GET', `/tasks/${marketTaskId}`)).status).toBe(404);
    expect((await fireStaff.request('POST', `/tasks/${marketTaskId}/claim`)).status).toBe(403);
    const decision = await fireStaff.request('POST', `/tasks/${marketTaskId}/decision`, {
      outcome: 'approve',
      opinion: 'ok',
    });
    expect(decision.status).toBe(403);
    // Nothing changed: the market task is still unclaimed and open.
    expect((await queueFor(marketStaff, applicationId))[0]).toMatchObject({ id: marketTaskId, status: 'pending' });
  });

  test('roles are enforced: applicants have no queue, staff cannot file', async () => {
    expect((await applicant1.request('GET', '/tasks')).status).toBe(403);
    const filing = await marketStaff.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filing.status).toBe(403);
  });

  test('a decision needs the claim, and a second decision on the same task is a conflict', async () => {
    const unclaimed = await marketStaff.request('POST', `/tasks/${marketTaskId}/decision`, {
      outcome: 'approve',
      opinion: 'ok',
    });
    expect(unclaimed.status).toBe(409);
    expect((await claimAndDecide(marketStaff, marketTaskId, 'approve')).status).toBe(200);
    const again = await marketStaff.request('POST', `/tasks/${marketTaskId}/decision`, {
      outcome: 'approve',
      opinion: 'ok',
    });
    expect(again.status).toBe(409);
  });

  test('malformed input gets 400 naming the field, and changes nothing', async () => {
    const before = await applicant1.request('GET', '/applications?limit=100');
    const noKey = await applicant1.request('POST', '/applications', RESTAURANT_FILING);
    expect(noKey.status).toBe(400);
    expect(JSON.stringify(noKey.body)).toMatch(/Idempotency-Key/i);
    const badBody = await applicant1.request(
      'POST',
      '/applications',
      { ...RESTAURANT_FILING, materials: 'x' },
      { 'idempotency-key': randomUUID() },
    );
    expect(badBody.status).toBe(400);
    expect(badBody.body.details.map((d: { field: string }) => d.field)).toContain('materials');
    const after = await applicant1.request('GET', '/applications?limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);

    const badOutcome = await fireStaff.request('POST', `/tasks/${marketTaskId}/decision`, {
      outcome: 'maybe',
      opinion: 'x',
    });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.details.map((d: { field: string }) => d.field)).toContain('outcome');
  });

  test('repeated failed sign-ins for one username are throttled with 429; other usernames are not affected', async () => {
    const attempt = (username: string, password = 'wrong') =>
      api(stack.baseUrl, 'POST', '/auth/login', { body: { username, password } });
    // The default allows 10 attempts a minute per address and username.
    for (let i = 0; i < 10; i += 1) expect((await attempt('staff.tax')).status).toBe(401);
    const throttled = await fetch(`${stack.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'staff.tax', password: DEMO_PASSWORD }),
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect((await attempt('staff.health', DEMO_PASSWORD)).status).toBe(200);
  });

  test('a token counts only when signed HS256 with the secret itself: re-signed by hand it works; another secret, alg none or a past exp do not', async () => {
    // The gateway verifies with a key object made from the secret's UTF-8 bytes: a token HMAC-signed
    // with those bytes outside jsonwebtoken must pass, so tokens issued before that change stay valid.
    const secret = 'a-secret-known-only-to-this-test';
    const gatewayUrl = await stack.startExtraGateway({ JWT_SECRET: secret });
    const issued = await ApiUser.login(gatewayUrl, 'staff.market', DEMO_PASSWORD);
    const claims = JSON.parse(Buffer.from(issued.token.split('.')[1], 'base64url').toString('utf8')) as {
      exp: number;
    };
    const ask = (token: string) =>
      api<{ code: string }>(gatewayUrl, 'GET', '/tasks/counts', { headers: { authorization: `Bearer ${token}` } });

    expect((await ask(signed(claims, secret))).status).toBe(200);
    const otherSecret = await ask(signed(claims, 'another-secret-of-enough-length'));
    expect([otherSecret.status, otherSecret.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const unsigned = await ask(`${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`);
    expect([unsigned.status, unsigned.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const expired = await ask(signed({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, secret));
    expect([expired.status, expired.body.code]).toEqual([401, 'TOKEN_EXPIRED']);
    // This suite's own gateway has another secret: the same hand-signed token is not its.
    const elsewhere = await api<{ code: string }>(stack.baseUrl, 'GET', '/tasks/counts', {
      headers: { authorization: `Bearer ${signed(claims, secret)}` },
    });
    expect(elsewhere.status).toBe(401);
  });

  test("a deactivated account's token stops working, without waiting for it to expire", async () => {
    // ACCOUNT_CHECK_SECONDS=0: this gateway re-checks the account on every request.
    const gatewayUrl = await stack.startExtraGateway({ ACCOUNT_CHECK_SECONDS: '0' });
    const user = await ApiUser.login(gatewayUrl, 'applicant2', DEMO_PASSWORD);
    expect((await user.request('GET', '/applications')).status).toBe(200);
    const setActive = (active: boolean) =>
      withDatabase((db) => db.query('UPDATE accounts SET active = $1 WHERE username = $2', [active, 'applicant2']));
    await setActive(false);
    try {
      const refused = await user.request('GET', '/applications');
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('ACCOUNT_INACTIVE');
    } finally {
      await setActive(true);
    }
    expect((await user.request('GET', '/applications')).status).toBe(200);
  });
});

async function withDatabase<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
  const db = createDataSource(requireService(loadConfig().databaseUrl, 'DATABASE_URL'), 1);
  await db.initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

function part(json: object): string {
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

/** An HS256 JWT signed with node's HMAC, independent of the library the gateway uses. */
function signed(claims: object, secret: string): string {
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', Buffer.from(secret, 'utf8')).update(unsigned).digest('base64url')}`;
}
