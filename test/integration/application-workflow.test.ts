import { WorkflowNotFoundError } from '@temporalio/common';
import { ApplicationErrorCode } from '../../libs/domain';
import { decideUpdate, progressQuery, supplySupplementUpdate } from '../../workflows/application.messages';
import { eventually, rejectionCode, WorkflowHarness } from '../support/workflow-harness';

const officer = { userId: '00000000-0000-4000-8000-000000000001', username: 'staff.market' };
const approve = (stepKey: string, round = 1) => ({
  stepKey,
  round,
  outcome: 'approve' as const,
  opinion: 'ok',
  actor: officer,
});

describe('application workflow (route interpreter)', () => {
  const harness = new WorkflowHarness();
  // One working day lasts two seconds, so a one-day limit passes within a test.
  beforeAll(() => harness.start(2));
  afterAll(() => harness.stop());

  const parallelThenSequential = () =>
    harness.publish([
      { key: 'licence', departmentCode: 'market', config: { timeLimitDays: 30 } },
      { key: 'fire', departmentCode: 'fire', config: { timeLimitDays: 30 } },
      { key: 'health', departmentCode: 'health', after: ['licence', 'fire'], config: { timeLimitDays: 30 } },
    ]);

  test('approves the application when every step approves, starting parallel steps together and the next stage after them', async () => {
    const { id, handle } = await harness.file(await parallelThenSequential());

    const firstStage = await eventually(async () => {
      const tasks = await harness.tasks(id);
      return tasks.length === 2 && tasks;
    });
    expect(firstStage.map((t) => [t.step_key, t.round, t.status])).toEqual([
      ['fire', 1, 'pending'],
      ['licence', 1, 'pending'],
    ]);

    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    const afterOne = await handle.query(progressQuery);
    expect(afterOne.steps.find((s) => s.key === 'health')?.status).toBe('waiting');

    await handle.executeUpdate(decideUpdate, { args: [approve('fire')] });
    await eventually(async () => (await harness.tasks(id)).some((t) => t.step_key === 'health'));
    const result = await handle.executeUpdate(decideUpdate, { args: [approve('health')] });
    expect(result).toMatchObject({ stepKey: 'health', stepStatus: 'approved', applicationStatus: 'approved' });

    const outcome = await handle.result();
    expect(outcome.status).toBe('approved');
    expect(outcome.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'approved']);
    expect(await harness.applicationStatus(id)).toBe('approved');
    expect((await harness.tasks(id)).map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
  });

  test('a rejection cancels the other active steps, never starts later ones, and rejects the application', async () => {
    const { id, handle } = await harness.file(await parallelThenSequential());
    await eventually(async () => (await harness.tasks(id)).length === 2);

    await handle.executeUpdate(decideUpdate, {
      args: [{ stepKey: 'fire', round: 1, outcome: 'reject', opinion: 'no fire exits', actor: officer }],
    });

    const outcome = await handle.result();
    expect(outcome.status).toBe('rejected');
    const tasks = await harness.tasks(id);
    expect(tasks.map((t) => [t.step_key, t.status, t.outcome])).toEqual([
      ['fire', 'completed', 'reject'],
      ['licence', 'cancelled', null],
    ]);
    expect(await harness.applicationStatus(id)).toBe('rejected');
    expect((await harness.events(id)).filter((e) => e.kind === 'step_cancelled').map((e) => e.step_key)).toEqual([
      'licence',
    ]);
  });

  test('the update validator refuses duplicate, stale and premature decisions with typed errors', async () => {
    const { id, handle } = await harness.file(await parallelThenSequential());
    await eventually(async () => (await harness.tasks(id)).length === 2);

    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    const duplicate = await handle.executeUpdate(decideUpdate, { args: [approve('licence')] }).catch(rejectionCode);
    expect(duplicate).toBe(ApplicationErrorCode.AlreadyDecided);

    const premature = await handle.executeUpdate(decideUpdate, { args: [approve('health')] }).catch(rejectionCode);
    expect(premature).toBe(ApplicationErrorCode.StepNotActive);

    const unknown = await handle.executeUpdate(decideUpdate, { args: [approve('nope')] }).catch(rejectionCode);
    expect(unknown).toBe(ApplicationErrorCode.StepNotFound);

    // A supplement request opens round 2 once the applicant answers; a decision for round 1 is stale.
    const supplementRequest = await handle.executeUpdate(decideUpdate, {
      args: [
        {
          stepKey: 'fire',
          round: 1,
          outcome: 'request_supplement',
          opinion: 'floor plan unreadable',
          actor: officer,
          items: [{ kind: 'other', reason: 'floor plan unreadable' }],
        },
      ],
    });
    expect(supplementRequest.applicationStatus).toBe('awaiting_applicant');
    await eventually(async () => (await handle.query(progressQuery)).status === 'awaiting_applicant');
    expect(await harness.applicationStatus(id)).toBe('awaiting_applicant');
    await handle.executeUpdate(supplySupplementUpdate, {
      args: [
        {
          note: 'clearer floor plan attached',
          actor: { userId: '00000000-0000-4000-8000-00000000000a', username: 'applicant1' },
        },
      ],
    });
    const stale = await handle.executeUpdate(decideUpdate, { args: [approve('fire', 1)] }).catch(rejectionCode);
    expect(stale).toBe(ApplicationErrorCode.StaleRound);

    const tasks = await harness.tasks(id);
    expect(tasks.filter((t) => t.step_key === 'fire').map((t) => [t.round, t.status])).toEqual([
      [1, 'completed'],
      [2, 'pending'],
    ]);
    // The refused decisions left no trace in the workflow history.
    const rejectedDecisions = (await handle.fetchHistory()).events?.filter(
      (e) => e.workflowExecutionUpdateRejectedEventAttributes,
    );
    expect(rejectedDecisions ?? []).toHaveLength(0);

    await handle.executeUpdate(decideUpdate, { args: [approve('fire', 2)] });
    await eventually(async () => (await harness.tasks(id)).some((t) => t.step_key === 'health'));
    await handle.executeUpdate(decideUpdate, { args: [approve('health')] });
    expect((await handle.result()).status).toBe('approved');
  });

  test('records a time-limit breach when a step outlives its limit, and still accepts the late decision', async () => {
    const version = await harness.publish([{ key: 'licence', config: { timeLimitDays: 1 } }]);
    const { id, handle } = await harness.file(version);

    const breached = await eventually(async () => {
      const [task] = await harness.tasks(id);
      return task?.breached_at ?? undefined;
    });
    expect(breached).toBeInstanceOf(Date);
    expect((await harness.events(id)).map((e) => e.kind)).toContain('breached');
    expect((await handle.query(progressQuery)).steps[0].breachedAt).toBeDefined();

    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    expect((await handle.result()).status).toBe('approved');
  });

  test('a decision on a closed application is refused', async () => {
    const version = await harness.publish([{ key: 'licence' }]);
    const { id, handle } = await harness.file(version);
    await eventually(async () => (await harness.tasks(id)).length === 1);
    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    await handle.result();
    // A completed execution takes no updates; the server answers "not found" and nothing changes.
    await expect(handle.executeUpdate(decideUpdate, { args: [approve('licence')] })).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    expect((await harness.tasks(id)).map((t) => t.status)).toEqual(['completed']);
  });

  test('a step whose include condition is false is skipped with the reason, and its successors start without it', async () => {
    const area = {
      key: 'area',
      label: { zh: '面积', en: 'Area' },
      type: 'area_m2' as const,
      required: true,
    };
    const version = await harness.publish([
      { key: 'licence', departmentCode: 'market', config: { fields: [area] } },
      {
        key: 'fire',
        departmentCode: 'fire',
        config: { fields: [area], includeWhen: { field: 'area', op: 'gt', value: 150 } },
      },
      { key: 'health', departmentCode: 'health', after: ['licence', 'fire'] },
    ]);
    const { id, handle } = await harness.file(version, { area: 80 });

    await eventually(async () => (await harness.tasks(id)).length === 1);
    const progress = await handle.query(progressQuery);
    expect(progress.steps.map((s) => [s.key, s.status])).toEqual([
      ['licence', 'active'],
      ['fire', 'skipped'],
      ['health', 'waiting'],
    ]);
    expect(progress.steps[1].inclusionReason).toBe('not required: the form does not meet area > 150');
    const skipped = (await harness.events(id)).filter((e) => e.kind === 'step_skipped');
    expect(skipped.map((e) => e.step_key)).toEqual(['fire']);

    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    await eventually(async () => (await harness.tasks(id)).some((t) => t.step_key === 'health'));
    await handle.executeUpdate(decideUpdate, { args: [approve('health')] });
    const outcome = await handle.result();
    expect(outcome.status).toBe('approved');
    expect(outcome.steps.map((s) => s.status)).toEqual(['approved', 'skipped', 'approved']);
    expect((await harness.tasks(id)).map((t) => t.step_key)).toEqual(['health', 'licence']);
  });

  test('a step whose include condition holds runs, and says why', async () => {
    const version = await harness.publish([
      {
        key: 'fire',
        departmentCode: 'fire',
        config: {
          fields: [{ key: 'area', label: { zh: '面积', en: 'Area' }, type: 'area_m2', required: true }],
          includeWhen: { field: 'area', op: 'gt', value: 150 },
        },
      },
    ]);
    const { id, handle } = await harness.file(version, { area: 200 });
    await eventually(async () => (await harness.tasks(id)).length === 1);
    const [fire] = (await handle.query(progressQuery)).steps;
    expect(fire).toMatchObject({ status: 'active', inclusionReason: 'required because area > 150' });
  });

  test('a step that needs two reviewers stays open after the first approval and refuses the same officer twice', async () => {
    const version = await harness.publish([{ key: 'licence', config: { handling: { reviewers: 2 } } }]);
    const { id, handle } = await harness.file(version);
    await eventually(async () => (await harness.tasks(id)).length === 1);
    const second = { userId: '00000000-0000-4000-8000-000000000002', username: 'staff.market.2' };

    const first = await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    expect(first).toMatchObject({ stepStatus: 'active', approvals: 1, reviewersRequired: 2 });
    const [task] = await harness.tasks(id);
    expect(task.status).toBe('pending');
    const [{ approvals }] = await harness.dataSource.query<{ approvals: { username: string }[] }[]>(
      'SELECT approvals FROM tasks WHERE id = $1',
      [task.id],
    );
    expect(approvals.map((a) => a.username)).toEqual(['staff.market']);

    const again = await handle.executeUpdate(decideUpdate, { args: [approve('licence')] }).catch(rejectionCode);
    expect(again).toBe(ApplicationErrorCode.AlreadyReviewed);

    const last = await handle.executeUpdate(decideUpdate, {
      args: [{ stepKey: 'licence', round: 1, outcome: 'approve', opinion: 'agree', actor: second }],
    });
    expect(last).toMatchObject({ stepStatus: 'approved', approvals: 2, reviewersRequired: 2 });
    expect((await handle.result()).status).toBe('approved');
    expect((await harness.events(id)).filter((e) => e.kind === 'reviewed')).toHaveLength(1);
  });
});
