import { randomUUID } from 'node:crypto';
import {
  assembleBottleneckReport,
  compressedClock,
  reportMetrics,
  type ReportCase,
  type ReportEvent,
  type ApplicationEventKind,
} from '../../libs/domain';
import { DEMO_DEPARTMENTS } from '../../libs/persistence/seed/demo-data';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/**
 * The bottleneck report checked figure by figure. A scripted scenario runs on the demo clock (a
 * working day lasts WORKING_DAY_SECONDS, and every instant is working time, so working days are
 * elapsed ms / DAY_MS); the test reads back the server's instant of every action from
 * `GET /api/applications/:id/events` and works out each metric by hand from them. Nothing is
 * measured with the test's own timers: the short sleeps only keep the spans apart.
 *
 * Service A: licence (market) ∥ fire-check (fire), then tax-reg (tax) after both; limits far off.
 *   A1: market asks for a supplement in round 1, the applicant answers, round 2 is paused, resumed,
 *       urged and approved; fire's task is handed to staff.fire by the fire CIO while unclaimed,
 *       released, claimed again and approved after market's round 2 → fire finishes last; tax
 *       claims and approves, the case is approved.
 *   A2: fire approves first; market's officer claims, the market CIO hands the held task to
 *       staff2.market, who approves → market finishes last; tax-reg stays open in the queue.
 * Service B: permit (market, deemed approval at 1 day) ∥ fire-check (fire, escalate at 1 day: a
 *   warning at once, a yellow card and the breach at the limit, a red card a day later).
 *   B1: nobody touches the permit, which is deemed approved at its limit (with its breach); fire
 *       waits until its red card, then claims and approves → fire finishes last, breached.
 *   B2: the permit is deemed approved as well; the coordinating CIO urges fire, whose task stays
 *       in the queue past its limit: open and overdue at the window's end.
 * No step's outcome depends on who wins a race with a timer: officers act on B's steps only after
 * their last rung, and A's limits are far off.
 *
 * Checked: every figure of the coordinating CIO's report over a window covering the scenario against
 * the hand-worked values; the whole report against a recomputation from the event logs; each
 * department CIO's report against the coordinating CIO's rows; and the same for a window opening
 * inside A1's parallel stage (after market's part, before fire's).
 */
const WORKING_DAY_SECONDS = 4;
const DAY_MS = WORKING_DAY_SECONDS * 1000;
const HOUR_MS = 3600 * 1000;
/** Far beyond the scenario: no warning of these steps or the cases' overall limit comes due. */
const FAR_LIMIT_DAYS = 365;
/** B's fire-check: red card one working day after the limit. */
const RED_AFTER_DAYS = 1;

interface LoggedEvent {
  id: string;
  at: string;
  kind: ApplicationEventKind;
  stepKey?: string;
  round?: number;
  data: Record<string, unknown>;
}

type CaseName = 'A1' | 'A2' | 'B1' | 'B2';

