import { randomUUID } from 'node:crypto';
import { eventually } from '../support/workflow-harness';
import { claimAndDecide, loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';

const FIRST_STAGE = { market: 'business-licence', fire: 'fire-safety', environment: 'environment-review' } as const;

describe('restaurant-opening through HTTP, from filing to approval', () => {
  const stack = new ProcessStack();
  const staff: Record<string, ApiUser> = {};
  let applicant: ApiUser;
  let coordinator: ApiUser;

  beforeAll(async () => {
    await stack.start();
    applicant = await loginAs(stack, 'applicant1');
    coordinator = await loginAs(stack, 'coord');
    for (const department of ['market', 'fire', 'environment', 'health', 'tax']) {
      staff[department] = await loginAs(stack, `staff.${department}`);
    }
  });
  afterAll(() => stack.stop());

  test('every role logs in and the published service shows a parallel stage followed by sequential steps', async () => {
    expect(applicant.user).toMatchObject({ role: 'applicant', username: 'applicant1' });
    expect(coordinator.user.role).toBe('coord_cio');
    expect(staff.fire.user).toMatchObject({ role: 'staff', departmentCode: 'fire' });
    const cio = await loginAs(stack, 'cio.health');
    expect(cio.user).toMatchObject({ role: 'dept_cio', departmentCode: 'health' });
    const admin = await loginAs(stack, 'admin');
    expect(admin.user.role).toBe('admin');

    const service = await applicant.request('GET', '/services/restaurant-opening');
    expect(service.status).toBe(200);
    expect(service.body.published.version).toBe(1);
    expect(service.body.published.steps.map((s: { key: string; after: string[] }) => [s.key, s.after])).toEqual([
      ['business-licence', []],
      ['fire-safety', []],
      ['environment-review', []],
      ['health-permit', ['business-licence', 'fire-safety', 'environment-review']],
      ['tax-registration', ['health-permit']],
    ]);
  });

  test('an application is filed once, routed through each department queue in order, and approved', async () => {
    const idempotencyKey = randomUUID();
    const filed = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': idempotencyKey,
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'in_progress', serviceCode: 'restaurant-opening', serviceVersion: 1 });
    expect(filed.body.number).toMatch(/^YB-\d{4}-\d{6}$/);
    const applicationId: string = filed.body.id;

    const replay = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': idempotencyKey,
    });
    expect(replay.body.id).toBe(applicationId);
    expect(replay.body.number).toBe(filed.body.number);

    // The parallel stage: three departments each get one pending task; health and tax get nothing yet.
    for (const [department, stepKey] of Object.entries(FIRST_STAGE)) {
      const queue = await eventually(async () => {
        const rows = await queueFor(staff[department], applicationId);
        return rows.length > 0 && rows;
      });
      expect(queue.map((t) => [t.stepKey, t.round, t.status, t.departmentCode])).toEqual([
        [stepKey, 1, 'pending', department],
      ]);
    }
    expect(await queueFor(staff.health, applicationId)).toEqual([]);
    expect(await queueFor(staff.tax, applicationId)).toEqual([]);

    for (const department of Object.keys(FIRST_STAGE)) {
      const [task] = await queueFor(staff[department], applicationId);
      const decision = await claimAndDecide(staff[department], task.id, 'approve');
      expect(decision.status).toBe(200);
      expect(await queueFor(staff[department], applicationId)).toEqual([]);
    }

    const [healthTask] = await eventually(async () => {
      const rows = await queueFor(staff.health, applicationId);
      return rows.length > 0 && rows;
    });
    expect(healthTask).toMatchObject({ stepKey: 'health-permit', status: 'pending' });
    expect(await queueFor(staff.tax, applicationId)).toEqual([]);
    expect((await claimAndDecide(staff.health, healthTask.id, 'approve')).status).toBe(200);

    const [taxTask] = await eventually(async () => {
      const rows = await queueFor(staff.tax, applicationId);
      return rows.length > 0 && rows;
    });
    const last = await claimAndDecide(staff.tax, taxTask.id, 'approve');
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ outcome: 'approve', applicationStatus: 'approved' });

    const progress = await eventually(async () => {
      const response = await applicant.request('GET', `/applications/${applicationId}`);
      return response.body.status === 'approved' && response.body;
    });
    expect(progress).toMatchObject({ serviceCode: 'restaurant-opening', serviceVersion: 1, number: filed.body.number });
    expect(progress.closedAt).toEqual(expect.any(String));
    expect(
      progress.steps.map((s: { key: string; status: string; outcome: string; round: number }) => [
        s.key,
        s.status,
        s.outcome,
        s.round,
      ]),
    ).toEqual([
      ['business-licence', 'approved', 'approve', 1],
      ['fire-safety', 'approved', 'approve', 1],
      ['environment-review', 'approved', 'approve', 1],
      ['health-permit', 'approved', 'approve', 1],
      ['tax-registration', 'approved', 'approve', 1],
    ]);
    for (const step of progress.steps) {
      expect(step.dueAt).toEqual(expect.any(String));
      expect(Date.parse(step.decidedAt)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
    }
    // The coordinating CIO reads the whole log; the enterprise reads it without the hand-overs
    // inside each department (see "Following a case").
    const whole = (await coordinator.request('GET', `/applications/${applicationId}`)).body;
    const timeline: string[] = whole.timeline.map((e: { kind: string }) => e.kind);
    expect(progress.timeline.map((e: { kind: string }) => e.kind)).toEqual(timeline.filter((k) => k !== 'claimed'));
    expect(timeline[0]).toBe('filed');
    expect(timeline.filter((t) => t === 'step_started')).toHaveLength(5);
    expect(timeline.filter((t) => t === 'task_created')).toHaveLength(5);
    expect(timeline.filter((t) => t === 'claimed')).toHaveLength(5);
    expect(timeline.filter((t) => t === 'decided')).toHaveLength(5);
    // The approval closes the case; each approving department's certificate is issued with it.
    expect(timeline.slice(-6)).toEqual(['approved', ...Array(5).fill('certificate_issued')]);
    // Every officer's act names them with their role and department.
    const decided = progress.timeline.filter((e: { kind: string }) => e.kind === 'decided');
    expect(decided.map((e: { actor: { role: string; departmentCode: string } }) => e.actor.role)).toEqual(
      Array(5).fill('staff'),
    );
    expect(progress).toMatchObject({ dueAt: expect.any(String), clock: 'stopped', overdue: false });

    // The coordinating CIO sees every application; the enterprise's list has it too.
    const all = await coordinator.request('GET', '/applications?limit=100');
    expect(all.body.items.map((a: { id: string }) => a.id)).toContain(applicationId);
    const own = await applicant.request('GET', '/applications?limit=100');
    expect(own.body.items.find((a: { id: string }) => a.id === applicationId)?.status).toBe('approved');

    // The coordinating CIO finds a case by its number, or narrows the list by status and service.
    const byNumber = await coordinator.request('GET', `/applications?number=${filed.body.number}`);
    expect(byNumber.body.items.map((a: { id: string }) => a.id)).toEqual([applicationId]);
    const approved = await coordinator.request(
      'GET',
      '/applications?status=approved&serviceCode=restaurant-opening&limit=100',
    );
    expect(approved.body.items.map((a: { id: string }) => a.id)).toContain(applicationId);
    expect(approved.body.items.every((a: { status: string }) => a.status === 'approved')).toBe(true);
    const inProgress = await coordinator.request('GET', '/applications?status=in_progress&limit=100');
    expect(inProgress.body.items.map((a: { id: string }) => a.id)).not.toContain(applicationId);
    const bad = await coordinator.request('GET', '/applications?status=finished');
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('status');
  });
});
