import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../libs/persistence/seed/demo-data';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { api, ApiUser, freePort, ProcessStack } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

/** Nothing listens on a port we just found free: connections to it are refused. */
const closedAddress = async () => `127.0.0.1:${await freePort()}`;

describe('when Temporal or Postgres is unreachable', () => {
  const stack = new ProcessStack();
  beforeAll(() => stack.start());
  afterAll(() => stack.stop());

  test('Temporal down: readiness says so, filing answers 503, and the retry of that filing loses nothing', async () => {
    const brokenUrl = await stack.startExtraGateway({ TEMPORAL_ADDRESS: await closedAddress() });

    const ready = await api(brokenUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ checks: { database: 'up', temporal: 'down' } });

    const applicantOnBroken = await ApiUser.login(brokenUrl, 'applicant1', DEMO_PASSWORD);
    const key = randomUUID();
    const refused = await applicantOnBroken.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': key,
    });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(refused.body.message).toEqual(expect.any(String));

    // The client retries with the same key once Temporal answers: the one filing goes ahead.
    const applicant = await loginAs(stack, 'applicant1');
    const retried = await applicant.request('POST', '/applications', RESTAURANT_FILING, { 'idempotency-key': key });
    expect([200, 201]).toContain(retried.status);
    const marketStaff = await loginAs(stack, 'staff.market');
    const tasks = await eventually(async () => {
      const rows = await queueFor(marketStaff, retried.body.id);
      return rows.length > 0 && rows;
    });
    expect(tasks).toHaveLength(1);
    const mine = await applicant.request('GET', '/applications?limit=100');
    expect(mine.body.items.filter((a: { id: string }) => a.id === retried.body.id)).toHaveLength(1);

    // A decision through the broken gateway cannot reach the workflow: 503, and the task stays open.
    const staffOnBroken = await ApiUser.login(brokenUrl, 'staff.market', DEMO_PASSWORD);
    expect((await staffOnBroken.request('POST', `/tasks/${tasks[0].id}/claim`)).status).toBe(200);
    const decision = await staffOnBroken.request('POST', `/tasks/${tasks[0].id}/decision`, {
      outcome: 'approve',
      opinion: 'ok',
    });
    expect(decision.status).toBe(503);
    expect(decision.body.code).toBe('TEMPORAL_UNAVAILABLE');
    expect((await queueFor(marketStaff, retried.body.id))[0].status).toBe('claimed');
  });

  test('Postgres down: readiness says so and requests answer 503 DATABASE_UNAVAILABLE', async () => {
    const brokenUrl = await stack.startExtraGateway({
      DATABASE_URL: `postgres://postgres@${await closedAddress()}/onestop`,
    });
    const ready = await api(brokenUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ checks: { database: 'down' } });

    const login = await api(brokenUrl, 'POST', '/auth/login', {
      body: { username: 'applicant1', password: DEMO_PASSWORD },
    });
    expect(login.status).toBe(503);
    expect(login.body.code).toBe('DATABASE_UNAVAILABLE');

    // A token issued elsewhere is still valid here (same secret); the read itself cannot be served.
    const applicant = await loginAs(stack, 'applicant1');
    const list = await api(brokenUrl, 'GET', '/applications', {
      headers: { authorization: `Bearer ${applicant.token}` },
    });
    expect(list.status).toBe(503);
    expect(list.body.code).toBe('DATABASE_UNAVAILABLE');
  });
});
