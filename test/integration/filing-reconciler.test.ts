import { FilingReconciler } from '../../apps/worker/filing-reconciler';
import { applicationWorkflowId } from '../../libs/domain';
import { ApplicationFilingRepository } from '../../libs/persistence/repositories/application-filing.repository';
import { eventually, WorkflowHarness } from '../support/workflow-harness';

describe('filing reconciler: a filing whose workflow start was lost is still routed', () => {
  const harness = new WorkflowHarness();
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  const reconciler = (graceSeconds: number) =>
    new FilingReconciler({
      filings: new ApplicationFilingRepository(harness.dataSource),
      client: harness.client,
      taskQueue: harness.taskQueue,
      graceSeconds,
      batchSize: 1000,
    });
  const startedAt = async (id: string): Promise<Date | null> => {
    const [row] = await harness.dataSource.query<{ workflow_started_at: Date | null }[]>(
      'SELECT workflow_started_at FROM applications WHERE id = $1',
      [id],
    );
    return row.workflow_started_at;
  };

  test('starts the workflow of an old unstarted filing once, and leaves a fresh one to the gateway', async () => {
    const version = await harness.publish([{ key: 'licence' }]);
    const lost = await harness.recordFiling(version, {}, new Date(Date.now() - 5 * 60_000));
    const fresh = await harness.recordFiling(version);

    expect(await reconciler(60).runOnce()).toBeGreaterThanOrEqual(1);
    expect(await startedAt(lost.id)).toBeInstanceOf(Date);
    expect(await startedAt(fresh.id)).toBeNull();
    await eventually(async () => (await harness.tasks(lost.id)).length === 1);

    // A second pass (or another worker's) finds nothing to do for it and starts nothing twice.
    await reconciler(60).runOnce();
    const description = await harness.client.workflow.getHandle(applicationWorkflowId(lost.id)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(await harness.tasks(lost.id)).toHaveLength(1);
  });

  test('a filing whose workflow is already running is only marked, not started again', async () => {
    const version = await harness.publish([{ key: 'licence' }]);
    const { id, handle } = await harness.file(version);
    await eventually(async () => (await harness.tasks(id)).length === 1);
    const firstRun = (await handle.describe()).runId;

    await reconciler(0).runOnce();
    expect(await startedAt(id)).toBeInstanceOf(Date);
    expect((await handle.describe()).runId).toBe(firstRun);
    expect(await harness.tasks(id)).toHaveLength(1);
  });
});
