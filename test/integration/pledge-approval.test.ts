import type { WorkflowHandle } from '@temporalio/client';
import {
  ApplicationErrorCode,
  caseRounds,
  postCheckSampled,
  type ReportEvent,
  type ServiceVersionSnapshot,
} from '../../libs/domain';
import { ComplianceRepository } from '../../libs/persistence/repositories/compliance.repository';
import { decidePostCheckUpdate, decideUpdate, progressQuery } from '../../workflows/application.messages';
import type { applicationWorkflow } from '../../workflows/application.workflow';
import { eventually, harnessActor, rejectionCode, WorkflowHarness, recordHistory } from '../support/workflow-harness';

/**
 * Approval on pledge (告知承诺) on the real dev server with the demo clock (a working day lasts 2 s):
 * a pledged step approves at once, sampled ones get a post-check after the case is approved, and
 * a failed post-check goes on the enterprise's record.
 */
const SECONDS_PER_DAY = 2;
const officer = harnessActor('wf-staff.market');
const fireOfficer = harnessActor('wf-staff.fire');

type Handle = WorkflowHandle<typeof applicationWorkflow>;

/** Whether the execution is still running (the case may be approved while post-checks are open). */
async function running(handle: Handle): Promise<boolean> {
  return (await handle.describe()).status.name === 'RUNNING';
}

