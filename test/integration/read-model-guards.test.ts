import { ApplicationReadModelStore } from '../../libs/persistence/read-model/application-read-model.store';
import { WorkflowHarness } from '../support/workflow-harness';

/**
 * The read-model writes against Postgres, driven the way a late or repeated activity attempt would
 * drive them: each write is guarded by the state it expects, so nothing moves back and no event
 * claims a change that did not happen.
 */
describe('read-model writes are guarded by the state they expect', () => {
  const harness = new WorkflowHarness();
  let store: ApplicationReadModelStore;
  beforeAll(async () => {
    await harness.start();
    store = new ApplicationReadModelStore(harness.dataSource);
  });
  afterAll(() => harness.stop());

  const officer = { userId: '00000000-0000-4000-8000-000000000001', username: 'staff.market', role: 'staff' };
  const at = (offsetMs: number) => new Date(Date.UTC(2026, 11, 1, 2, 0, 0) + offsetMs);

  async function caseWithTask(): Promise<string> {
    const version = await harness.publish([{ key: 'licence' }]);
    const { id, number } = await harness.recordFiling(version);
    await store.openTask({
      applicationId: id,
      applicationNumber: number,
      enterpriseName: 'Test Enterprise',
      serviceCode: version.serviceCode,
      stepKey: 'licence',
      departmentCode: 'market',
      handlingGroup: null,
      round: 1,
      createdAt: at(0),
      dueAt: at(86_400_000),
    });
    return id;
  }

  test('a late attempt of an older status change never moves the status back', async () => {
    const id = await caseWithTask();
    await store.setApplicationStatus({ applicationId: id, status: 'awaiting_applicant', changeNumber: 1, at: at(1) });
    await store.setApplicationStatus({ applicationId: id, status: 'approved', changeNumber: 2, at: at(2) });
    // Attempt 1 of change 1, overtaken by its retry and by change 2, commits last.
    await store.setApplicationStatus({ applicationId: id, status: 'awaiting_applicant', changeNumber: 1, at: at(1) });
    expect((await harness.application(id)).status).toBe('approved');
    expect((await harness.events(id)).map((e) => e.kind)).toEqual([
      'step_started',
      'task_created',
      'status_changed',
      'approved',
    ]);
  });

  test('a cancellation only cancels open tasks, and only those get a step_cancelled event', async () => {
    const id = await caseWithTask();
    await store.recordDecision({
      applicationId: id,
      stepKey: 'licence',
      round: 1,
      outcome: 'approve',
      opinion: 'ok',
      actor: officer,
      decidedAt: at(5),
    });
    await store.cancelTasks({
      applicationId: id,
      stepKeys: ['licence'],
      reason: 'another department rejected',
      at: at(6),
    });
    expect((await harness.task(id, 'licence')).status).toBe('completed');
    expect((await harness.events(id)).map((e) => e.kind)).not.toContain('step_cancelled');
  });

  test('a decision stored after its task was cancelled leaves it cancelled and records no decision', async () => {
    const id = await caseWithTask();
    await store.cancelTasks({ applicationId: id, stepKeys: ['licence'], reason: 'withdrawn', at: at(5) });
    await store.recordDecision({
      applicationId: id,
      stepKey: 'licence',
      round: 1,
      outcome: 'approve',
      opinion: 'ok',
      actor: officer,
      decidedAt: at(6),
    });
    expect(await harness.task(id, 'licence')).toMatchObject({ status: 'cancelled', outcome: null });
    expect((await harness.events(id)).map((e) => e.kind)).toEqual(['step_started', 'task_created', 'step_cancelled']);
  });

  test('a repeated decision write changes nothing the second time: one decided event, the first values kept', async () => {
    const id = await caseWithTask();
    const decision = {
      applicationId: id,
      stepKey: 'licence',
      round: 1,
      outcome: 'request_supplement' as const,
      opinion: '缺平面图',
      items: [{ kind: 'material' as const, materialCode: 'floor-plan', reason: '看不清' }],
      actor: officer,
      decidedAt: at(5),
      remainingWorkingMs: 3_600_000,
    };
    await store.recordDecision(decision);
    await store.recordDecision({ ...decision, opinion: 'second attempt', decidedAt: at(9) });
    const task = await harness.task(id, 'licence');
    expect(task).toMatchObject({ status: 'awaiting_applicant', remaining_working_ms: '3600000' });
    const events = await harness.events(id);
    expect(events.filter((e) => e.kind === 'decided')).toHaveLength(1);
    const [requested] = events.filter((e) => e.kind === 'supplement_requested');
    expect(requested.data).toMatchObject({ opinion: '缺平面图', items: decision.items });
  });

  test('a card is issued once per level however often its write is retried', async () => {
    const id = await caseWithTask();
    const card = {
      applicationId: id,
      stepKey: 'licence',
      round: 1,
      level: 'yellow' as const,
      dueAt: at(10),
      at: at(11),
    };
    await store.recordCard(card);
    await store.recordCard(card);
    await store.recordCard({ ...card, at: at(12) });
    const task = await harness.task(id, 'licence');
    expect(task.cards).toEqual([{ level: 'yellow', at: at(11).toISOString() }]);
    expect(task.breached_at).toEqual(at(11));
    const kinds = (await harness.events(id)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'yellow_card')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'breached')).toHaveLength(1);
  });
});
