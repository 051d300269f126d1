import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Client } from 'pg';
import { loadConfig, requireService } from '../../libs/config';
import { loginAs, queueFor } from '../support/demo-users';
import { freePort, ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  urgent: boolean;
  applicationId?: string;
  stepKey?: string;
  createdAt: string;
  readAt: string | null;
}

interface ReceivedRequest {
  idempotencyKey: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown> & { idempotencyId: string };
  answered: number;
}

/** How many times the receiver refuses each notification before it accepts it. */
const FAILURES_PER_NOTIFICATION = 2;

/**
 * A webhook receiver that answers 500 to the first attempts at each notification (told apart by
 * the body's idempotencyId) and 200 afterwards, keeping every request it saw.
 */
async function startReceiver(): Promise<{ url: string; requests: ReceivedRequest[]; server: Server }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedRequest['body'];
      const earlier = requests.filter((r) => r.body.idempotencyId === body.idempotencyId).length;
      const answered = earlier < FAILURES_PER_NOTIFICATION ? 500 : 200;
      requests.push({
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        contentType: request.headers['content-type'],
        body,
        answered,
      });
      response.statusCode = answered;
      response.end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hooks/onestop`, requests, server };
}

/** The ids of every notification written about one application, read from the database. */
async function notificationIdsOf(applicationId: string): Promise<string[]> {
  const client = new Client({ connectionString: requireService(loadConfig().databaseUrl, 'DATABASE_URL') });
  await client.connect();
  try {
    const result = await client.query<{ id: string }>('SELECT id FROM notifications WHERE application_id = $1', [
      applicationId,
    ]);
    return result.rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

describe('the inbox, and each notification POSTed to a webhook through HTTP', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let code: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    // A working day of an hour: no limit passes while the tests run, so only urges notify anyone.
    await stack.start({ env: { WORKING_DAY_SECONDS: '3600', NOTIFY_WEBHOOK_URL: receiver.url } });
    for (const name of [
      'applicant1',
      'coord',
      'staff.fire',
      'cio.fire',
      'staff.housing',
      'cio.housing',
      'staff.market',
      'cio.market',
    ]) {
      users[name] = await loginAs(stack, name);
    }
    code = `inbox-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios: { fire: users['cio.fire'], housing: users['cio.housing'] },
      code,
      route: [
        { key: 'fire-check', departmentCode: 'fire', after: [] },
        { key: 'signage', departmentCode: 'housing', after: [] },
      ],
      configs: { 'fire-check': stepConfig({ timeLimitDays: 10 }), signage: stepConfig({ timeLimitDays: 10 }) },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  /** Files a case and lets the step's officer claim it, so urges reach that officer and the CIO. */
  async function caseHeldBy(officer: ApiUser, stepKey: string): Promise<{ id: string; number: string }> {
    const filed = await users.applicant1.request(
      'POST',
      '/applications',
      { serviceCode: code, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    const task = await eventually(async () =>
      (await queueFor(officer, filed.body.id)).find((t) => t.stepKey === stepKey),
    );
    expect((await officer.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);
    return { id: filed.body.id, number: filed.body.number };
  }

  async function urge(applicationId: string, stepKey: string, message: string): Promise<void> {
    const urged = await users.coord.request('POST', `/applications/${applicationId}/steps/${stepKey}/urge`, {
      message,
    });
    expect(urged.status).toBe(201);
  }

  async function inbox(user: ApiUser, query = 'limit=100', headers: Record<string, string> = {}) {
    const response = await user.request<{ items: Notification[]; nextCursor: string | null; unreadCount: number }>(
      'GET',
      `/notifications?${query}`,
      undefined,
      headers,
    );
    expect(response.status).toBe(200);
    return response.body;
  }

  /** The user's notifications about one case, once `count` of them have arrived. */
  async function notificationsAbout(user: ApiUser, applicationId: string, count = 1): Promise<Notification[]> {
    return eventually(async () => {
      const items = (await inbox(user)).items.filter((n) => n.applicationId === applicationId);
      return items.length >= count && items;
    });
  }

  test('each notification reaches the webhook exactly once, with its id as idempotencyId and Idempotency-Key, after the receiver refused the first attempts', async () => {
    const { id, number } = await caseHeldBy(users['staff.fire'], 'fire-check');
    await urge(id, 'fire-check', '请于今日内办结');

    // One notification each for the officer holding the step and the department CIO.
    const [toOfficer] = await notificationsAbout(users['staff.fire'], id);
    const [toCio] = await notificationsAbout(users['cio.fire'], id);
    const [toCioEn] = (await inbox(users['cio.fire'], 'limit=100', { 'accept-language': 'en' })).items.filter(
      (n) => n.id === toCio.id,
    );
    const notifications = [toOfficer, toCio];
    // Every notification written about the case: other suites sharing the database may have added
    // officers or CIOs of the department, and each of theirs must be delivered too.
    const written = await notificationIdsOf(id);
    expect(written).toEqual(expect.arrayContaining(notifications.map((n) => n.id)));

    const aboutCase = () => receiver.requests.filter((r) => r.body.applicationId === id);
    // Delivery retries with back-off from 1 s: the third attempt at each is accepted a few seconds on.
    await eventually(
      () =>
        Promise.resolve(
          written.every((n) => aboutCase().some((r) => r.body.idempotencyId === n && r.answered === 200)),
        ),
      30_000,
    );
    // Nothing more arrives once each was accepted.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const received = aboutCase();

    expect(new Set(received.map((r) => r.body.idempotencyId))).toEqual(new Set(written));
    for (const notificationId of written) {
      const attempts = received.filter((r) => r.body.idempotencyId === notificationId);
      expect(attempts.map((r) => r.answered)).toEqual([500, 500, 200]);
      for (const attempt of attempts) {
        expect(attempt.idempotencyKey).toBe(notificationId);
        expect(attempt.contentType).toMatch(/^application\/json/);
        // A retry sends the same notification, not a new one.
        expect(attempt.body).toEqual(attempts[0].body);
      }
    }
    for (const notification of notifications) {
      const delivered = received.find((r) => r.body.idempotencyId === notification.id && r.answered === 200);
      expect(delivered?.body).toMatchObject({
        idempotencyId: notification.id,
        kind: 'urged',
        title: notification.title,
        body: notification.body,
        urgent: false,
        applicationId: id,
        applicationNumber: number,
        stepKey: 'fire-check',
      });
    }
    expect(received.find((r) => r.body.idempotencyId === toCio.id)?.body).toMatchObject({
      titleEn: toCioEn.title,
      recipient: expect.objectContaining({ username: 'cio.fire' }),
    });
  });

  test("nobody reads or marks another user's notifications", async () => {
    const { id } = await caseHeldBy(users['staff.housing'], 'signage');
    await urge(id, 'signage', '请加快审查');
    const [own] = await notificationsAbout(users['staff.housing'], id);

    for (const name of ['staff.fire', 'cio.housing', 'coord', 'applicant1']) {
      const listed = await inbox(users[name]);
      expect(listed.items.map((n) => n.id)).not.toContain(own.id);
      const marked = await users[name].request('POST', `/notifications/${own.id}/read`);
      expect(marked.status).toBe(404);
      expect(marked.body.code).toBe('NOTIFICATION_NOT_FOUND');
    }
    const unknown = await users['staff.housing'].request('POST', `/notifications/${randomUUID()}/read`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOTIFICATION_NOT_FOUND');

    // Their attempts left it unread for its owner.
    const [still] = (await inbox(users['staff.housing'])).items.filter((n) => n.id === own.id);
    expect(still.readAt).toBeNull();
  });

  test('the inbox is in Chinese by default and in English for Accept-Language: en', async () => {
    const { id, number } = await caseHeldBy(users['staff.fire'], 'fire-check');
    await urge(id, 'fire-check', 'please decide by Friday');
    const [chinese] = await notificationsAbout(users['staff.fire'], id);
    expect(chinese.title).toBe(`督办：${number}`);
    expect(chinese.body).toContain('please decide by Friday');

    for (const language of ['en', 'en-US,en;q=0.9']) {
      const english = (await inbox(users['staff.fire'], 'limit=100', { 'accept-language': language })).items.find(
        (n) => n.id === chinese.id,
      );
      expect(english?.title).toBe(`Urged: ${number}`);
      expect(english?.body).toContain('please decide by Friday');
    }
    const zh = (await inbox(users['staff.fire'], 'limit=100', { 'accept-language': 'zh-CN,zh;q=0.9' })).items.find(
      (n) => n.id === chinese.id,
    );
    expect(zh?.title).toBe(chinese.title);
  });

  test('marking a notification read lowers the unread count and takes it out of unreadOnly', async () => {
    const { id } = await caseHeldBy(users['staff.housing'], 'signage');
    await urge(id, 'signage', '请尽快办理');
    const [notification] = await notificationsAbout(users['cio.housing'], id);
    const cio = users['cio.housing'];

    const before = await inbox(cio, 'unreadOnly=true&limit=100');
    expect(before.items.map((n) => n.id)).toContain(notification.id);
    expect(before.items.every((n) => n.readAt === null)).toBe(true);
    expect(before.unreadCount).toBeGreaterThanOrEqual(1);

    const marked = await cio.request('POST', `/notifications/${notification.id}/read`, undefined, {
      'accept-language': 'en',
    });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ id: notification.id, readAt: expect.any(String) });
    expect(marked.body.title).toMatch(/^Urged: /);

    const after = await inbox(cio, 'unreadOnly=true&limit=100');
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    expect(after.items.map((n) => n.id)).not.toContain(notification.id);
    const all = await inbox(cio);
    expect(all.unreadCount).toBe(after.unreadCount);
    expect(all.items.find((n) => n.id === notification.id)?.readAt).toBe(marked.body.readAt);

    // Marking it again changes nothing.
    const again = await cio.request('POST', `/notifications/${notification.id}/read`);
    expect(again.status).toBe(200);
    expect(again.body.readAt).toBe(marked.body.readAt);
    expect((await inbox(cio)).unreadCount).toBe(after.unreadCount);

    const bad = await cio.request('GET', '/notifications?unreadOnly=maybe');
    expect(bad.status).toBe(400);
  });

  test('the inbox pages newest first by cursor, without gaps or repeats', async () => {
    const { id } = await caseHeldBy(users['staff.housing'], 'signage');
    for (const message of ['第一次督办', '第二次督办', '第三次督办']) await urge(id, 'signage', message);
    const officer = users['staff.housing'];
    const urges = await notificationsAbout(officer, id, 3);
    // Newest first.
    expect(urges.map((n) => n.body.match(/第.次督办/)?.[0])).toEqual(['第三次督办', '第二次督办', '第一次督办']);

    const whole = await inbox(officer);
    const paged: Notification[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await inbox(officer, query);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((n) => n.id)).toEqual(whole.items.map((n) => n.id));
    expect(new Set(paged.map((n) => n.id)).size).toBe(paged.length);
    for (let i = 1; i < paged.length; i++) {
      expect(Date.parse(paged[i].createdAt)).toBeLessThanOrEqual(Date.parse(paged[i - 1].createdAt));
    }

    const badCursor = await officer.request('GET', '/notifications?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.details.map((d: { field: string }) => d.field)).toContain('cursor');
  });
});
