import { ApplicationErrorCode } from '../../libs/domain';
import {
  decideUpdate,
  pauseUpdate,
  progressQuery,
  resumeUpdate,
  supplySupplementUpdate,
  urgeUpdate,
} from '../../workflows/application.messages';
import { eventually, harnessActor, rejectionCode, WorkflowHarness, recordHistory } from '../support/workflow-harness';

/**
 * The accountable clocks on the real dev server, with the demo clock: one working day lasts two
 * seconds, so limits, cards and deemed approvals happen within a test.
 */
const SECONDS_PER_DAY = 2;
const DAY_MS = SECONDS_PER_DAY * 1000;
const officer = harnessActor('wf-staff.market');
const fireOfficer = harnessActor('wf-staff.fire');
const coord = harnessActor('wf-coord');
const applicant = { userId: '00000000-0000-4000-8000-00000000000a', username: 'applicant1', role: 'applicant' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: Date | string): number => new Date(value).getTime();

describe('accountable clocks (demo clock: a working day lasts 2 s)', () => {
  const harness = new WorkflowHarness();
  beforeAll(() => harness.start(SECONDS_PER_DAY));
  afterAll(() => harness.stop());

  const eventsOf = async (id: string, kind: string) => (await harness.events(id)).filter((e) => e.kind === kind);
  /** When the (first) event of a kind happened, in ms. */
  const eventAt = async (id: string, kind: string, round?: number): Promise<number> => {
    const [event] = (await harness.events(id)).filter(
      (e) => e.kind === kind && (round === undefined || e.round === round),
    );
    if (!event) throw new Error(`no ${kind} event`);
    return ms(event.at);
  };

  test('a supplement round continues the step clock: the next round is due later by exactly the time the case waited on the applicant', async () => {
    const version = await harness.publish([{ key: 'licence', config: { timeLimitDays: 30 } }]);
    const { id, handle } = await harness.file(version);
    const first = await eventually(() => harness.task(id, 'licence'));
    // The overall clock's start is recorded beside the first tasks, not necessarily before them.
    const overallBefore = await eventually(async () => (await harness.application(id)).due_at ?? undefined);
    await sleep(300);
    await handle.executeUpdate(decideUpdate, {
      args: [
        {
          stepKey: 'licence',
          round: 1,
          outcome: 'request_supplement',
          opinion: '平面图不清晰',
          actor: officer,
          items: [{ kind: 'other', reason: '平面图不清晰' }],
        },
      ],
    });
    const requestedAt = await eventAt(id, 'supplement_requested');
    const waiting = await harness.task(id, 'licence');
    expect(waiting.status).toBe('awaiting_applicant');
    // What the limit had left when the clock stopped.
    expect(Number(waiting.remaining_working_ms)).toBe(ms(first.due_at) - requestedAt);
    await eventually(async () => (await harness.application(id)).clock_stopped_at !== null);

    await sleep(1500);
    await handle.executeUpdate(supplySupplementUpdate, { args: [{ note: '已补正', actor: applicant }] });
    const second = await eventually(() => harness.task(id, 'licence', 2));
    const restartedAt = await eventAt(id, 'task_created', 2);
    expect(ms(second.due_at) - ms(first.due_at)).toBe(restartedAt - requestedAt);
    expect(restartedAt - requestedAt).toBeGreaterThanOrEqual(1500);

    // The overall limit stopped while nobody in government held the case, by exactly as long.
    const overall = await eventually(async () => {
      const row = await harness.application(id);
      return row.clock_stopped_at === null && ms(row.due_at!) !== ms(overallBefore) && row;
    });
    const stoppedAt = await eventAt(id, 'clock_stopped');
    const resumedAt = await eventAt(id, 'clock_resumed');
    expect(ms(overall.due_at!) - ms(overallBefore)).toBe(resumedAt - stoppedAt);

    await handle.executeUpdate(decideUpdate, { args: [{ ...approve('licence'), round: 2 }] });
    expect((await handle.result()).status).toBe('approved');
    await recordHistory(handle, 'v3-supplement-round-keeps-the-clock');
  });

  test('pause and resume stop the step clock: the due date moves out by exactly the paused time, and a paused step cannot be decided', async () => {
    const version = await harness.publish([{ key: 'licence', config: { timeLimitDays: 30 } }]);
    const { id, handle } = await harness.file(version);
    const task = await eventually(() => harness.task(id, 'licence'));
    await harness.claim(task.id, officer);

    const paused = await handle.executeUpdate(pauseUpdate, {
      args: [{ stepKey: 'licence', round: 1, reason: 'inspection', opinion: '现场核查', actor: officer }],
    });
    const pausedAt = await eventAt(id, 'paused');
    expect(paused).toMatchObject({ clock: 'stopped', dueAt: new Date(task.due_at).toISOString() });
    expect(paused.remainingWorkingMs).toBe(ms(task.due_at) - pausedAt);
    expect((await harness.task(id, 'licence')).status).toBe('paused');
    const progress = await handle.query(progressQuery);
    expect(progress.steps[0]).toMatchObject({ clock: 'stopped', pause: { reason: 'inspection' } });

    const decision = await handle.executeUpdate(decideUpdate, { args: [approve('licence')] }).catch(rejectionCode);
    expect(decision).toBe(ApplicationErrorCode.StepPaused);
    const again = await handle
      .executeUpdate(pauseUpdate, {
        args: [{ stepKey: 'licence', round: 1, reason: 'hearing', opinion: '再次', actor: officer }],
      })
      .catch(rejectionCode);
    expect(again).toBe(ApplicationErrorCode.StepPaused);

    await sleep(1200);
    const resumed = await handle.executeUpdate(resumeUpdate, {
      args: [{ stepKey: 'licence', round: 1, actor: officer }],
    });
    const resumedAt = await eventAt(id, 'resumed');
    expect(resumed.clock).toBe('running');
    expect(ms(resumed.dueAt) - ms(task.due_at)).toBe(resumedAt - pausedAt);
    const row = await harness.task(id, 'licence');
    expect(row.status).toBe('claimed');
    expect(ms(row.due_at)).toBe(ms(resumed.dueAt));
    const notPaused = await handle
      .executeUpdate(resumeUpdate, { args: [{ stepKey: 'licence', round: 1, actor: officer }] })
      .catch(rejectionCode);
    expect(notPaused).toBe(ApplicationErrorCode.StepNotPaused);
    const [pausedEvent] = await eventsOf(id, 'paused');
    expect(pausedEvent.data).toMatchObject({ reason: 'inspection', opinion: '现场核查' });
    const [resumedEvent] = await eventsOf(id, 'resumed');
    expect(resumedEvent.data).toMatchObject({ reason: 'inspection', pausedMs: resumedAt - pausedAt });

    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    expect((await handle.result()).status).toBe('approved');
    await recordHistory(handle, 'v3-pause-and-resume');
  });

  test('escalate: a warning before the limit, a yellow card at it and a red card after it, each once, told to the right people', async () => {
    // Limit 2 days (4 s): warning at 2 s, yellow card at 4 s, red card one day later at 6 s.
    const version = await harness.publish([
      { key: 'licence', config: { timeLimitDays: 2, supervision: { warnBeforeDays: 1, redAfterDays: 1 } } },
    ]);
    const { id, handle } = await harness.file(version);
    const task = await eventually(() => harness.task(id, 'licence'));
    const cards = await eventually(async () => {
      const row = await harness.task(id, 'licence');
      return row.cards.length === 3 && row.cards;
    }, 20_000);
    expect(cards.map((c) => c.level)).toEqual(['warning', 'yellow', 'red']);
    const due = ms(task.due_at);
    expect(ms(cards[0].at)).toBeGreaterThanOrEqual(due - DAY_MS);
    expect(ms(cards[0].at)).toBeLessThan(due);
    expect(ms(cards[1].at)).toBeGreaterThanOrEqual(due);
    expect(ms(cards[2].at)).toBeGreaterThanOrEqual(due + DAY_MS);
    expect((await harness.task(id, 'licence')).breached_at).not.toBeNull();

    const kinds = (await harness.events(id)).map((e) => e.kind);
    for (const kind of ['warning', 'breached', 'yellow_card', 'red_card']) {
      expect(kinds.filter((k) => k === kind)).toHaveLength(1);
    }
    expect(await harness.notifications(id)).toEqual([
      // Unclaimed: the department's officers and its CIO are warned.
      ['warning', 'wf-cio.market', false],
      ['warning', 'wf-staff.market', false],
      ['yellow_card', 'wf-cio.market', false],
      ['yellow_card', 'wf-coord', false],
      ['red_card', 'wf-cio.market', true],
      ['red_card', 'wf-coord', true],
    ]);
    const progress = await handle.query(progressQuery);
    expect(progress.steps[0].cards?.map((c) => c.level)).toEqual(['warning', 'yellow', 'red']);

    // A late decision is still accepted; the breach stays on record.
    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    expect((await handle.result()).status).toBe('approved');
    await recordHistory(handle, 'v3-warning-yellow-red');
  });

  test('deemed approval on one branch while the other branch rejects: the deemed step counts as approved by the system, the rejection still closes the case', async () => {
    const version = await harness.publish([
      { key: 'licence', departmentCode: 'market', config: { timeLimitDays: 1, timeoutPolicy: 'deemed_approval' } },
      { key: 'fire', departmentCode: 'fire', config: { timeLimitDays: 30 } },
      { key: 'health', departmentCode: 'health', after: ['licence', 'fire'], config: { timeLimitDays: 30 } },
    ]);
    const { id, handle } = await harness.file(version);
    const deemed = await eventually(async () => {
      const row = await harness.task(id, 'licence');
      return row?.basis === 'deemed' && row;
    }, 20_000);
    expect(deemed).toMatchObject({ status: 'completed', outcome: 'approve' });
    expect(deemed.breached_at).not.toBeNull();
    const licence = (await handle.query(progressQuery)).steps.find((s) => s.key === 'licence');
    expect(licence).toMatchObject({ status: 'approved', deemed: true, basis: 'deemed' });
    expect((await eventsOf(id, 'deemed_approved')).map((e) => e.step_key)).toEqual(['licence']);
    const decided = (await eventsOf(id, 'decided')).find((e) => e.step_key === 'licence');
    expect(decided?.data).toMatchObject({ outcome: 'approve', basis: 'deemed' });
    // An officer's decision after the system's is refused.
    const late = await handle.executeUpdate(decideUpdate, { args: [approve('licence')] }).catch(rejectionCode);
    expect(late).toBe(ApplicationErrorCode.AlreadyDecided);
    const told = (await harness.notifications(id)).filter(([kind]) => kind === 'deemed_approved');
    expect(told).toEqual([
      ['deemed_approved', 'wf-cio.market', false],
      ['deemed_approved', 'wf-coord', false],
    ]);

    await handle.executeUpdate(decideUpdate, {
      args: [{ stepKey: 'fire', round: 1, outcome: 'reject', opinion: '疏散通道不合格', actor: fireOfficer }],
    });
    const outcome = await handle.result();
    expect(outcome.status).toBe('rejected');
    expect(outcome.steps.map((s) => [s.key, s.status])).toEqual([
      ['licence', 'approved'],
      ['fire', 'rejected'],
      ['health', 'waiting'],
    ]);
    expect((await harness.tasks(id)).map((t) => t.step_key)).toEqual(['fire', 'licence']);
    await recordHistory(handle, 'v3-deemed-and-rejected');
  });

  test('urging a paused step reaches the officer holding it and the department CIO; a step not in the department’s hands cannot be urged', async () => {
    const version = await harness.publish([
      { key: 'licence', departmentCode: 'market', config: { timeLimitDays: 30 } },
      { key: 'health', departmentCode: 'health', after: ['licence'], config: { timeLimitDays: 30 } },
    ]);
    const { id, handle } = await harness.file(version);
    const task = await eventually(() => harness.task(id, 'licence'));
    await harness.claim(task.id, officer);
    await handle.executeUpdate(pauseUpdate, {
      args: [{ stepKey: 'licence', round: 1, reason: 'expert_review', opinion: '专家评审', actor: officer }],
    });

    const urge = await handle.executeUpdate(urgeUpdate, {
      args: [{ stepKey: 'licence', message: '请尽快完成专家评审', actor: coord }],
    });
    expect(urge).toMatchObject({ message: '请尽快完成专家评审', by: 'wf-coord', id: expect.any(String) });
    const row = await harness.task(id, 'licence');
    expect(row.urges.map((u) => [u.id, u.message])).toEqual([[urge.id, '请尽快完成专家评审']]);
    expect(row.status).toBe('paused');
    const [urged] = await eventsOf(id, 'urged');
    expect(urged.data).toMatchObject({ urgeId: urge.id, message: '请尽快完成专家评审' });
    expect(await harness.notifications(id)).toEqual([
      ['urged', 'wf-cio.market', false],
      ['urged', 'wf-staff.market', false],
    ]);

    const waiting = await handle
      .executeUpdate(urgeUpdate, { args: [{ stepKey: 'health', message: '尚未开始', actor: coord }] })
      .catch(rejectionCode);
    expect(waiting).toBe(ApplicationErrorCode.StepNotOpen);
    const unknown = await handle
      .executeUpdate(urgeUpdate, { args: [{ stepKey: 'nope', message: 'x', actor: coord }] })
      .catch(rejectionCode);
    expect(unknown).toBe(ApplicationErrorCode.StepNotFound);

    await handle.executeUpdate(resumeUpdate, { args: [{ stepKey: 'licence', round: 1, actor: officer }] });
    await handle.executeUpdate(decideUpdate, { args: [approve('licence')] });
    const decidedStep = await handle
      .executeUpdate(urgeUpdate, { args: [{ stepKey: 'licence', message: '已办结', actor: coord }] })
      .catch(rejectionCode);
    expect(decidedStep).toBe(ApplicationErrorCode.StepNotOpen);
    await recordHistory(handle, 'v3-urge-paused-step');
  });
});