/** The kinds a round's figures are made of (see libs/domain/reports/round-metrics.ts). */
const ROUND_KINDS: readonly string[] = [
  'task_created',
  'claimed',
  'released',
  'reassigned',
  'reviewed',
  'paused',
  'resumed',
  'decided',
  'step_cancelled',
  'breached',
  'deemed_approved',
  'warning',
  'yellow_card',
  'red_card',
  'urged',
];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Arithmetic written out for the group sizes of this scenario (Postgres percentile_cont: linear
// interpolation at position fraction × (n − 1) of the sorted values).
// ---------------------------------------------------------------------------------------------

function p50AndP90(values: number[]): [number, number] {
  const s = [...values].sort((a, b) => a - b);
  switch (s.length) {
    case 1: // positions 0 and 0
      return [s[0], s[0]];
    case 2: // positions 0.5 and 0.9
      return [(s[0] + s[1]) / 2, s[0] + 0.9 * (s[1] - s[0])];
    case 3: // positions 1 and 1.8
      return [s[1], s[1] + 0.8 * (s[2] - s[1])];
    case 5: // positions 2 and 3.6
      return [s[2], s[3] + 0.6 * (s[4] - s[3])];
    default:
      throw new Error(`the scenario has no group of ${s.length} rounds`);
  }
}

/** The report's time summary of the given round times (ms); on the demo clock working = elapsed. */
function timeSummary(valuesMs: number[]) {
  const [p50, p90] = p50AndP90(valuesMs);
  const total = valuesMs.reduce((a, b) => a + b, 0);
  return {
    count: valuesMs.length,
    p50Hours: p50 / HOUR_MS,
    p90Hours: p90 / HOUR_MS,
    p50WorkingHours: (p50 / DAY_MS) * 24,
    p90WorkingHours: (p90 / DAY_MS) * 24,
    p50WorkingDays: p50 / DAY_MS,
    p90WorkingDays: p90 / DAY_MS,
    totalHours: total / HOUR_MS,
    totalWorkingDays: total / DAY_MS,
  };
}

/** How a department's part of decided rounds splits, in ms. */
interface RoundTimesMs {
  queue: number;
  handling: number;
  paused: number;
  applicant: number;
}

function fourTimes(rounds: RoundTimesMs[]) {
  return {
    queueTime: timeSummary(rounds.map((r) => r.queue)),
    handlingTime: timeSummary(rounds.map((r) => r.handling)),
    applicantTime: timeSummary(rounds.map((r) => r.applicant)),
    pausedTime: timeSummary(rounds.map((r) => r.paused)),
  };
}

/** The critical-path figures from the stages a department took part in and what it added when last (ms). */
function criticalPath(stages: number, addedWhenLastMs: number[]) {
  const total = addedWhenLastMs.reduce((a, b) => a + b, 0);
  const median =
    addedWhenLastMs.length === 0
      ? 0
      : addedWhenLastMs.length === 1
        ? addedWhenLastMs[0]
        : addedWhenLastMs.length === 2
          ? (addedWhenLastMs[0] + addedWhenLastMs[1]) / 2
          : NaN;
  return {
    stages,
    timesLast: addedWhenLastMs.length,
    share: stages === 0 ? 0 : addedWhenLastMs.length / stages,
    medianHoursAdded: median / HOUR_MS,
    totalHoursAdded: total / HOUR_MS,
    medianWorkingDaysAdded: median / DAY_MS,
    totalWorkingDaysAdded: total / DAY_MS,
  };
}

/**
 * Deep comparison: the same keys everywhere (so no figure goes unchecked and none is extra), equal
 * strings, booleans and nulls, and numbers equal up to float rounding.
 */
function expectSame(actual: unknown, expected: unknown, path = 'report'): void {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') throw new Error(`${path}: expected the number ${expected}, got ${String(actual)}`);
    const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`${path}: expected ${expected}, got ${actual}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new Error(`${path}: expected an array, got ${JSON.stringify(actual)}`);
    if (actual.length !== expected.length) {
      throw new Error(
        `${path}: expected ${expected.length} entries, got ${actual.length}: ${JSON.stringify(actual, null, 1)}`,
      );
    }
    expected.forEach((entry, i) => expectSame(actual[i], entry, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') {
      throw new Error(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    }
    const expectedKeys = Object.keys(expected).sort();
    const actualKeys = Object.keys(actual).sort();
    if (JSON.stringify(expectedKeys) !== JSON.stringify(actualKeys)) {
      throw new Error(`${path}: expected the keys ${expectedKeys.join(', ')}, got ${actualKeys.join(', ')}`);
    }
    for (const key of expectedKeys) {
      expectSame(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
    }
    return;
  }
  if (actual !== expected)
    throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

describe('the bottleneck report equals the figures worked out by hand from a scripted scenario on the demo clock', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  const suffix = randomUUID().slice(0, 8);
  // Named so that A sorts before B in the report's rows.
  const serviceA = `rc-a-${suffix}`;
  const serviceB = `rc-b-${suffix}`;
  const ids = {} as Record<CaseName, string>;
  const logs = {} as Record<CaseName, LoggedEvent[]>;
  let from: Date;
  let to: Date;
  // Report bodies are read loosely; the comparisons check every key.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let report: any;

  async function file(serviceCode: string): Promise<string> {
    const filed = await users.applicant1.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    return filed.body.id as string;
  }

  async function openTask(officer: ApiUser, applicationId: string, stepKey: string, round = 1) {
    // Generous: on a loaded machine the first tasks of a fresh worker take seconds to appear.
    return eventually(
      async () => (await queueFor(officer, applicationId)).find((t) => t.stepKey === stepKey && t.round === round),
      60_000,
    );
  }

  async function eventsOf(applicationId: string): Promise<LoggedEvent[]> {
    const response = await users.coord.request<{ items: LoggedEvent[] }>(
      'GET',
      `/applications/${applicationId}/events`,
    );
    expect(response.status).toBe(200);
    return response.body.items;
  }

  /** Waits until the case's log has an event of `kind` on the step. */
  async function logged(applicationId: string, kind: string, stepKey?: string) {
    return eventually(
      async () => (await eventsOf(applicationId)).find((e) => e.kind === kind && e.stepKey === stepKey),
      60_000,
    );
  }

  async function ok(call: Promise<{ status: number; body: unknown }>, expected = 200) {
    const response = await call;
    if (response.status !== expected) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  const claim = (officer: ApiUser, taskId: string) => ok(officer.request('POST', `/tasks/${taskId}/claim`));
  const decide = (officer: ApiUser, taskId: string, body: Record<string, unknown>) =>
    ok(officer.request('POST', `/tasks/${taskId}/decision`, body));
  const approve = (officer: ApiUser, taskId: string) =>
    decide(officer, taskId, { outcome: 'approve', opinion: '同意' });

  async function closedAs(applicationId: string, status: string) {
    await eventually(
      async () => (await users.applicant1.request('GET', `/applications/${applicationId}`)).body.status === status,
      60_000,
    );
  }

  /** A1: supplement round, pause, urge, reassignment of an unclaimed task, release and re-claim; fire last. */
  async function caseA1() {
    const id = ids.A1;
    const market = users['staff.market'];
    const fire = users['staff.fire'];
    const licence1 = await openTask(market, id, 'licence');
    const fireCheck = await openTask(fire, id, 'fire-check');
    await claim(market, licence1.id);
    await pause(200);
    await decide(market, licence1.id, {
      outcome: 'request_supplement',
      opinion: '请补正章程',
      items: [{ kind: 'other', reason: '章程未盖章' }],
    });
    // Fire: handed to staff.fire by the CIO while nobody held it, given back, taken again later.
    await pause(100);
    await ok(
      users['cio.fire'].request('POST', `/tasks/${fireCheck.id}/reassign`, {
        username: 'staff.fire',
        reason: '指定经办',
      }),
    );
    await pause(200);
    await ok(fire.request('POST', `/tasks/${fireCheck.id}/release`));
    await pause(200);
    // Fire still holds the case, so market's request reaches the enterprise in the notice issued at
    // the end of its collection window (one working day).
    const [notice] = await eventually(async () => {
      const notices = await users.applicant1.request<{ id: string }[]>('GET', `/applications/${id}/notices`);
      return notices.body.length > 0 && notices.body;
    }, 60_000);
    await ok(
      users.applicant1.request('POST', `/applications/${id}/supplements`, {
        noticeId: notice.id,
        note: '已补交盖章章程',
      }),
    );
    const licence2 = await openTask(market, id, 'licence', 2);
    await pause(100);
    await claim(market, licence2.id);
    await pause(100);
    await decide(market, licence2.id, { outcome: 'pause', reason: 'inspection', opinion: '现场核查' });
    await pause(300);
    await decide(market, licence2.id, { outcome: 'resume', opinion: '核查完毕' });
    await ok(users.coord.request('POST', `/applications/${id}/steps/licence/urge`, { message: '请尽快办结' }), 201);
    await pause(100);
    await approve(market, licence2.id);
    await claim(fire, fireCheck.id);
    await pause(200);
    await approve(fire, fireCheck.id);
    const tax = await openTask(users['staff.tax'], id, 'tax-reg');
    await claim(users['staff.tax'], tax.id);
    await pause(100);
    await approve(users['staff.tax'], tax.id);
    await closedAs(id, 'approved');
  }

  /** A2: fire first; market's held task handed to staff2.market, who finishes last; tax left open. */
  async function caseA2() {
    const id = ids.A2;
    const fireCheck = await openTask(users['staff.fire'], id, 'fire-check');
    await claim(users['staff.fire'], fireCheck.id);
    await pause(100);
    await approve(users['staff.fire'], fireCheck.id);
    const licence = await openTask(users['staff.market'], id, 'licence');
    await claim(users['staff.market'], licence.id);
    await pause(200);
    await ok(
      users['cio.market'].request('POST', `/tasks/${licence.id}/reassign`, {
        username: 'staff2.market',
        reason: '均衡工作量',
      }),
    );
    await pause(200);
    await approve(users['staff2.market'], licence.id);
    await openTask(users['staff.tax'], id, 'tax-reg');
  }

  /**
   * B1: the permit is deemed approved at its limit; fire waits past its limit and its red card (a
   * rung whose time has come is recorded even if a decision races it, so deciding only after the
   * last rung keeps the scenario free of races), then approves: fire finishes last.
   */
  async function caseB1() {
    const id = ids.B1;
    await logged(id, 'deemed_approved', 'permit');
    await logged(id, 'red_card', 'fire-check');
    const fireCheck = await openTask(users['staff.fire'], id, 'fire-check');
    await claim(users['staff.fire'], fireCheck.id);
    await approve(users['staff.fire'], fireCheck.id);
    await closedAs(id, 'approved');
  }

  /** B2: the permit is deemed approved too; fire is urged and left in the queue: open and overdue. */
  async function caseB2() {
    const id = ids.B2;
    await ok(users.coord.request('POST', `/applications/${id}/steps/fire-check/urge`, { message: '请核查' }), 201);
    await logged(id, 'deemed_approved', 'permit');
    await logged(id, 'red_card', 'fire-check');
  }

  beforeAll(async () => {
    // Its own database: the report over the window holds exactly this scenario.
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) }, ownDatabase: true });
    const names = [
      'applicant1',
      'coord',
      'cio.market',
      'cio.fire',
      'cio.tax',
      'staff.market',
      'staff2.market',
      'staff.fire',
      'staff.tax',
    ];
    const logins = await Promise.all(names.map((name) => loginAs(stack, name)));
    names.forEach((name, i) => (users[name] = logins[i]));
    const cios = { market: users['cio.market'], fire: users['cio.fire'], tax: users['cio.tax'] };
    const far = stepConfig({ timeLimitDays: FAR_LIMIT_DAYS });
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: serviceA,
      overallLimitDays: 3650,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
        { key: 'tax-reg', departmentCode: 'tax', after: ['licence', 'fire-check'] },
      ],
      configs: { licence: far, 'fire-check': far, 'tax-reg': far },
    });
    await publishThroughApi({
      coord: users.coord,
      cios,
      code: serviceB,
      overallLimitDays: 3650,
      route: [
        { key: 'permit', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
      ],
      configs: {
        // No warning, so market's figures have none: a warning "due at once" (1 day before a 1-day
        // limit) is recorded whenever the task's write returns, which is not a fixed point.
        permit: stepConfig({ timeLimitDays: 1, timeoutPolicy: 'deemed_approval', supervision: { warnBeforeDays: 0 } }),
        'fire-check': stepConfig({
          timeLimitDays: 1,
          timeoutPolicy: 'escalate',
          supervision: { warnBeforeDays: 1, redAfterDays: RED_AFTER_DAYS },
        }),
      },
    });

    from = new Date(Date.now() - 1000);
    // B's cases first: their limits run while A's cases are worked.
    [ids.B1, ids.B2] = await Promise.all([file(serviceB), file(serviceB)]);
    [ids.A1, ids.A2] = await Promise.all([file(serviceA), file(serviceA)]);
    await Promise.all([caseA1(), caseA2(), caseB1(), caseB2()]);
    // Everything scripted has happened and no timer of these cases comes due for a long while.
    to = new Date();
    const query = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const response = await users.coord.request('GET', `/reports/bottlenecks?${query}`);
    expect(response.status).toBe(200);
    report = response.body;
    for (const name of Object.keys(ids) as CaseName[]) logs[name] = await eventsOf(ids[name]);
  }, 240_000);
  afterAll(() => stack.stop());

  const windowQuery = () => `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

  /** The events of one step's round that its figures are made of, oldest first. */
  const roundLog = (name: CaseName, stepKey: string, round = 1) =>
    logs[name].filter((e) => e.stepKey === stepKey && e.round === round && ROUND_KINDS.includes(e.kind));

  /** The instant (ms) of the one event of `kind` on a step's round. */
  function at(name: CaseName, kind: string, stepKey: string, round = 1): number {
    const found = roundLog(name, stepKey, round).filter((e) => e.kind === kind);
    if (found.length !== 1) throw new Error(`${name} ${stepKey}#${round}: ${found.length} ${kind} events`);
    return Date.parse(found[0].at);
  }

  /** The instant the applicant answered the supplement request (an application-level event). */
  const answeredAt = (name: CaseName) => Date.parse(logs[name].find((e) => e.kind === 'supplement_answered')!.at);

  test('the scenario ran as scripted: each round went through exactly these events', () => {
    const kinds = (name: CaseName, stepKey: string, round = 1) => roundLog(name, stepKey, round).map((e) => e.kind);
    expect(kinds('A1', 'licence', 1)).toEqual(['task_created', 'claimed', 'decided']);
    expect(roundLog('A1', 'licence', 1).find((e) => e.kind === 'decided')!.data.outcome).toBe('request_supplement');
    expect(logs.A1.find((e) => e.kind === 'supplement_answered')!.data.steps).toEqual(['licence']);
    expect(kinds('A1', 'licence', 2)).toEqual(['task_created', 'claimed', 'paused', 'resumed', 'urged', 'decided']);
    expect(kinds('A1', 'fire-check')).toEqual(['task_created', 'reassigned', 'released', 'claimed', 'decided']);
    expect(kinds('A1', 'tax-reg')).toEqual(['task_created', 'claimed', 'decided']);
    expect(kinds('A2', 'fire-check')).toEqual(['task_created', 'claimed', 'decided']);
    expect(kinds('A2', 'licence')).toEqual(['task_created', 'claimed', 'reassigned', 'decided']);
    expect(kinds('A2', 'tax-reg')).toEqual(['task_created']);
    expect(kinds('B1', 'permit')).toEqual(['task_created', 'breached', 'deemed_approved', 'decided']);
    expect(kinds('B1', 'fire-check').sort()).toEqual(
      ['task_created', 'warning', 'breached', 'yellow_card', 'red_card', 'claimed', 'decided'].sort(),
    );
    expect(kinds('B1', 'fire-check').slice(-2)).toEqual(['claimed', 'decided']);
    expect(kinds('B2', 'permit')).toEqual(['task_created', 'breached', 'deemed_approved', 'decided']);
    expect(kinds('B2', 'fire-check').sort()).toEqual(
      ['task_created', 'warning', 'urged', 'breached', 'yellow_card', 'red_card'].sort(),
    );
    // Every event the figures are made of falls inside the window: the scenario was over at its end.
    for (const name of Object.keys(ids) as CaseName[]) {
      for (const event of logs[name].filter((e) => ROUND_KINDS.includes(e.kind) || e.kind === 'supplement_answered')) {
        expect(Date.parse(event.at)).toBeGreaterThanOrEqual(from.getTime());
        expect(Date.parse(event.at)).toBeLessThan(to.getTime());
      }
    }
    // The last finisher of each parallel stage is the one scripted.
    expect(at('A1', 'decided', 'fire-check')).toBeGreaterThan(at('A1', 'decided', 'licence', 2));
    expect(at('A2', 'decided', 'licence')).toBeGreaterThan(at('A2', 'decided', 'fire-check'));
    expect(at('B1', 'decided', 'fire-check')).toBeGreaterThan(at('B1', 'decided', 'permit'));
  });

  /**
   * Each decided round's four times, from the recorded instants:
   * queue = unclaimed (created → claimed, and released → claimed again), handling = held,
   * paused = paused → resumed, applicant = supplement requested → answered.
   */
  function handWorkedRounds() {
    const a1Licence1: RoundTimesMs = {
      queue: at('A1', 'claimed', 'licence', 1) - at('A1', 'task_created', 'licence', 1),
      handling: at('A1', 'decided', 'licence', 1) - at('A1', 'claimed', 'licence', 1),
      paused: 0,
      applicant: answeredAt('A1') - at('A1', 'decided', 'licence', 1),
    };
    const a1Licence2: RoundTimesMs = {
      queue: at('A1', 'claimed', 'licence', 2) - at('A1', 'task_created', 'licence', 2),
      handling:
        at('A1', 'paused', 'licence', 2) -
        at('A1', 'claimed', 'licence', 2) +
        (at('A1', 'decided', 'licence', 2) - at('A1', 'resumed', 'licence', 2)),
      paused: at('A1', 'resumed', 'licence', 2) - at('A1', 'paused', 'licence', 2),
      applicant: 0,
    };
    // Handed to an officer while unclaimed: held from the reassignment; queued again once released.
    const a1Fire: RoundTimesMs = {
      queue:
        at('A1', 'reassigned', 'fire-check') -
        at('A1', 'task_created', 'fire-check') +
        (at('A1', 'claimed', 'fire-check') - at('A1', 'released', 'fire-check')),
      handling:
        at('A1', 'released', 'fire-check') -
        at('A1', 'reassigned', 'fire-check') +
        (at('A1', 'decided', 'fire-check') - at('A1', 'claimed', 'fire-check')),
      paused: 0,
      applicant: 0,
    };
    const a1Tax: RoundTimesMs = {
      queue: at('A1', 'claimed', 'tax-reg') - at('A1', 'task_created', 'tax-reg'),
      handling: at('A1', 'decided', 'tax-reg') - at('A1', 'claimed', 'tax-reg'),
      paused: 0,
      applicant: 0,
    };
    const a2Fire: RoundTimesMs = {
      queue: at('A2', 'claimed', 'fire-check') - at('A2', 'task_created', 'fire-check'),
      handling: at('A2', 'decided', 'fire-check') - at('A2', 'claimed', 'fire-check'),
      paused: 0,
      applicant: 0,
    };
    // Reassigned while held: it only changed hands, the time stays handling.
    const a2Licence: RoundTimesMs = {
      queue: at('A2', 'claimed', 'licence') - at('A2', 'task_created', 'licence'),
      handling: at('A2', 'decided', 'licence') - at('A2', 'claimed', 'licence'),
      paused: 0,
      applicant: 0,
    };
    // Never claimed: queued from creation until the deemed approval (B2's too).
    const b1Permit: RoundTimesMs = {
      queue: at('B1', 'decided', 'permit') - at('B1', 'task_created', 'permit'),
      handling: 0,
      paused: 0,
      applicant: 0,
    };
    const b1Fire: RoundTimesMs = {
      queue: at('B1', 'claimed', 'fire-check') - at('B1', 'task_created', 'fire-check'),
      handling: at('B1', 'decided', 'fire-check') - at('B1', 'claimed', 'fire-check'),
      paused: 0,
      applicant: 0,
    };
    const b2Permit: RoundTimesMs = {
      queue: at('B2', 'decided', 'permit') - at('B2', 'task_created', 'permit'),
      handling: 0,
      paused: 0,
      applicant: 0,
    };
    return { a1Licence1, a1Licence2, a1Fire, a1Tax, a2Fire, a2Licence, b1Permit, b1Fire, b2Permit };
  }

  /**
   * Critical path, per finished parallel stage: the last finisher added (its final decision − the
   * other's). A2's tax-reg is alone in its stage; B2's stage has not finished (fire is open).
   */
  function handWorkedStages() {
    return {
      a1FireAdded: at('A1', 'decided', 'fire-check') - at('A1', 'decided', 'licence', 2),
      a2MarketAdded: at('A2', 'decided', 'licence') - at('A2', 'decided', 'fire-check'),
      b1FireAdded: at('B1', 'decided', 'fire-check') - at('B1', 'decided', 'permit'),
    };
  }

  /** B2's fire-check: open past its due date (1 working day after it was created) at the window's end. */
  function handWorkedOverdue() {
    const created = roundLog('B2', 'fire-check').find((e) => e.kind === 'task_created')!;
    const dueAt = Date.parse(created.data.dueAt as string);
    expect(dueAt).toBe(Date.parse(created.at) + 1 * DAY_MS);
    return {
      applicationId: ids.B2,
      stepKey: 'fire-check',
      round: 1,
      dueAt: new Date(dueAt).toISOString(),
      overdueWorkingDays: (to.getTime() - dueAt) / DAY_MS,
    };
  }

  function handWorkedRows() {
    const r = handWorkedRounds();
    const s = handWorkedStages();
    const overdue = handWorkedOverdue();
    const departments = [
      {
        departmentCode: 'fire',
        // A1, A2, B1 decided; B2 still queued.
        wip: 1,
        arrivals: 4,
        throughput: 3,
        ...fourTimes([r.a1Fire, r.a2Fire, r.b1Fire]),
        breaches: 1, // B1 (B2's breach is on a round not yet decided)
        breachRate: 1 / 3,
        overdueOpen: 1,
        oldestOverdue: overdue,
        deemedApprovals: 0,
        supplementRounds: { total: 0, perCase: 0 / 3 },
        warnings: 2, // B1, B2
        yellowCards: 2, // B1, B2
        redCards: 2, // B1, B2
        urges: 1, // B2
        reassignments: 1, // A1
        // In A1, A2 and B1's stages; last in A1 and B1.
        criticalPath: criticalPath(3, [s.a1FireAdded, s.b1FireAdded]),
      },
      {
        departmentCode: 'market',
        wip: 0,
        arrivals: 5,
        throughput: 5,
        ...fourTimes([r.a1Licence1, r.a1Licence2, r.a2Licence, r.b1Permit, r.b2Permit]),
        breaches: 2, // B1's and B2's permits, deemed approved at their limit
        breachRate: 2 / 5,
        overdueOpen: 0,
        oldestOverdue: null,
        deemedApprovals: 2,
        // One supplement request over the four cases it decided on.
        supplementRounds: { total: 1, perCase: 1 / 4 },
        warnings: 0,
        yellowCards: 0,
        redCards: 0,
        urges: 1, // A1 round 2
        reassignments: 1, // A2
        criticalPath: criticalPath(3, [s.a2MarketAdded]),
      },
      {
        departmentCode: 'tax',
        wip: 1, // A2
        arrivals: 2,
        throughput: 1,
        ...fourTimes([r.a1Tax]),
        breaches: 0,
        breachRate: 0,
        overdueOpen: 0,
        oldestOverdue: null,
        deemedApprovals: 0,
        supplementRounds: { total: 0, perCase: 0 },
        warnings: 0,
        yellowCards: 0,
        redCards: 0,
        urges: 0,
        reassignments: 0,
        // Never in a parallel stage: zero, not absent.
        criticalPath: criticalPath(0, []),
      },
    ];
    const services = [
      {
        departmentCode: 'fire',
        serviceCode: serviceA,
        wip: 0,
        arrivals: 2,
        throughput: 2,
        ...fourTimes([r.a1Fire, r.a2Fire]),
        breaches: 0,
        breachRate: 0,
        overdueOpen: 0,
        oldestOverdue: null,
        deemedApprovals: 0,
        supplementRounds: { total: 0, perCase: 0 },
        warnings: 0,
        yellowCards: 0,
        redCards: 0,
        urges: 0,
        reassignments: 1,
        criticalPath: criticalPath(2, [s.a1FireAdded]),
      },
      {
        departmentCode: 'fire',
        serviceCode: serviceB,
        wip: 1,
        arrivals: 2,
        throughput: 1,
        ...fourTimes([r.b1Fire]),
        breaches: 1,
        breachRate: 1,
        overdueOpen: 1,
        oldestOverdue: overdue,
        deemedApprovals: 0,
        supplementRounds: { total: 0, perCase: 0 },
        warnings: 2,
        yellowCards: 2,
        redCards: 2,
        urges: 1,
        reassignments: 0,
        criticalPath: criticalPath(1, [s.b1FireAdded]),
      },
      {
        departmentCode: 'market',
        serviceCode: serviceA,
        wip: 0,
        arrivals: 3, // A1 rounds 1 and 2, A2
        throughput: 3,
        ...fourTimes([r.a1Licence1, r.a1Licence2, r.a2Licence]),
        breaches: 0,
        breachRate: 0,
        overdueOpen: 0,
        oldestOverdue: null,
        deemedApprovals: 0,
        supplementRounds: { total: 1, perCase: 1 / 2 },
        warnings: 0,
        yellowCards: 0,
        redCards: 0,
        urges: 1,
        reassignments: 1,
        criticalPath: criticalPath(2, [s.a2MarketAdded]),
      },
      {
        departmentCode: 'market',
        serviceCode: serviceB,
        wip: 0,
        arrivals: 2,
        throughput: 2,
        ...fourTimes([r.b1Permit, r.b2Permit]),
        breaches: 2,
        breachRate: 1,
        overdueOpen: 0,
        oldestOverdue: null,
        deemedApprovals: 2,
        supplementRounds: { total: 0, perCase: 0 },
        warnings: 0,
        yellowCards: 0,
        redCards: 0,
        urges: 0,
        reassignments: 0,
        criticalPath: criticalPath(1, []),
      },
      {
        departmentCode: 'tax',
        serviceCode: serviceA,
        wip: 1,
        arrivals: 2,
        throughput: 1,
        ...fourTimes([r.a1Tax]),
        breaches: 0,
        breachRate: 0,
        overdueOpen: 0,
        oldestOverdue: null,
        deemedApprovals: 0,
        supplementRounds: { total: 0, perCase: 0 },
        warnings: 0,
        yellowCards: 0,
        redCards: 0,
        urges: 0,
        reassignments: 0,
        criticalPath: criticalPath(0, []),
      },
    ];
    // Each department has one step on each service here, so a step's row is its department ×
    // service row without the critical path (which is the department's).
    const stepOf: Record<string, string> = {
      [`fire|${serviceA}`]: 'fire-check',
      [`fire|${serviceB}`]: 'fire-check',
      [`market|${serviceA}`]: 'licence',
      [`market|${serviceB}`]: 'permit',
      [`tax|${serviceA}`]: 'tax-reg',
    };
    const steps = services.map(({ criticalPath: _criticalPath, ...row }) => ({
      ...row,
      stepKey: stepOf[`${row.departmentCode}|${row.serviceCode}`],
    }));
    return { departments, services, steps, rounds: r };
  }

  test('every figure per department, per department × service and per step equals the one worked out by hand', () => {
    const { departments, services, steps } = handWorkedRows();
    expect(report.from).toBe(from.toISOString());
    expect(report.to).toBe(to.toISOString());
    // Nobody rated a department in this scenario: the department rows say so, with zero ratings.
    const noRatings = { count: 0, average: null, low: 0 };
    expectSame(
      report.departments,
      departments.map((row) => ({ ...row, ratings: noRatings })),
      'departments',
    );
    expectSame(report.services, services, 'services');
    expectSame(report.steps, steps, 'steps');
  });

  test('the ranking, worked out by hand: who held cases up most, what dominated their time, and the stuck case', () => {
    const { services, rounds: r } = handWorkedRows();
    const serviceRow = (departmentCode: string, serviceCode: string) =>
      services.find((row) => row.departmentCode === departmentCode && row.serviceCode === serviceCode)!;
    // The largest kind of time on the pair's decided rounds, and its part of their whole time.
    const dominant = (parts: RoundTimesMs[]) => {
      const totals = {
        queue: parts.reduce((sum, p) => sum + p.queue, 0),
        handling: parts.reduce((sum, p) => sum + p.handling, 0),
        paused: parts.reduce((sum, p) => sum + p.paused, 0),
        applicant: parts.reduce((sum, p) => sum + p.applicant, 0),
      };
      const whole = totals.queue + totals.handling + totals.paused + totals.applicant;
      const [component, total] = Object.entries(totals).reduce((best, entry) => (entry[1] > best[1] ? entry : best));
      return { dominant: component, dominantShare: total / whole };
    };
    // Listed: a pair that finished last at least once, breached, or has an open overdue task. Tax
    // on A did none of these.
    const entries = [
      { key: ['fire', serviceA], parts: [r.a1Fire, r.a2Fire], stuckCases: [] as string[] },
      { key: ['fire', serviceB], parts: [r.b1Fire], stuckCases: [ids.B2] },
      { key: ['market', serviceA], parts: [r.a1Licence1, r.a1Licence2, r.a2Licence], stuckCases: [] },
      { key: ['market', serviceB], parts: [r.b1Permit, r.b2Permit], stuckCases: [] },
    ].map(({ key: [departmentCode, serviceCode], parts, stuckCases }) => {
      const row = serviceRow(departmentCode, serviceCode);
      return {
        departmentCode,
        serviceCode,
        score: row.criticalPath.totalWorkingDaysAdded,
        share: row.criticalPath.share,
        timesLast: row.criticalPath.timesLast,
        stages: row.criticalPath.stages,
        medianWorkingDaysAdded: row.criticalPath.medianWorkingDaysAdded,
        breaches: row.breaches,
        breachRate: row.breachRate,
        overdueOpen: row.overdueOpen,
        ...dominant(parts),
        stuckCases,
        slowness: row.queueTime.p90WorkingDays + row.handlingTime.p90WorkingDays,
      };
    });
    // Most working days added to the critical path first; then breaches + open overdue; then slowest.
    entries.sort(
      (a, b) =>
        b.score - a.score ||
        b.breaches + b.overdueOpen - (a.breaches + a.overdueOpen) ||
        b.slowness - a.slowness ||
        a.departmentCode.localeCompare(b.departmentCode),
    );
    // Market on B added nothing and has two breaches; the three that finished last each added time.
    expect(entries[3]).toMatchObject({ departmentCode: 'market', serviceCode: serviceB, score: 0 });
    const expected = entries.map(({ slowness: _slowness, ...entry }, index) => ({ rank: index + 1, ...entry }));
    const actual = report.ranking.map(({ reason: _reason, ...entry }: { reason: string }) => entry);
    expectSame(actual, expected, 'ranking');
    const fireOnB = report.ranking.find(
      (e: { serviceCode: string; departmentCode: string }) => e.departmentCode === 'fire' && e.serviceCode === serviceB,
    );
    expect(fireOnB.reason).toMatch(/^消防救援支队: 在“Test rc-b-.*”的并联阶段中 100% 的办件最后完成/);
    expect(fireOnB.reason).toContain('超期 1 件（超期率 100%）');
    expect(fireOnB.reason).toContain('1 件在办已超期');
  });

  /**
   * The report of a window worked out again in this process, from each case's event log as
   * `GET /api/applications/:id/events` gives it and its route as `GET /api/services/:code` does,
   * with the domain's `reportMetrics` and `assembleBottleneckReport`. The stuck cases come from the
   * open tasks, not from the logs: they are taken from the served report.
   */
  async function recomputedReport(window: { from: Date; to: Date }, served: typeof report) {
    const routes = new Map<
      string,
      { name: string; steps: { key: string; departmentCode: string; after: string[] }[] }
    >();
    for (const code of [serviceA, serviceB]) {
      const service = await users.coord.request('GET', `/services/${code}`);
      expect(service.status).toBe(200);
      routes.set(code, { name: service.body.name, steps: service.body.published.steps });
    }
    const cases: ReportCase[] = (Object.keys(ids) as CaseName[]).map((name) => {
      const serviceCode = name.startsWith('A') ? serviceA : serviceB;
      return {
        applicationId: ids[name],
        serviceCode,
        steps: routes.get(serviceCode)!.steps.map(({ key, departmentCode, after }) => ({ key, departmentCode, after })),
        events: logs[name].map((e): ReportEvent => ({
          at: e.at,
          kind: e.kind,
          stepKey: e.stepKey ?? null,
          round: e.round ?? null,
          data: e.data,
        })),
      };
    });
    const clock = compressedClock(WORKING_DAY_SECONDS);
    const byDepartment = reportMetrics({ cases, clock, window, groupBy: 'department' });
    const byService = reportMetrics({ cases, clock, window, groupBy: 'departmentService' });
    const byStep = reportMetrics({ cases, clock, window, groupBy: 'step' });
    const departmentNames = new Map<string, { zh: string; en: string }>(
      DEMO_DEPARTMENTS.map((d) => [d.code, { zh: d.name, en: d.nameEn }]),
    );
    const stuck = new Map<string, string[]>(
      served.ranking.map((e: { departmentCode: string; serviceCode: string; stuckCases: string[] }) => [
        `${e.departmentCode}|${e.serviceCode}`,
        e.stuckCases,
      ]),
    );
    return assembleBottleneckReport({
      window,
      metrics: {
        departments: byDepartment.groups,
        departmentPaths: byDepartment.criticalPath,
        services: byService.groups,
        servicePaths: byService.criticalPath,
        steps: byStep.groups,
      },
      names: {
        department: (code) => departmentNames.get(code) ?? { zh: code, en: code },
        service: (code) => ({ zh: `“${routes.get(code)!.name}”`, en: `“${routes.get(code)!.name}”` }),
      },
      workingDayMs: DAY_MS,
      stuckCases: (departmentCode, serviceCode) => stuck.get(`${departmentCode}|${serviceCode}`) ?? [],
    });
  }

  test('the whole report equals an independent recomputation from each case’s event log and its route', async () => {
    const recomputed = await recomputedReport({ from, to }, report);
    expectSame(report, { ...recomputed, ranking: recomputed.ranking.map((e) => ({ ...e, reason: e.reason.zh })) });

    const english = await users.coord.request('GET', `/reports/bottlenecks?${windowQuery()}`, undefined, {
      'accept-language': 'en',
    });
    expect(english.body.ranking.map((e: { reason: string }) => e.reason)).toEqual(
      recomputed.ranking.map((e) => e.reason.en),
    );
  });

  test.each(['market', 'fire', 'tax'])(
    'the %s CIO’s report holds exactly their department’s rows, with the coordinating CIO’s figures',
    async (department) => {
      const own = await users[`cio.${department}`].request('GET', `/reports/bottlenecks?${windowQuery()}`);
      expect(own.status).toBe(200);
      const mine = <T extends { departmentCode: string }>(rows: T[]) =>
        rows.filter((r) => r.departmentCode === department);
      expectSame(own.body, {
        from: report.from,
        to: report.to,
        departmentCode: department,
        departments: mine(report.departments),
        services: mine(report.services),
        steps: mine(report.steps),
        // The coordinating CIO's ranking without the other departments, numbered again.
        ranking: mine(report.ranking as { departmentCode: string; rank: number }[]).map((entry, index) => ({
          ...entry,
          rank: index + 1,
        })),
      });
      expect(own.body.departments).toHaveLength(1);
    },
  );

  /**
   * A window that opens inside A1's parallel stage: after market's last decision there, before
   * fire's. The stage finishes in the window, so market took part in it there.
   */
  const cutWindow = () => {
    const cut = new Date(at('A1', 'decided', 'licence', 2) + 1);
    return { cut, query: `from=${encodeURIComponent(cut.toISOString())}&to=${encodeURIComponent(to.toISOString())}` };
  };

  test('a window opening inside a parallel stage counts the stage for every department in it, finished before the window or not', async () => {
    const { cut, query } = cutWindow();
    const response = await users.coord.request('GET', `/reports/bottlenecks?${query}`);
    expect(response.status).toBe(200);
    const market = response.body.departments.find((row: { departmentCode: string }) => row.departmentCode === 'market');
    // Market's stages finished in [cut, to): A1's (fire finished after the cut) always; A2's and
    // B1's when their last decision came after the cut. Market finished last in A2 only.
    const s = handWorkedStages();
    const inWindow = (finishedAt: number) => finishedAt >= cut.getTime();
    const a2Finished = at('A2', 'decided', 'licence');
    const b1Finished = at('B1', 'decided', 'fire-check');
    expect(inWindow(at('A1', 'decided', 'fire-check'))).toBe(true);
    const stages = 1 + (inWindow(a2Finished) ? 1 : 0) + (inWindow(b1Finished) ? 1 : 0);
    expectSame(market.criticalPath, criticalPath(stages, inWindow(a2Finished) ? [s.a2MarketAdded] : []), 'market');
  });

  test('the report of such a window equals the recomputation from the event logs too', async () => {
    const { cut, query } = cutWindow();
    const response = await users.coord.request('GET', `/reports/bottlenecks?${query}`);
    expect(response.status).toBe(200);
    const recomputed = await recomputedReport({ from: cut, to }, response.body);
    expectSame(response.body, {
      ...recomputed,
      ranking: recomputed.ranking.map((e) => ({ ...e, reason: e.reason.zh })),
    });
  });

  // A department's report must not lose a stage because the department's own part of it was over
  // before the window opened (the event-replay version of the report did: it kept only the cases
  // where the department had a task still open or decided in the window).
  test.each(['market', 'fire', 'tax'])(
    'the %s CIO’s report of such a window has the coordinating CIO’s figures for their department',
    async (department) => {
      const { query } = cutWindow();
      const coord = (await users.coord.request('GET', `/reports/bottlenecks?${query}`)).body;
      const own = await users[`cio.${department}`].request('GET', `/reports/bottlenecks?${query}`);
      expect(own.status).toBe(200);
      const mine = <T extends { departmentCode: string }>(rows: T[]) =>
        rows.filter((r) => r.departmentCode === department);
      expectSame(own.body.departments, mine(coord.departments), 'departments');
      expectSame(own.body.services, mine(coord.services), 'services');
      expectSame(own.body.steps, mine(coord.steps), 'steps');
      expectSame(
        own.body.ranking,
        mine(coord.ranking as { departmentCode: string; rank: number }[]).map((entry, index) => ({
          ...entry,
          rank: index + 1,
        })),
        'ranking',
      );
    },
  );
});