describe('approval on pledge (demo clock: a working day lasts 2 s)', () => {
  const harness = new WorkflowHarness();
  beforeAll(() => harness.start(SECONDS_PER_DAY));
  afterAll(() => harness.stop());

  const postCheckTask = (applicationId: string, stepKey: string) =>
    harness.dataSource
      .query<{ id: string; status: string; round: number; outcome: string | null; due_at: Date; kind: string }[]>(
        `SELECT id, status, round, outcome, due_at, kind FROM tasks
          WHERE application_id = $1 AND step_key = $2 AND kind = 'post_check'`,
        [applicationId, stepKey],
      )
      .then((rows) => rows[0]);

  const reportEvents = async (applicationId: string): Promise<ReportEvent[]> =>
    (await harness.events(applicationId)).map((e) => ({
      at: e.at,
      kind: e.kind as ReportEvent['kind'],
      stepKey: e.step_key,
      round: e.round,
      data: e.data,
    }));

  const approve = (stepKey: string, actor = officer) => ({
    stepKey,
    round: 1,
    outcome: 'approve' as const,
    opinion: '同意',
    actor,
  });

  test('a pledged step is approved at once without an officer, with basis pledge, and the route moves on; at rate 0 no post-check', async () => {
    const version = await harness.publish([
      { key: 'licence', config: { pledge: { allowed: true, postCheckRate: 0 } } },
      { key: 'fire', departmentCode: 'fire', after: ['licence'] },
    ]);
    const { id, handle } = await harness.file(version, {}, { pledges: ['licence'] });
    // The next step is in its queue without anybody deciding the pledged one.
    const fire = await eventually(() => harness.task(id, 'fire'));
    expect(fire.status).toBe('pending');
    const licence = await harness.task(id, 'licence');
    expect(licence).toMatchObject({ status: 'completed', outcome: 'approve', basis: 'pledge' });

    const events = await harness.events(id);
    const decided = events.find((e) => e.kind === 'decided' && e.step_key === 'licence')!;
    expect(decided.data).toMatchObject({ outcome: 'approve', basis: 'pledge' });
    const [actor] = await harness.dataSource.query<{ actor_username: string | null }[]>(
      `SELECT actor_username FROM application_events WHERE application_id = $1 AND kind = 'decided' AND step_key = 'licence'`,
      [id],
    );
    expect(actor.actor_username).toBeNull();
    const created = events.find((e) => e.kind === 'task_created' && e.step_key === 'licence')!;
    expect(new Date(created.at).getTime()).toBe(new Date(decided.at).getTime());

    const progress = await handle.query(progressQuery);
    expect(progress.steps.find((s) => s.key === 'licence')).toMatchObject({
      status: 'approved',
      basis: 'pledge',
      outcome: 'approve',
    });
    expect(progress.steps.find((s) => s.key === 'licence')!.postCheck).toBeUndefined();

    // Nothing to decide on the pledged step.
    const again = await handle.executeUpdate(decideUpdate, { args: [approve('licence')] }).catch(rejectionCode);
    expect(again).toBe(ApplicationErrorCode.AlreadyDecided);

    await harness.claim(fire.id, fireOfficer);
    await handle.executeUpdate(decideUpdate, { args: [approve('fire', fireOfficer)] });
    expect((await handle.result()).status).toBe('approved');
    expect(await postCheckTask(id, 'licence')).toBeUndefined();

    // The reports' replay: the pledge is a finish with no queue or handling time.
    const rounds = caseRounds({
      applicationId: id,
      serviceCode: version.serviceCode,
      steps: version.steps,
      events: await reportEvents(id),
    });
    const pledgedRound = rounds.find((r) => r.stepKey === 'licence')!;
    expect(pledgedRound).toMatchObject({ outcome: 'approve', basis: 'pledge', firstClaimedAt: null });
    expect(pledgedRound.spans.every((span) => span.to !== null && span.to.getTime() === span.from.getTime())).toBe(
      true,
    );
  });

  test('deemed approval on one branch while a pledge approves another: both approve, each with its own basis', async () => {
    const version = await harness.publish([
      { key: 'licence', config: { pledge: { allowed: true, postCheckRate: 1 } } },
      {
        key: 'fire',
        departmentCode: 'fire',
        config: { timeLimitDays: 1, timeoutPolicy: 'deemed_approval', supervision: { warnBeforeDays: 0 } },
      },
    ]);
    const { id, handle } = await harness.file(version, {}, { pledges: ['licence'] });
    const licence = await eventually(async () => {
      const row = await harness.task(id, 'licence');
      return row?.status === 'completed' && row;
    });
    expect(licence.basis).toBe('pledge');
    // The parallel branch is in the fire department's hands until its limit deems it approved.
    expect((await eventually(() => harness.task(id, 'fire'))).status).toBe('pending');
    const fire = await eventually(async () => {
      const row = await harness.task(id, 'fire');
      return row.status === 'completed' && row;
    }, 30_000);
    expect(fire).toMatchObject({ outcome: 'approve', basis: 'deemed' });
    await eventually(async () => (await harness.applicationStatus(id)) === 'approved');

    // Rate 1: the pledge is post-checked once the case is approved; the execution waits for it.
    const check = await eventually(() => postCheckTask(id, 'licence'));
    expect(check).toMatchObject({ status: 'pending', round: 1, kind: 'post_check' });
    expect(await running(handle)).toBe(true);
    const progress = await handle.query(progressQuery);
    expect(progress.status).toBe('approved');
    expect(progress.steps.find((s) => s.key === 'licence')!.postCheck).toMatchObject({
      status: 'open',
      taskId: check.id,
    });

    await harness.claim(check.id, officer);
    const passed = await handle.executeUpdate(decidePostCheckUpdate, {
      args: [{ stepKey: 'licence', outcome: 'post_check_pass', opinion: '现场核查与承诺一致', actor: officer }],
    });
    expect(passed).toEqual({ stepKey: 'licence', outcome: 'post_check_pass', status: 'passed' });
    const outcome = await handle.result();
    expect(outcome.status).toBe('approved');
    expect(outcome.steps.map((s) => [s.key, s.basis, s.postCheck?.status])).toEqual([
      ['licence', 'pledge', 'passed'],
      ['fire', 'deemed', undefined],
    ]);
    expect(await postCheckTask(id, 'licence')).toMatchObject({ status: 'completed', outcome: 'post_check_pass' });
    expect(await harness.applicationStatus(id)).toBe('approved');

    // The post-check is no round of the step's review: the reports' replay sees only the two rounds.
    const rounds = caseRounds({
      applicationId: id,
      serviceCode: version.serviceCode,
      steps: version.steps,
      events: await reportEvents(id),
    });
    expect(rounds.map((r) => [r.stepKey, r.round, r.basis])).toEqual(
      expect.arrayContaining([
        ['licence', 1, 'pledge'],
        ['fire', 1, 'deemed'],
      ]),
    );
    expect(rounds).toHaveLength(2);
    expect(rounds.find((r) => r.stepKey === 'licence')!.firstClaimedAt).toBeNull();
    await recordHistory(handle, 'v4-pledge-and-deemed-then-post-check');
  });

  test('a post-check failure after the case was approved: the case stays approved, the failure is on the enterprise record and shows on its later case', async () => {
    const version = await harness.publish([
      { key: 'licence', config: { pledge: { allowed: true, postCheckRate: 1 } } },
      { key: 'fire', departmentCode: 'fire', after: ['licence'] },
    ]);
    const { id, handle } = await harness.file(version, {}, { pledges: ['licence'] });
    const fire = await eventually(() => harness.task(id, 'fire'));
    // Sampled, but not opened before the case is approved.
    expect(await postCheckTask(id, 'licence')).toBeUndefined();
    expect((await handle.query(progressQuery)).steps[0].postCheck).toEqual({ status: 'scheduled' });
    await harness.claim(fire.id, fireOfficer);
    await handle.executeUpdate(decideUpdate, { args: [approve('fire', fireOfficer)] });
    await eventually(async () => (await harness.applicationStatus(id)) === 'approved');

    const check = await eventually(() => postCheckTask(id, 'licence'));
    await harness.claim(check.id, officer);
    const failed = await handle.executeUpdate(decidePostCheckUpdate, {
      args: [{ stepKey: 'licence', outcome: 'post_check_fail', opinion: '现场无消毒设施，与承诺不符', actor: officer }],
    });
    expect(failed.status).toBe('failed');
    // Its last post-check decided, the execution ends: nothing more can be decided on the case.
    expect((await handle.result()).status).toBe('approved');
    await expect(
      handle.executeUpdate(decidePostCheckUpdate, {
        args: [{ stepKey: 'licence', outcome: 'post_check_pass', opinion: '再次', actor: officer }],
      }),
    ).rejects.toThrow(/already completed/);
    expect(await harness.applicationStatus(id)).toBe('approved');
    expect(await postCheckTask(id, 'licence')).toMatchObject({ status: 'completed', outcome: 'post_check_fail' });
    const failure = (await harness.events(id)).find((e) => e.kind === 'post_check_failed')!;
    expect(failure).toMatchObject({ step_key: 'licence', round: null });
    expect(failure.data).toMatchObject({ outcome: 'post_check_fail', opinion: '现场无消毒设施，与承诺不符' });
    // The pledge earned the licence's certificate at approval; the failed check revoked it, and
    // the fire department's certificate, earned by an officer's review, stands.
    const certificates = await harness.dataSource.query(
      `SELECT step_key AS "stepKey", status, revoke_reason AS "reason" FROM certificates
        WHERE application_id = $1 ORDER BY step_key`,
      [id],
    );
    expect(certificates).toEqual([
      { stepKey: 'fire', status: 'valid', reason: null },
      { stepKey: 'licence', status: 'revoked', reason: 'post-check failed: 现场无消毒设施，与承诺不符' },
    ]);

    // The enterprise's next case: the department working it sees the failed post-check.
    const later = await harness.file(version);
    const laterTask = await eventually(() => harness.task(later.id, 'licence'));
    const record = await new ComplianceRepository(harness.dataSource).forTask(laterTask.id);
    expect(record?.failedPostChecks).toEqual([
      expect.objectContaining({
        applicationId: id,
        stepKey: 'licence',
        departmentCode: 'market',
        kind: 'post_check_failed',
        opinion: '现场无消毒设施，与承诺不符',
      }),
    ]);
    await later.handle.terminate('test over');
  });

  test('sampling: rate 0 never and rate 1 always open a post-check; in between it follows the deterministic sample', async () => {
    const sampledAt = async (rate: number, version: ServiceVersionSnapshot) => {
      const { id, handle } = await harness.file(version, {}, { pledges: ['licence'] });
      await eventually(async () => (await harness.applicationStatus(id)) === 'approved');
      const sampled = postCheckSampled(id, 'licence', rate);
      if (sampled) {
        const check = await eventually(() => postCheckTask(id, 'licence'));
        await harness.claim(check.id, officer);
        await handle.executeUpdate(decidePostCheckUpdate, {
          args: [{ stepKey: 'licence', outcome: 'post_check_pass', opinion: '合格', actor: officer }],
        });
      }
      await handle.result();
      return { sampled, opened: (await postCheckTask(id, 'licence')) !== undefined };
    };
    for (const rate of [0, 1, 0.5]) {
      const version = await harness.publish([
        { key: 'licence', config: { pledge: { allowed: true, postCheckRate: rate } } },
      ]);
      const results = [];
      for (let i = 0; i < 3; i += 1) results.push(await sampledAt(rate, version));
      for (const result of results) expect(result.opened).toBe(result.sampled);
      if (rate === 0) expect(results.every((r) => !r.opened)).toBe(true);
      if (rate === 1) expect(results.every((r) => r.opened)).toBe(true);
    }
  });
});