const approve = (stepKey: string) => ({
  stepKey,
  round: 1,
  outcome: 'approve' as const,
  opinion: '同意',
  actor: officer,
});

describe('the read model never contradicts the workflow (races opened on purpose)', () => {
  const harness = new WorkflowHarness();
  beforeAll(() =>
    harness.start(SECONDS_PER_DAY, {
      delays: [
        // The task row is written, but the workflow hears of it 1.5 s later.
        { activity: 'openStepTask', at: 'after', ms: 1500, when: (input) => input.stepKey === 'slow-start' },
        // Stopping the overall clock takes 1.5 s to store.
        {
          activity: 'setApplicationClock',
          at: 'before',
          ms: 1500,
          when: (input) => input.action === 'stop',
        },
        // An approval takes 1.5 s to store.
        {
          activity: 'recordDecision',
          at: 'before',
          ms: 1500,
          when: (input) => input.stepKey === 'slow-decision' && input.outcome === 'approve',
        },
      ],
    }),
  );
  afterAll(() => harness.stop());

  test('a step decided before its task’s timers start never gets a card or a breach', async () => {
    const version = await harness.publish([
      { key: 'slow-start', departmentCode: 'market', config: { timeLimitDays: 1 } },
      // Keeps the case (and its timers) running past the first step's limit.
      { key: 'fire', departmentCode: 'fire', config: { timeLimitDays: 30 } },
    ]);
    const { id, handle } = await harness.file(version);
    // The officer acts as soon as the task is in the queue, before the workflow knows its due date.
    await eventually(() => harness.task(id, 'slow-start'), 5000);
    await handle.executeUpdate(decideUpdate, { args: [approve('slow-start')] });
    // Past the limit (1 day = 2 s) and the red card (2 days after it): nothing is recorded against the department.
    await sleep(4 * DAY_MS);
    const task = await harness.task(id, 'slow-start');
    expect(task).toMatchObject({ status: 'completed', outcome: 'approve', breached_at: null, cards: [] });
    expect((await harness.events(id)).filter((e) => e.step_key === 'slow-start').map((e) => e.kind)).not.toEqual(
      expect.arrayContaining(['breached']),
    );
    await handle.executeUpdate(decideUpdate, { args: [{ ...approve('fire'), actor: fireOfficer }] });
    expect((await handle.result()).status).toBe('approved');
  });

  test('an applicant answering while the overall clock is being stopped still gets the next round', async () => {
    const version = await harness.publish([{ key: 'licence', config: { timeLimitDays: 30 } }]);
    const { id, handle } = await harness.file(version);
    await eventually(() => harness.task(id, 'licence'));
    await handle.executeUpdate(decideUpdate, {
      args: [
        {
          ...approve('licence'),
          outcome: 'request_supplement',
          opinion: '缺材料',
          items: [{ kind: 'other', reason: '缺材料' }],
        },
      ],
    });
    // The case now waits on the applicant; the workflow is storing the overall clock's stop (1.5 s).
    await eventually(async () => (await harness.application(id)).status === 'awaiting_applicant');
    const answered = handle.executeUpdate(supplySupplementUpdate, { args: [{ note: '已补正', actor: applicant }] });
    const hung = sleep(15_000).then(() => 'no answer within 15 s');
    expect(await Promise.race([answered.then((p) => p.status), hung])).toBe('in_progress');
    expect((await harness.task(id, 'licence', 2)).status).toBe('pending');
    // The overall clock ran again once the department held the case.
    await eventually(async () => (await harness.application(id)).clock_stopped_at === null);
    await handle.executeUpdate(decideUpdate, { args: [{ ...approve('licence'), round: 2 }] });
    expect((await handle.result()).status).toBe('approved');
  });

  test('a sibling’s rejection while a decision is being stored leaves that step decided, not cancelled', async () => {
    const version = await harness.publish([
      { key: 'slow-decision', departmentCode: 'market', config: { timeLimitDays: 30 } },
      { key: 'fire', departmentCode: 'fire', config: { timeLimitDays: 30 } },
    ]);
    const { id, handle } = await harness.file(version);
    await eventually(async () => (await harness.tasks(id)).length === 2);

    const approval = await handle.startUpdate(decideUpdate, {
      args: [approve('slow-decision')],
      waitForStage: 'ACCEPTED',
    });
    await handle.executeUpdate(decideUpdate, {
      args: [{ stepKey: 'fire', round: 1, outcome: 'reject', opinion: '不予许可', actor: fireOfficer }],
    });
    expect(await approval.result()).toMatchObject({ stepKey: 'slow-decision', stepStatus: 'approved' });
    expect((await handle.result()).status).toBe('rejected');

    expect((await harness.tasks(id)).map((t) => [t.step_key, t.status, t.outcome])).toEqual([
      ['fire', 'completed', 'reject'],
      ['slow-decision', 'completed', 'approve'],
    ]);
    // No cancellation was recorded for a step that was never cancelled.
    expect(await eventsOfKind(harness, id, 'step_cancelled')).toEqual([]);
  });
});

async function eventsOfKind(harness: WorkflowHarness, id: string, kind: string) {
  return (await harness.events(id)).filter((e) => e.kind === kind);
}
