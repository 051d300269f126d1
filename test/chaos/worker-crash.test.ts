import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, requireService } from '../../libs/config';
import { applicationWorkflowId } from '../../libs/domain';
import { createDataSource } from '../../libs/persistence/data-source';
import { claimAndDecide, loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

describe('a worker crash in the middle of a route', () => {
  const stack = new ProcessStack();
  const staff: Record<string, ApiUser> = {};
  let applicant: ApiUser;

  beforeAll(async () => {
    await stack.start();
    applicant = await loginAs(stack, 'applicant1');
    for (const department of ['market', 'fire', 'environment', 'health', 'tax']) {
      staff[department] = await loginAs(stack, `staff.${department}`);
    }
  });
  afterAll(() => stack.stop());

  test('a new worker finishes the application and no task row is duplicated', async () => {
    const filed = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filed.status).toBe(201);
    const applicationId: string = filed.body.id;

    for (const department of ['market', 'fire', 'environment']) {
      const [task] = await eventually(async () => {
        const rows = await queueFor(staff[department], applicationId);
        return rows.length > 0 && rows;
      });
      const decision = await claimAndDecide(staff[department], task.id, 'approve');
      expect(decision.status).toBe(200);
    }
    // The last approval has just made the workflow open the health step: kill the worker with
    // SIGKILL while that is in flight — no draining, activities and workflow tasks cut off.
    const [crashed] = stack.workers;
    await crashed.stop('SIGKILL');
    expect(crashed.running).toBe(false);

    await stack.startWorker();
    // Recovery waits for the dead worker's activity attempt to time out (10 s) and its sticky
    // workflow task queue to be abandoned, so allow for that.
    const [healthTask] = await eventually(async () => {
      const rows = await queueFor(staff.health, applicationId);
      return rows.length > 0 && rows;
    }, 60_000);
    expect((await claimAndDecide(staff.health, healthTask.id, 'approve')).status).toBe(200);
    const [taxTask] = await eventually(async () => {
      const rows = await queueFor(staff.tax, applicationId);
      return rows.length > 0 && rows;
    });
    expect((await claimAndDecide(staff.tax, taxTask.id, 'approve')).status).toBe(200);

    await eventually(
      async () => (await applicant.request('GET', `/applications/${applicationId}`)).body.status === 'approved',
    );

    const config = loadConfig();
    const dataSource = createDataSource(requireService(config.databaseUrl, 'DATABASE_URL'), 1);
    await dataSource.initialize();
    try {
      const tasks = await dataSource.query<{ step_key: string; round: number; status: string }[]>(
        `SELECT step_key, round, status FROM tasks WHERE application_id = $1 ORDER BY step_key, round`,
        [applicationId],
      );
      expect(tasks).toEqual([
        { step_key: 'business-licence', round: 1, status: 'completed' },
        { step_key: 'environment-review', round: 1, status: 'completed' },
        { step_key: 'fire-safety', round: 1, status: 'completed' },
        { step_key: 'health-permit', round: 1, status: 'completed' },
        { step_key: 'tax-registration', round: 1, status: 'completed' },
      ]);
      // Every fact once, however many times an activity ran: one start, one task and one decision per step.
      const counts = await dataSource.query<{ kind: string; count: string }[]>(
        `SELECT kind, count(*) FROM application_events WHERE application_id = $1
          AND kind IN ('step_started', 'task_created', 'decided') GROUP BY kind ORDER BY kind`,
        [applicationId],
      );
      expect(counts.map((c) => [c.kind, Number(c.count)])).toEqual([
        ['decided', 5],
        ['step_started', 5],
        ['task_created', 5],
      ]);
    } finally {
      await dataSource.destroy();
    }

    // Temporal agrees: the one execution for this application completed.
    const connection = await Connection.connect({
      address: requireService(config.temporal.address, 'TEMPORAL_ADDRESS'),
    });
    try {
      const description = await new Client({ connection }).workflow
        .getHandle(applicationWorkflowId(applicationId))
        .describe();
      expect(description.status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
  });
});
