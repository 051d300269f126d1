import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationErrorCode, type ServiceVersionSnapshot } from '../../libs/domain';
import { decideUpdate, progressQuery, supplyMaterialUpdate } from '../../workflows/application.messages';
import type { applicationWorkflow } from '../../workflows/application.workflow';
import { eventually, harnessActor, rejectionCode, WorkflowHarness, recordHistory } from '../support/workflow-harness';

/**
 * Deferred materials (容缺受理) on the real dev server with the demo clock: a working day lasts three
 * seconds, so a material due in 5 working days is due some 15 seconds after filing.
 */
const SECONDS_PER_DAY = 3;
const marketOfficer = harnessActor('wf-staff.market');
const fireOfficer = harnessActor('wf-staff.fire');
type Handle = WorkflowHandle<typeof applicationWorkflow>;

describe('deferred materials (demo clock: a working day lasts 3 s)', () => {
  const harness = new WorkflowHarness();
  let version: ServiceVersionSnapshot;
  let applicant: { userId: string; username: string; role: string };

  beforeAll(async () => {
    await harness.start(SECONDS_PER_DAY);
    // Two parallel departments both need the health certificates; the shorter deadline (5 days) applies.
    version = await harness.publish([
      {
        key: 'licence',
        departmentCode: 'market',
        config: {
          timeLimitDays: 30,
          materials: [
            { code: 'licence-form', name: '营业执照申请书', kind: 'core' },
            { code: 'health-cert', name: '从业人员健康证明', kind: 'non-core' },
          ],
          deferrable: { allowed: true, supplyWithinDays: 6 },
        },
      },
      {
        key: 'fire',
        departmentCode: 'fire',
        config: {
          timeLimitDays: 30,
          materials: [{ code: 'health-cert', name: '从业人员健康证明', kind: 'non-core' }],
          deferrable: { allowed: true, supplyWithinDays: 5 },
        },
      },
    ]);
    // An applicant account of the harness's enterprise, to be told of the termination.
    const id = randomUUID();
    const username = `wf-applicant-${id.slice(0, 8)}`;
    await harness.dataSource.query(
      `INSERT INTO accounts (id, username, password_hash, display_name, role, enterprise_id)
       VALUES ($1, $2, 'not-a-login', $2, 'applicant', $3)`,
      [id, username, harness.enterprise],
    );
    applicant = { userId: id, username, role: 'applicant' };
  });
  afterAll(() => harness.stop());

  const uploadFile = async (): Promise<string> => {
    const id = randomUUID();
    await harness.dataSource.query(
      `INSERT INTO files (id, enterprise_id, uploaded_by, name, content_type, extension, size, sha256, service_code, material_code)
       VALUES ($1, $2, $3, 'health.pdf', 'application/pdf', 'pdf', 1234, $4, $5, 'health-cert')`,
      [id, harness.enterprise, applicant.userId, 'a'.repeat(64), version.serviceCode],
    );
    return id;
  };
  const eventsOf = async (id: string, kind: string) => (await harness.events(id)).filter((e) => e.kind === kind);
  const deferredRow = async (id: string) => {
    const [row] = await harness.dataSource.query<
      { due_at: Date | null; supplied_at: Date | null; file_id: string | null; overdue_at: Date | null }[]
    >(`SELECT due_at, supplied_at, file_id, overdue_at FROM deferred_materials WHERE application_id = $1`, [id]);
    return row;
  };
  const approve = (handle: Handle, stepKey: string, actor: typeof marketOfficer) =>
    handle.executeUpdate(decideUpdate, {
      args: [{ stepKey, round: 1, outcome: 'approve', opinion: '同意', actor }],
    });

  test('a deferred material that arrives in time on one case and not on another: the first is approved, the second terminated with its tasks cancelled and the enterprise told', async () => {
    const [onTime, late] = await Promise.all([
      harness.file(version, {}, { deferredMaterials: ['health-cert'] }),
      harness.file(version, {}, { deferredMaterials: ['health-cert'] }),
    ]);

    // Both: the deadline is the shorter of the two steps' (5 working days), computed by an activity.
    for (const { id, handle } of [onTime, late]) {
      await eventually(() => harness.task(id, 'licence'));
      await eventually(() => harness.task(id, 'fire'));
      const row = await eventually(async () => ((await deferredRow(id))?.due_at ? deferredRow(id) : undefined));
      const [deferred] = await eventually(async () => {
        const events = await eventsOf(id, 'material_deferred');
        return events.length > 0 ? events : undefined;
      });
      expect(deferred.data).toMatchObject({ materialCode: 'health-cert', supplyWithinDays: 5 });
      expect(deferred.data.stepKeys).toEqual(['licence', 'fire']);
      expect(new Date(deferred.data.dueAt as string).getTime()).toBe(row.due_at!.getTime());
      const progress = await handle.query(progressQuery);
      expect(progress.deferredMaterials).toEqual([
        expect.objectContaining({ code: 'health-cert', dueAt: row.due_at!.toISOString() }),
      ]);
    }

    // On time: approval is refused while the material is missing, naming it …
    await expect(approve(onTime.handle, 'licence', marketOfficer).catch(rejectionCode)).resolves.toBe(
      ApplicationErrorCode.DeferredMaterialMissing,
    );
    const refused = await approve(onTime.handle, 'fire', fireOfficer).then(
      () => undefined,
      (e: Error) => e.cause as Error,
    );
    expect(refused?.message).toContain('从业人员健康证明');
    // … the material arrives (a retry of the same file changes nothing; another file is refused) …
    const fileId = await uploadFile();
    const supply = (file: string) =>
      onTime.handle.executeUpdate(supplyMaterialUpdate, {
        args: [{ materialCode: 'health-cert', fileId: file, actor: applicant }],
      });
    const first = await supply(fileId);
    expect(first).toMatchObject({ code: 'health-cert', fileId });
    expect(first.suppliedAt).toBeDefined();
    await expect(supply(fileId)).resolves.toEqual(first);
    await expect(supply(await uploadFile()).catch(rejectionCode)).resolves.toBe(
      ApplicationErrorCode.MaterialAlreadySupplied,
    );
    expect(await eventsOf(onTime.id, 'material_supplied')).toHaveLength(1);
    const uses = await harness.dataSource.query<{ file_id: string; source: string }[]>(
      `SELECT file_id, source FROM application_files WHERE application_id = $1`,
      [onTime.id],
    );
    expect(uses).toEqual([{ file_id: fileId, source: 'deferred' }]);
    // … and then both steps can be approved.
    await approve(onTime.handle, 'licence', marketOfficer);
    await approve(onTime.handle, 'fire', fireOfficer);
    await expect(onTime.handle.result()).resolves.toMatchObject({ status: 'approved' });

    // Late: nothing arrives; at the deadline the case is terminated, every open task cancelled.
    await expect(late.handle.result()).resolves.toMatchObject({ status: 'terminated' });
    expect(await harness.applicationStatus(late.id)).toBe('terminated');
    expect((await harness.tasks(late.id)).map((t) => [t.step_key, t.status])).toEqual([
      ['fire', 'cancelled'],
      ['licence', 'cancelled'],
    ]);
    const [overdue] = await eventsOf(late.id, 'material_overdue');
    expect(overdue.data).toMatchObject({ materialCode: 'health-cert' });
    const row = await deferredRow(late.id);
    expect(row.overdue_at).not.toBeNull();
    // Terminated no earlier than the deadline.
    expect(new Date(overdue.at).getTime()).toBeGreaterThanOrEqual(row.due_at!.getTime());
    const [terminated] = await eventsOf(late.id, 'terminated');
    expect(String(terminated.data.reason)).toContain('health-cert');
    expect(await eventsOf(late.id, 'step_cancelled')).toHaveLength(2);
    expect(await harness.notifications(late.id)).toEqual([['material_overdue', applicant.username, false]]);
    // The on-time case passed the same deadline untouched.
    expect(await harness.applicationStatus(onTime.id)).toBe('approved');
    expect(await eventsOf(onTime.id, 'material_overdue')).toHaveLength(0);
    // A late supply is refused: the case is closed.
    await expect(
      late.handle.executeUpdate(supplyMaterialUpdate, {
        args: [{ materialCode: 'health-cert', fileId: await uploadFile(), actor: applicant }],
      }),
    ).rejects.toThrow();

    await recordHistory(onTime.handle, 'v4-deferred-material-supplied-then-approved');
    await recordHistory(late.handle, 'v4-deferred-material-overdue-terminated');
  }, 60_000);

  test('a material that was not deferred cannot be supplied, and a case without deferrals is not blocked', async () => {
    const { id, handle } = await harness.file(version, {});
    await eventually(() => harness.task(id, 'licence'));
    await expect(
      handle
        .executeUpdate(supplyMaterialUpdate, {
          args: [{ materialCode: 'health-cert', fileId: randomUUID(), actor: applicant }],
        })
        .catch(rejectionCode),
    ).resolves.toBe(ApplicationErrorCode.MaterialNotDeferred);
    await approve(handle, 'licence', marketOfficer);
    await approve(handle, 'fire', fireOfficer);
    await expect(handle.result()).resolves.toMatchObject({ status: 'approved' });
    expect((await handle.query(progressQuery)).deferredMaterials).toBeUndefined();
  }, 30_000);
});
