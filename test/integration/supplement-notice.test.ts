import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationErrorCode, type NoticeItem, type SupplementItem } from '../../libs/domain';
import { decideUpdate, progressQuery, supplySupplementUpdate } from '../../workflows/application.messages';
import type { applicationWorkflow } from '../../workflows/application.workflow';
import { eventually, harnessActor, rejectionCode, WorkflowHarness, recordHistory } from '../support/workflow-harness';

/**
 * The consolidated supplement notice (一次性告知) on the real dev server with the demo clock: a
 * working day lasts 2 s, so the default collection window (1 working day) ends within a test.
 */
const SECONDS_PER_DAY = 2;
const market = harnessActor('wf-staff.market');
const fire = harnessActor('wf-staff.fire');
const applicant = { userId: '00000000-0000-4000-8000-00000000000a', username: 'applicant1', role: 'applicant' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Handle = WorkflowHandle<typeof applicationWorkflow>;

const floorPlan: SupplementItem = { kind: 'material', materialCode: 'floor-plan', reason: '平面图不清晰' };
const seats: SupplementItem = { kind: 'field', fieldKey: 'seats', reason: '座位数与面积不符' };
const other: SupplementItem = { kind: 'other', reason: '请说明排烟方案' };

/** Licence (market) asks for a floor plan, fire-check (fire) for the seats field; permit (health) is plain. */
const PARALLEL = [
  {
    key: 'licence',
    departmentCode: 'market',
    config: { materials: [{ code: 'floor-plan', name: '平面图', kind: 'core' as const }] },
  },
  {
    key: 'fire-check',
    departmentCode: 'fire',
    config: {
      fields: [{ key: 'seats', label: { zh: '座位数', en: 'Seats' }, type: 'number' as const, required: false }],
    },
  },
  { key: 'permit', departmentCode: 'health' },
];

interface NoticeRow {
  id: string;
  number: number;
  steps: { stepKey: string; round: number }[];
  items: NoticeItem[];
  answered_at: Date | null;
  answer: { form: Record<string, unknown>; materials: unknown[]; note: string } | null;
}

describe('consolidated supplement notice (demo clock: a working day lasts 2 s)', () => {
  const harness = new WorkflowHarness();
  beforeAll(() => harness.start(SECONDS_PER_DAY));
  afterAll(() => harness.stop());

  const notices = (id: string) =>
    harness.dataSource.query<NoticeRow[]>(
      `SELECT id, number, steps, items, answered_at, answer FROM supplement_notices WHERE application_id = $1 ORDER BY number`,
      [id],
    );
  const kinds = async (id: string) => (await harness.events(id)).map((e) => e.kind);
  const decide = (handle: Handle, stepKey: string, round: number, actor: typeof market, extra: object) =>
    handle.executeUpdate(decideUpdate, { args: [{ stepKey, round, opinion: '意见', actor, ...extra } as never] });
  const ask = (handle: Handle, stepKey: string, round: number, actor: typeof market, items: SupplementItem[]) =>
    decide(handle, stepKey, round, actor, { outcome: 'request_supplement', items });
  const approve = (handle: Handle, stepKey: string, round: number, actor: typeof market) =>
    decide(handle, stepKey, round, actor, { outcome: 'approve' });

  test('two parallel departments ask while a third has approved: one notice, one answer, two new rounds, the approval kept', async () => {
    const version = await harness.publish(PARALLEL);
    const { id, handle } = await harness.file(version);
    await eventually(async () => (await harness.tasks(id)).length === 3);

    await approve(handle, 'permit', 1, market);
    await ask(handle, 'licence', 1, market, [floorPlan]);
    // Fire still holds the case: market's request waits for it (the window is a whole working day).
    await sleep(300);
    expect(await notices(id)).toEqual([]);
    expect(
      await handle
        .executeUpdate(supplySupplementUpdate, { args: [{ note: '提前答复', actor: applicant }] })
        .then(() => 'accepted', rejectionCode),
    ).toBe(ApplicationErrorCode.NoticeNotIssued);

    // The last department holding the case asks: the notice is issued before its decision returns.
    await ask(handle, 'fire-check', 1, fire, [seats, other]);
    const [notice] = await notices(id);
    expect(notice.number).toBe(1);
    expect(notice.steps).toEqual([
      { stepKey: 'licence', round: 1 },
      { stepKey: 'fire-check', round: 1 },
    ]);
    expect(notice.items).toEqual([
      { stepKey: 'licence', departmentCode: 'market', ...floorPlan },
      { stepKey: 'fire-check', departmentCode: 'fire', ...seats },
      { stepKey: 'fire-check', departmentCode: 'fire', ...other },
    ]);
    expect((await kinds(id)).filter((k) => k === 'notice_issued')).toHaveLength(1);
    expect(await harness.applicationStatus(id)).toBe('awaiting_applicant');
    // Every clock of the asking steps is stopped, and the case's overall clock too.
    await eventually(async () => (await harness.application(id)).clock_stopped_at !== null);

    // A wrong notice id is refused; the right one is answered once.
    expect(
      await handle
        .executeUpdate(supplySupplementUpdate, {
          args: [{ note: 'x', actor: applicant, noticeId: '00000000-0000-4000-8000-000000000000' }],
        })
        .then(() => 'accepted', rejectionCode),
    ).toBe(ApplicationErrorCode.NoticeNotFound);
    const answer = { form: { seats: 40 }, materials: [], note: '排烟经厨房外墙' };
    const progress = await handle.executeUpdate(supplySupplementUpdate, {
      args: [{ ...answer, noticeId: notice.id, actor: applicant }],
    });
    const byKey = new Map(progress.steps.map((s) => [s.key, s]));
    expect(byKey.get('licence')).toMatchObject({ status: 'active', round: 2 });
    expect(byKey.get('fire-check')).toMatchObject({ status: 'active', round: 2 });
    expect(byKey.get('permit')).toMatchObject({ status: 'approved', round: 1, outcome: 'approve' });
    expect(
      await handle
        .executeUpdate(supplySupplementUpdate, { args: [{ ...answer, noticeId: notice.id, actor: applicant }] })
        .then(() => 'accepted', rejectionCode),
    ).toBe(ApplicationErrorCode.NoticeAlreadyAnswered);

    const [answered] = await notices(id);
    expect(answered.answered_at).not.toBeNull();
    expect(answered.answer).toEqual(answer);
    const [form] = await harness.dataSource.query<{ form: Record<string, unknown> }[]>(
      `SELECT form FROM applications WHERE id = $1`,
      [id],
    );
    expect(form.form).toMatchObject({ seats: 40 });
    const answeredEvent = (await harness.events(id)).find((e) => e.kind === 'supplement_answered')!;
    expect(answeredEvent.data).toMatchObject({ noticeId: notice.id, steps: ['licence', 'fire-check'] });
    const tasks = await harness.tasks(id);
    expect(tasks.map((t) => [t.step_key, t.round, t.status])).toEqual([
      ['fire-check', 1, 'completed'],
      ['fire-check', 2, 'pending'],
      ['licence', 1, 'completed'],
      ['licence', 2, 'pending'],
      ['permit', 1, 'completed'],
    ]);

    await approve(handle, 'licence', 2, market);
    await approve(handle, 'fire-check', 2, fire);
    expect((await handle.result()).status).toBe('approved');
    await recordHistory(handle, 'v4-consolidated-notice-two-askers-one-approval');
  });

  test('the window ends with one department still deciding: the notice carries what was asked; a later request waits for the next notice', async () => {
    const version = await harness.publish(PARALLEL.slice(0, 2));
    const { id, handle } = await harness.file(version);
    await eventually(async () => (await harness.tasks(id)).length === 2);

    await ask(handle, 'licence', 1, market, [floorPlan]);
    expect(await notices(id)).toEqual([]);
    // One working day (2 s) later the notice goes out without fire.
    const [first] = await eventually(async () => {
      const rows = await notices(id);
      return rows.length === 1 && rows;
    }, 6000);
    expect(first.items.map((i) => i.stepKey)).toEqual(['licence']);
    const issuedAt = (await harness.events(id)).find((e) => e.kind === 'notice_issued')!.at;
    const askedAt = (await harness.events(id)).find((e) => e.kind === 'supplement_requested')!.at;
    expect(issuedAt.getTime() - askedAt.getTime()).toBeGreaterThanOrEqual(SECONDS_PER_DAY * 1000);

    // Fire asks while notice 1 is open: its request is held for the next notice.
    await ask(handle, 'fire-check', 1, fire, [seats]);
    await sleep(300);
    expect(await notices(id)).toHaveLength(1);

    await handle.executeUpdate(supplySupplementUpdate, {
      args: [{ noticeId: first.id, form: {}, materials: [], note: '已补交平面图', actor: applicant }],
    });
    // Notice 2 carries fire's request only; market's new round is open meanwhile.
    const second = await eventually(async () => {
      const rows = await notices(id);
      return rows.length === 2 && rows[1];
    }, 8000);
    expect(second.items).toEqual([{ stepKey: 'fire-check', departmentCode: 'fire', ...seats }]);
    const progress = await handle.query(progressQuery);
    expect(progress.steps.find((s) => s.key === 'licence')).toMatchObject({ status: 'active', round: 2 });
    expect(progress.steps.find((s) => s.key === 'fire-check')).toMatchObject({
      status: 'awaiting_applicant',
      round: 1,
    });

    // Without a notice id the open notice is answered.
    await handle.executeUpdate(supplySupplementUpdate, {
      args: [{ form: { seats: 12 }, materials: [], note: '已更正', actor: applicant }],
    });
    await eventually(() => harness.task(id, 'fire-check', 2));
    await approve(handle, 'licence', 2, market);
    await approve(handle, 'fire-check', 2, fire);
    expect((await handle.result()).status).toBe('approved');
    expect((await kinds(id)).filter((k) => k === 'notice_issued')).toHaveLength(2);
  });

  test('items are checked and supplement rounds are capped by config: past the cap the step must decide', async () => {
    const version = await harness.publish([
      {
        key: 'licence',
        config: {
          materials: [{ code: 'floor-plan', name: '平面图', kind: 'core' }],
          supplement: { maxRounds: 1 },
        },
      },
    ]);
    const { id, handle } = await harness.file(version);
    await eventually(() => harness.task(id, 'licence'));

    for (const items of [[], [{ kind: 'material', materialCode: 'no-such', reason: '缺' }], [seats]]) {
      expect(
        await ask(handle, 'licence', 1, market, items as SupplementItem[]).then(() => 'accepted', rejectionCode),
      ).toBe(ApplicationErrorCode.SupplementItemsInvalid);
    }
    await ask(handle, 'licence', 1, market, [floorPlan]);
    const [notice] = await notices(id);
    await handle.executeUpdate(supplySupplementUpdate, {
      args: [{ noticeId: notice.id, form: {}, materials: [], note: '补交', actor: applicant }],
    });
    await eventually(() => harness.task(id, 'licence', 2));
    expect(await ask(handle, 'licence', 2, market, [floorPlan]).then(() => 'accepted', rejectionCode)).toBe(
      ApplicationErrorCode.SupplementRoundsExhausted,
    );
    await approve(handle, 'licence', 2, market);
    expect((await handle.result()).status).toBe('approved');
  });
});
