import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationErrorCode, type SupplementItem } from '../../libs/domain';
import {
  decidePostCheckUpdate,
  decideUpdate,
  pauseUpdate,
  progressQuery,
  resumeUpdate,
  supplyMaterialUpdate,
  supplySupplementUpdate,
} from '../../workflows/application.messages';
import type { applicationWorkflow } from '../../workflows/application.workflow';
import { eventually, harnessActor, rejectionCode, WorkflowHarness, recordHistory } from '../support/workflow-harness';

/**
 * One long case that uses every one-stop mechanism that changes the route, on the real dev server
 * with the demo clock: approval on pledge with a post-check after approval, a deferred material,
 * one consolidated notice for two departments, a pause, and the certificates. Its history is the
 * replay fixture of the combined workflow (RECORD_HISTORIES=1).
 */
const SECONDS_PER_DAY = 2;
const market = harnessActor('wf-staff.market');
const fire = harnessActor('wf-staff.fire');

type Handle = WorkflowHandle<typeof applicationWorkflow>;

const seats: SupplementItem = { kind: 'field', fieldKey: 'seats', reason: '座位数与面积不符' };
const smokeExit: SupplementItem = { kind: 'other', reason: '请说明排烟出口位置' };

describe('a case using every one-stop mechanism (demo clock: a working day lasts 2 s)', () => {
  const harness = new WorkflowHarness();
  let applicant: { userId: string; username: string; role: string };
  beforeAll(async () => {
    await harness.start(SECONDS_PER_DAY);
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

  const decide = (handle: Handle, stepKey: string, round: number, outcome: string, extra: object = {}) =>
    handle.executeUpdate(decideUpdate, {
      args: [
        { stepKey, round, outcome, opinion: '意见', actor: stepKey === 'fire' ? fire : market, ...extra } as never,
      ],
    });

  test('pledge, deferred material, one notice for two departments, a pause, certificates and a post-check after approval', async () => {
    const version = await harness.publish([
      { key: 'licence', config: { pledge: { allowed: true, postCheckRate: 1 } } },
      {
        key: 'fire',
        departmentCode: 'fire',
        config: {
          timeLimitDays: 30,
          materials: [{ code: 'evacuation-plan', name: '疏散预案', kind: 'non-core' }],
          deferrable: { allowed: true, supplyWithinDays: 20 },
        },
      },
      {
        key: 'permit',
        departmentCode: 'health',
        config: {
          timeLimitDays: 30,
          fields: [{ key: 'seats', label: { zh: '座位数', en: 'Seats' }, type: 'number', required: false }],
        },
      },
      { key: 'tax', departmentCode: 'market', after: ['licence', 'fire', 'permit'], config: { timeLimitDays: 30 } },
    ]);
    const { id, handle } = await harness.file(
      version,
      { seats: 80 },
      { pledges: ['licence'], deferredMaterials: ['evacuation-plan'] },
    );

    // The pledge approves the licence at once; fire and health hold their steps.
    await eventually(async () => (await harness.tasks(id)).length === 3);
    const started = await handle.query(progressQuery);
    expect(started.steps.find((s) => s.key === 'licence')).toMatchObject({ status: 'approved', basis: 'pledge' });

    // Fire cannot approve before the deferred material arrives; it asks, and so does health: one notice.
    expect(await decide(handle, 'fire', 1, 'approve').then(() => 'approved', rejectionCode)).toBe(
      ApplicationErrorCode.DeferredMaterialMissing,
    );
    await decide(handle, 'fire', 1, 'request_supplement', { items: [smokeExit] });
    await decide(handle, 'permit', 1, 'request_supplement', { items: [seats] });
    const [notice] = await eventually(async () => {
      const rows = await harness.dataSource.query<{ id: string; items: { stepKey: string }[] }[]>(
        `SELECT id, items FROM supplement_notices WHERE application_id = $1`,
        [id],
      );
      return rows.length === 1 && rows;
    });
    expect(notice.items.map((i) => i.stepKey)).toEqual(['fire', 'permit']);
    expect(await harness.applicationStatus(id)).toBe('awaiting_applicant');

    // The enterprise answers the notice once, and supplies the deferred material.
    await handle.executeUpdate(supplySupplementUpdate, {
      args: [{ noticeId: notice.id, form: { seats: 40 }, materials: [], note: '排烟出口在东侧外墙', actor: applicant }],
    });
    const fileId = randomUUID();
    await harness.dataSource.query(
      `INSERT INTO files (id, enterprise_id, uploaded_by, name, content_type, extension, size, sha256, service_code, material_code)
       VALUES ($1, $2, $3, 'plan.pdf', 'application/pdf', 'pdf', 2048, $4, $5, 'evacuation-plan')`,
      [fileId, harness.enterprise, applicant.userId, 'b'.repeat(64), version.serviceCode],
    );
    await handle.executeUpdate(supplyMaterialUpdate, {
      args: [{ materialCode: 'evacuation-plan', fileId, actor: applicant }],
    });

    // Round 2 of both askers; the pledge's approval was kept.
    await eventually(() => harness.task(id, 'fire', 2));
    await eventually(() => harness.task(id, 'permit', 2));
    await decide(handle, 'fire', 2, 'approve');
    await decide(handle, 'permit', 2, 'approve');

    // Tax pauses for an inspection, resumes and approves.
    const tax = await eventually(() => harness.task(id, 'tax'));
    await harness.claim(tax.id, market);
    await handle.executeUpdate(pauseUpdate, {
      args: [{ stepKey: 'tax', round: 1, reason: 'inspection', opinion: '现场核查', actor: market }],
    });
    await handle.executeUpdate(resumeUpdate, { args: [{ stepKey: 'tax', round: 1, actor: market }] });
    await decide(handle, 'tax', 1, 'approve');
    await eventually(async () => (await harness.applicationStatus(id)) === 'approved');

    // Approved: a certificate per approving step; the sampled pledge's post-check opens and passes.
    const certificates = await harness.dataSource.query<{ step_key: string; status: string }[]>(
      `SELECT step_key, status FROM certificates WHERE application_id = $1 ORDER BY step_key`,
      [id],
    );
    expect(certificates).toEqual(
      ['fire', 'licence', 'permit', 'tax'].map((stepKey) => ({ step_key: stepKey, status: 'valid' })),
    );
    const check = await eventually(async () => {
      const [row] = await harness.dataSource.query<{ id: string }[]>(
        `SELECT id FROM tasks WHERE application_id = $1 AND kind = 'post_check'`,
        [id],
      );
      return row;
    });
    await harness.claim(check.id, market);
    await handle.executeUpdate(decidePostCheckUpdate, {
      args: [{ stepKey: 'licence', outcome: 'post_check_pass', opinion: '现场核查与承诺一致', actor: market }],
    });
    expect((await handle.result()).status).toBe('approved');

    const kinds = (await harness.events(id)).map((e) => e.kind);
    for (const kind of [
      'material_deferred',
      'notice_issued',
      'supplement_answered',
      'material_supplied',
      'paused',
      'resumed',
      'approved',
      'certificate_issued',
      'post_check_passed',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(kinds.filter((k) => k === 'notice_issued')).toHaveLength(1);
    await recordHistory(handle, 'v4-mixed-pledge-deferred-notice-pause-post-check');
  }, 120_000);
});
