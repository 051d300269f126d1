/**
 * One synthetic application, its tasks and its event log, as the running system would have written
 * them: the case's whole life is drawn first (queue, claims, releases, pauses, decisions, supplement
 * rounds, the supervision ladder, deemed approvals, urges, rejections, withdrawals), the log is cut
 * at the anchor instant ("now" of the data set), and the task and application rows are then derived
 * by replaying the kept events the way the read-model store moves its rows. So rows and log agree
 * by construction, and what is still open at the anchor is open in the queues.
 *
 * Event kinds, data and dedupe keys follow libs/persistence/read-model/application-read-model.store.ts,
 * task-queue.repository.ts and application-filing.repository.ts.
 */
import {
  stepApplicability,
  type DecisionBasis,
  type DecisionOutcome,
  type VersionedStep,
  type WorkingClock,
} from '../../libs/domain';
import { formatApplicationNumber } from '../../libs/persistence/repositories/application-filing.repository';
import { AREA_FIELD, type SyntheticCatalogue, type SyntheticService } from './synthetic-catalogue';
import { SeededRandom } from './seeded-random';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const DEEMED_OPINION = '承诺时限届满未作决定，按超时默认规则视为通过 (deemed approved: no decision by the time limit)';
const PAUSE_REASONS = ['inspection', 'expert_review', 'hearing', 'testing', 'other'] as const;

export interface EventActor {
  id: string;
  username: string;
  role: string;
  departmentCode: string | null;
}

export interface EventRow {
  kind: string;
  stepKey: string | null;
  round: number | null;
  actor: EventActor | null;
  at: number;
  data: Record<string, unknown>;
  dedupeKey: string;
}

export interface TaskRow {
  id: string;
  stepKey: string;
  departmentCode: string;
  round: number;
  status: string;
  assignee: string | null;
  assigneeId: string | null;
  createdAt: number;
  claimedAt: number | null;
  dueAt: number;
  decidedAt: number | null;
  outcome: string | null;
  opinion: string | null;
  decidedBy: string | null;
  breachedAt: number | null;
  firstClaimedAt: number | null;
  clockStoppedAt: number | null;
  remainingWorkingMs: number | null;
  pauseReason: string | null;
  cards: { level: string; at: string }[];
  urges: { id: string; at: string; message: string; by: string }[];
  basis: string | null;
}

export interface ApplicationRow {
  id: string;
  number: string;
  serviceCode: string;
  enterpriseId: string;
  enterpriseName: string;
  filedBy: string;
  idempotencyKey: string;
  status: string;
  form: Record<string, unknown>;
  filedAt: number;
  closedAt: number | null;
  dueAt: number;
  breachedAt: number | null;
  statusChangeNumber: number;
}

export interface SyntheticCase {
  application: ApplicationRow;
  tasks: TaskRow[];
  events: EventRow[];
}

export interface CaseGeneratorOptions {
  seed: number;
  catalogue: SyntheticCatalogue;
  clock: WorkingClock;
  /** The data set's "now": nothing happens after it. */
  anchorMs: number;
  /** Filings spread over this many days before the anchor. */
  spanDays: number;
  applications: number;
  /** Officers per department (at least one each), and the coordinating CIO who urges. */
  officers: ReadonlyMap<string, readonly EventActor[]>;
  coordinator: EventActor;
}

/** A round as drawn, before the log is cut at the anchor. */
interface DrawnRound {
  round: number;
  createdAt: number;
  /** When the task stops being open: its decision, or the applicant's answer after a supplement request. */
  openUntil: number;
  events: EventRow[];
}

interface DrawnStep {
  step: VersionedStep;
  rounds: DrawnRound[];
  /** The step's final decision (approve or reject); Infinity while it never comes. */
  finalAt: number;
  rejected: boolean;
  /** Application-level events this step caused (the applicant's answers). */
  answers: EventRow[];
}

export class CaseGenerator {
  private readonly cumulativeWeights: number[];
  private readonly slowness: Map<string, number>;
  private readonly startMs: number;
  private readonly spanMs: number;

  constructor(private readonly options: CaseGeneratorOptions) {
    let sum = 0;
    this.cumulativeWeights = options.catalogue.services.map((s) => (sum += s.weight));
    this.slowness = new Map(options.catalogue.departments.map((d) => [d.code, d.slowness]));
    this.spanMs = options.spanDays * DAY;
    // The last filings are a few minutes old at the anchor.
    this.startMs = options.anchorMs - this.spanMs - 10 * 60_000;
  }

  /** Application `index` (0-based, in filing order): the same index always gives the same case. */
  generate(index: number): SyntheticCase {
    const { options } = this;
    const random = SeededRandom.forItem(options.seed, index);
    const service = this.pickService(random.next());
    const enterprise = random.pick(options.catalogue.enterprises);
    // Filings grow over the period (density rising by half from start to end), in filing order.
    const growth = 0.5;
    const u = (index + random.next()) / options.applications;
    const x = (-1 + Math.sqrt(1 + 2 * growth * (1 + growth / 2) * u)) / growth;
    const filedAt = Math.round(this.startMs + x * this.spanMs);
    const id = random.uuid();
    const form = { [AREA_FIELD]: random.int(20, 400) };
    const number = formatApplicationNumber(new Date(filedAt), String(index + 1));
    const applicant: EventActor = {
      id: enterprise.applicantId,
      username: enterprise.applicantUsername,
      role: 'applicant',
      departmentCode: null,
    };
    const snapshot = service.snapshot;

    const events: EventRow[] = [
      {
        kind: 'filed',
        stepKey: null,
        round: null,
        actor: applicant,
        at: filedAt,
        data: { serviceCode: snapshot.serviceCode, serviceVersion: snapshot.version, number },
        dedupeKey: `${id}:filed`,
      },
    ];
    const skipped = new Set<string>();
    for (const step of stepApplicability(snapshot.steps, form)) {
      if (step.included) continue;
      skipped.add(step.key);
      events.push({
        kind: 'step_skipped',
        stepKey: step.key,
        round: null,
        actor: null,
        at: filedAt,
        data: { reason: step.reason ?? 'not required' },
        dedupeKey: `${id}:${step.key}:skipped`,
      });
    }

    const draw = new CaseDraw(this.options, this.slowness, random, id, service, applicant);
    const withdrawAt = random.chance(0.004) ? filedAt + random.next() * 20 * DAY : Infinity;
    let closing: { kind: 'approved' | 'rejected' | 'withdrawn'; at: number; reason?: string } | null = null;
    let stageStart = filedAt + random.int(800, 2500);
    for (const stage of service.stages) {
      const members = stage.filter((key) => !skipped.has(key));
      if (members.length === 0) continue;
      const supplementStep = random.chance(0.15 * members.length) ? random.pick(members) : null;
      const drawn = members.map((key) =>
        draw.step(
          snapshot.steps.find((s) => s.key === key)!,
          stageStart + random.int(0, 300),
          key === supplementStep,
        ),
      );
      const rejectedAt = Math.min(...drawn.filter((d) => d.rejected).map((d) => d.finalAt));
      const stageEnd = Math.max(...drawn.map((d) => d.finalAt));
      const cancelAt = Math.min(rejectedAt, withdrawAt >= stageStart ? withdrawAt : Infinity);
      if (cancelAt < stageEnd) {
        // A rejection (or the applicant withdrawing) closes the case: what is still open is cancelled.
        const at = Math.round(cancelAt) + 1;
        for (const d of drawn) {
          if (d.rejected && d.finalAt === rejectedAt && cancelAt === rejectedAt) {
            events.push(...d.rounds.flatMap((r) => r.events), ...d.answers);
            continue;
          }
          events.push(...draw.cancelled(d, at));
        }
        closing =
          cancelAt === rejectedAt
            ? { kind: 'rejected', at: at + 1 }
            : { kind: 'withdrawn', at: at + 1, reason: '申请人撤回 (benchmark)' };
        break;
      }
      for (const d of drawn) events.push(...d.rounds.flatMap((r) => r.events), ...d.answers);
      if (!Number.isFinite(stageEnd)) break; // a step never finishes: the case stays open
      stageStart = stageEnd + random.int(300, 1500);
    }
    if (!closing && Number.isFinite(stageStart) && !draw.open) {
      closing = { kind: 'approved', at: stageStart + random.int(100, 500) };
    }

    const dueAt = options.clock.dueAt(new Date(filedAt), snapshot.overallLimitDays).getTime();
    const closesAt = closing ? closing.at : Infinity;
    if (closesAt > dueAt) {
      events.push({
        kind: 'breached',
        stepKey: null,
        round: null,
        actor: null,
        at: dueAt,
        data: { dueAt: new Date(dueAt).toISOString(), scope: 'application' },
        dedupeKey: `${id}:overall:breached`,
      });
    }
    return replayAtAnchor({
      id,
      number,
      service,
      enterprise: { id: enterprise.id, name: enterprise.name },
      applicant,
      form,
      filedAt,
      dueAt,
      closing,
      events,
      anchorMs: options.anchorMs,
    });
  }

  private pickService(u: number): SyntheticService {
    const weights = this.cumulativeWeights;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return this.options.catalogue.services[lo];
  }
}

/** Draws the steps of one case; keeps the per-case counters (supplement numbers, dedupe suffixes). */
class CaseDraw {
  private supplements = 0;
  /** Some step never finishes (an abandoned task or an unanswered supplement request). */
  open = false;

  constructor(
    private readonly options: CaseGeneratorOptions,
    private readonly slownessOf: ReadonlyMap<string, number>,
    private readonly random: SeededRandom,
    private readonly applicationId: string,
    private readonly service: SyntheticService,
    private readonly applicant: EventActor,
  ) {}

  step(step: VersionedStep, startAt: number, mayRequestSupplement: boolean): DrawnStep {
    const { random } = this;
    const drawn: DrawnStep = { step, rounds: [], finalAt: Infinity, rejected: false, answers: [] };
    const flags = { warned: false, yellow: false, red: false, breached: false };
    let createdAt = startAt;
    let carriedMs: number | undefined;
    for (let round = 1; round <= 3; round++) {
      const supplement = mayRequestSupplement && random.chance(round === 1 ? 1 : 0.3);
      const result = this.round(step, round, createdAt, carriedMs, supplement, flags);
      drawn.rounds.push(result.round);
      if (result.outcome === 'request_supplement') {
        // The applicant answers after a few days (or, rarely, not at all); the next round starts then.
        if (random.chance(0.06)) {
          this.open = true;
          return drawn;
        }
        const answeredAt = Math.round(result.decidedAt + random.logNormal(2.5 * DAY, 0.9));
        result.round.openUntil = answeredAt;
        this.supplements += 1;
        drawn.answers.push({
          kind: 'supplement_answered',
          stepKey: null,
          round: null,
          actor: this.applicant,
          at: answeredAt,
          data: { note: '已补充材料 (benchmark)', steps: [step.key] },
          dedupeKey: `${this.applicationId}:supplement:${this.supplements}`,
        });
        carriedMs = result.remainingMs;
        createdAt = answeredAt + random.int(150, 900);
        mayRequestSupplement = true;
        continue;
      }
      if (!Number.isFinite(result.decidedAt)) {
        this.open = true;
        return drawn;
      }
      drawn.finalAt = result.decidedAt;
      drawn.rejected = result.outcome === 'reject';
      return drawn;
    }
    // A third supplement request is not drawn: round 3 always ends in a decision above.
    return drawn;
  }

  /** The step's events up to `at`, and a `step_cancelled` for the round open then. */
  cancelled(drawn: DrawnStep, at: number): EventRow[] {
    const kept: EventRow[] = [];
    for (const round of drawn.rounds) {
      kept.push(...round.events.filter((e) => e.at < at));
      if (round.createdAt < at && round.openUntil > at) {
        kept.push({
          kind: 'step_cancelled',
          stepKey: drawn.step.key,
          round: round.round,
          actor: null,
          at,
          data: { reason: 'the application was closed' },
          dedupeKey: `${this.applicationId}:${drawn.step.key}:cancelled`,
        });
      }
    }
    kept.push(...drawn.answers.filter((e) => e.at < at));
    return kept;
  }

  private round(
    step: VersionedStep,
    round: number,
    createdAt: number,
    carriedMs: number | undefined,
    supplement: boolean,
    flags: { warned: boolean; yellow: boolean; red: boolean; breached: boolean },
  ): { round: DrawnRound; outcome: DecisionOutcome | null; decidedAt: number; remainingMs: number } {
    const { random, options, applicationId } = this;
    const clock = options.clock;
    const officers = options.officers.get(step.departmentCode)!;
    const slowness = this.slownessOf.get(step.departmentCode)!;
    const key = `${applicationId}:${step.key}:${round}`;
    const taskId = random.uuid();
    const dueAt0 =
      carriedMs === undefined
        ? clock.dueAt(new Date(createdAt), step.config.timeLimitDays).getTime()
        : clock.addWorkingTime(new Date(createdAt), carriedMs).getTime();
    const events: EventRow[] = [];
    const push = (kind: string, at: number, data: Record<string, unknown>, actor: EventActor | null, dedupe: string) =>
      events.push({ kind, stepKey: step.key, round, actor, at: Math.round(at), data, dedupeKey: dedupe });

    if (round === 1) push('step_started', createdAt, { departmentCode: step.departmentCode }, null, `${key}:started`);
    push(
      'task_created',
      createdAt,
      { taskId, departmentCode: step.departmentCode, dueAt: new Date(dueAt0).toISOString() },
      null,
      `${key}:task`,
    );

    // Queue, maybe a claim given back, handling, maybe a pause; a few tasks are stuck for weeks, a
    // very few are never decided at all.
    const stuck = random.chance(0.03) ? random.int(5, 15) : 1;
    let t = createdAt + random.logNormal(5 * HOUR, 1.1) * slowness * stuck;
    let holder = random.pick(officers);
    const claims: { at: number; by: EventActor }[] = [];
    const releases: number[] = [];
    if (random.chance(0.06)) {
      claims.push({ at: t, by: holder });
      t += random.logNormal(2 * HOUR, 1);
      releases.push(t);
      t += random.logNormal(3 * HOUR, 1) * slowness;
      holder = random.pick(officers);
    }
    claims.push({ at: t, by: holder });
    const handling = random.logNormal(16 * HOUR, 1.0) * slowness * (random.chance(0.02) ? random.int(4, 12) : 1);
    let pause: { at: number; until: number; reason: string } | null = null;
    if (random.chance(0.05)) {
      const at = t + handling * 0.4;
      pause = { at, until: at + random.logNormal(3 * DAY, 0.7), reason: random.pick(PAUSE_REASONS) };
    }
    const abandoned = random.chance(0.012);
    let decidedAt = abandoned ? Infinity : t + handling + (pause ? pause.until - pause.at : 0);

    // The due date in force after a pause: the working time left when it stopped, from the resume.
    let dueAt = dueAt0;
    let pauseRemaining = 0;
    if (pause) {
      pauseRemaining = clock.workingTimeBetween(new Date(pause.at), new Date(dueAt0));
      dueAt = clock.addWorkingTime(new Date(pause.until), pauseRemaining).getTime();
    }
    const runningAt = (at: number) =>
      at >= createdAt && at < decidedAt && !(pause && at >= pause.at && at < pause.until);

    // Deemed approval at the limit ends the round there.
    let deemed = false;
    if (step.config.timeoutPolicy === 'deemed_approval' && runningAt(dueAt)) {
      deemed = true;
      decidedAt = dueAt;
    }
    for (const claim of claims) {
      if (claim.at < decidedAt) push('claimed', claim.at, { taskId }, claim.by, `${taskId}:claimed:${random.uuid()}`);
    }
    for (const at of releases) {
      if (at < decidedAt) push('released', at, { taskId }, claims[0].by, `${taskId}:released:${random.uuid()}`);
    }
    if (pause && pause.at < decidedAt) {
      const remainingWorkingMs = pauseRemaining;
      push(
        'paused',
        pause.at,
        { reason: pause.reason, opinion: '需现场核查 (benchmark)', remainingWorkingMs },
        holder,
        `${key}:pause:1`,
      );
      if (pause.until < decidedAt) {
        push(
          'resumed',
          pause.until,
          {
            reason: pause.reason,
            pausedSince: new Date(Math.round(pause.at)).toISOString(),
            pausedMs: Math.round(pause.until) - Math.round(pause.at),
            dueAt: new Date(dueAt).toISOString(),
          },
          holder,
          `${key}:resume:1`,
        );
      }
    }

    // The supervision ladder, once per step: a warning a working day before the limit, a yellow card
    // (and the breach) at it, a red card two working days after; each only while the clock runs.
    if (step.config.supervision?.warnBeforeDays !== 0) {
      const warnAt = clock.subtractWorkingTime(new Date(dueAt), clock.workingDayMs).getTime();
      if (!flags.warned && runningAt(warnAt)) {
        flags.warned = true;
        push(
          'warning',
          warnAt,
          { dueAt: new Date(dueAt).toISOString(), departmentCode: step.departmentCode },
          null,
          `${applicationId}:${step.key}:card:warning`,
        );
      }
    }
    if (deemed) {
      flags.breached = true;
      push('breached', dueAt, { dueAt: new Date(dueAt).toISOString() }, null, `${applicationId}:${step.key}:breached`);
      push(
        'deemed_approved',
        dueAt,
        { dueAt: new Date(dueAt).toISOString(), departmentCode: step.departmentCode },
        null,
        `${key}:deemed`,
      );
      push('decided', dueAt, { outcome: 'approve', opinion: DEEMED_OPINION, basis: 'deemed' }, null, `${key}:decided`);
      return { round: { round, createdAt, openUntil: dueAt, events }, outcome: 'approve', decidedAt, remainingMs: 0 };
    }
    if (step.config.timeoutPolicy === 'escalate' && !flags.yellow && runningAt(dueAt)) {
      flags.yellow = true;
      if (!flags.breached) {
        flags.breached = true;
        push(
          'breached',
          dueAt,
          { dueAt: new Date(dueAt).toISOString() },
          null,
          `${applicationId}:${step.key}:breached`,
        );
      }
      push(
        'yellow_card',
        dueAt,
        { dueAt: new Date(dueAt).toISOString(), departmentCode: step.departmentCode },
        null,
        `${applicationId}:${step.key}:card:yellow`,
      );
      const redAt = clock.addWorkingTime(new Date(dueAt), 2 * clock.workingDayMs).getTime();
      if (!flags.red && runningAt(redAt)) {
        flags.red = true;
        push(
          'red_card',
          redAt,
          { dueAt: new Date(dueAt).toISOString(), departmentCode: step.departmentCode },
          null,
          `${applicationId}:${step.key}:card:red`,
        );
      }
    }
    // The coordinating CIO urges some of the tasks still open after three days.
    if (decidedAt - createdAt > 3 * DAY && random.chance(0.15)) {
      const urgeId = random.uuid();
      push(
        'urged',
        createdAt + 3 * DAY,
        { urgeId, message: '请加快办理 (benchmark)', departmentCode: step.departmentCode },
        options.coordinator,
        `${applicationId}:urge:${urgeId}`,
      );
    }
    if (!Number.isFinite(decidedAt)) {
      return { round: { round, createdAt, openUntil: Infinity, events }, outcome: null, decidedAt, remainingMs: 0 };
    }

    const outcome: DecisionOutcome = supplement ? 'request_supplement' : random.chance(0.004) ? 'reject' : 'approve';
    const opinion =
      outcome === 'approve'
        ? '材料齐全，符合要求，同意。(benchmark)'
        : outcome === 'reject'
          ? '不符合办理条件，不予批准。(benchmark)'
          : '请补充相关材料。(benchmark)';
    push('decided', decidedAt, { outcome, opinion, basis: 'decision' }, holder, `${key}:decided`);
    let remainingMs = 0;
    if (outcome === 'request_supplement') {
      remainingMs = clock.workingTimeBetween(new Date(Math.round(decidedAt)), new Date(dueAt));
      push(
        'supplement_requested',
        decidedAt,
        {
          items: [{ kind: 'other', reason: '请补充说明材料 (benchmark)' }],
          opinion,
          remainingWorkingMs: remainingMs,
        },
        holder,
        `${key}:supplement_requested`,
      );
    }
    return {
      round: { round, createdAt, openUntil: decidedAt, events },
      outcome,
      decidedAt: Math.round(decidedAt),
      remainingMs,
    };
  }
}

/**
 * Cuts the log at the anchor and derives the rows the read-model store would hold then, event by
 * event in log order (the application's status changes are logged as they happen).
 */
function replayAtAnchor(input: {
  id: string;
  number: string;
  service: SyntheticService;
  enterprise: { id: string; name: string };
  applicant: EventActor;
  form: Record<string, unknown>;
  filedAt: number;
  dueAt: number;
  closing: { kind: 'approved' | 'rejected' | 'withdrawn'; at: number; reason?: string } | null;
  events: EventRow[];
  anchorMs: number;
}): SyntheticCase {
  const { id, anchorMs } = input;
  const departmentOf = new Map(input.service.snapshot.steps.map((s) => [s.key, s.departmentCode]));
  const timeline = input.events.filter((e) => e.at <= anchorMs);
  // Stable: events of one instant keep the order they were written in.
  timeline.sort((a, b) => a.at - b.at);
  const tasks = new Map<string, TaskRow>();
  const ordered: TaskRow[] = [];
  const log: EventRow[] = [];
  let status = 'in_progress';
  let statusChanges = 0;
  let breachedAt: number | null = null;
  let closedAt: number | null = null;
  const logStatus = (next: string, at: number, reason?: string, actor: EventActor | null = null) => {
    statusChanges += 1;
    status = next;
    const terminal = next === 'approved' || next === 'rejected' || next === 'withdrawn';
    if (terminal) closedAt = at;
    log.push({
      kind: terminal ? next : 'status_changed',
      stepKey: null,
      round: null,
      actor,
      at,
      data: { status: next, ...(reason ? { reason } : {}) },
      dedupeKey: `${id}:status:${statusChanges}`,
    });
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  for (const event of timeline) {
    log.push(event);
    const task = event.stepKey && event.round !== null ? tasks.get(`${event.stepKey}#${event.round}`) : undefined;
    switch (event.kind) {
      case 'task_created': {
        const row: TaskRow = {
          id: event.data.taskId as string,
          stepKey: event.stepKey!,
          departmentCode: departmentOf.get(event.stepKey!)!,
          round: event.round!,
          status: 'pending',
          assignee: null,
          assigneeId: null,
          createdAt: event.at,
          claimedAt: null,
          dueAt: Date.parse(event.data.dueAt as string),
          decidedAt: null,
          outcome: null,
          opinion: null,
          decidedBy: null,
          breachedAt: null,
          firstClaimedAt: null,
          clockStoppedAt: null,
          remainingWorkingMs: null,
          pauseReason: null,
          cards: [],
          urges: [],
          basis: null,
        };
        tasks.set(`${row.stepKey}#${row.round}`, row);
        ordered.push(row);
        break;
      }
      case 'claimed':
        if (!task) break;
        task.status = 'claimed';
        task.assignee = event.actor!.username;
        task.assigneeId = event.actor!.id;
        task.claimedAt = event.at;
        task.firstClaimedAt ??= event.at;
        break;
      case 'released':
        if (!task) break;
        task.status = 'pending';
        task.assignee = null;
        task.assigneeId = null;
        task.claimedAt = null;
        break;
      case 'paused':
        if (!task) break;
        task.status = 'paused';
        task.clockStoppedAt = event.at;
        task.pauseReason = event.data.reason as string;
        task.remainingWorkingMs = event.data.remainingWorkingMs as number;
        break;
      case 'resumed':
        if (!task) break;
        task.status = task.assigneeId ? 'claimed' : 'pending';
        task.dueAt = Date.parse(event.data.dueAt as string);
        task.clockStoppedAt = null;
        task.pauseReason = null;
        task.remainingWorkingMs = null;
        break;
      case 'decided': {
        if (!task) break;
        const basis = event.data.basis as DecisionBasis;
        const outcome = event.data.outcome as DecisionOutcome;
        task.decidedAt = event.at;
        task.outcome = outcome;
        task.opinion = event.data.opinion as string;
        task.basis = basis;
        if (basis === 'deemed') {
          task.status = 'completed';
          task.breachedAt ??= event.at;
        } else {
          task.decidedBy = event.actor?.username ?? null;
          task.status = outcome === 'request_supplement' ? 'awaiting_applicant' : 'completed';
          task.clockStoppedAt = outcome === 'request_supplement' ? event.at : null;
          task.remainingWorkingMs = null;
        }
        break;
      }
      case 'supplement_requested':
        if (task) task.remainingWorkingMs = event.data.remainingWorkingMs as number;
        break;
      case 'supplement_answered':
        for (const stepKey of event.data.steps as string[]) {
          for (const row of ordered) {
            if (row.stepKey === stepKey && row.status === 'awaiting_applicant') row.status = 'completed';
          }
        }
        break;
      case 'warning':
      case 'yellow_card':
      case 'red_card':
        if (!task) break;
        if (event.kind === 'yellow_card') task.breachedAt ??= event.at;
        task.cards.push({
          level: event.kind === 'warning' ? 'warning' : event.kind === 'yellow_card' ? 'yellow' : 'red',
          at: iso(event.at),
        });
        break;
      case 'urged':
        if (task) {
          task.urges.push({
            id: event.data.urgeId as string,
            at: iso(event.at),
            message: event.data.message as string,
            by: event.actor!.username,
          });
        }
        break;
      case 'step_cancelled':
        if (!task) break;
        task.status = 'cancelled';
        task.clockStoppedAt ??= event.at;
        break;
      case 'breached':
        if (event.stepKey === null) breachedAt = event.at;
        break;
      default:
        break;
    }
    // The workflow reports the case waiting on the applicant when nothing is left with a department.
    if (status === 'in_progress' || status === 'awaiting_applicant') {
      const open = ordered.filter((t) => t.status !== 'completed' && t.status !== 'cancelled');
      const derived =
        open.length > 0 && open.every((t) => t.status === 'awaiting_applicant') ? 'awaiting_applicant' : 'in_progress';
      if (derived !== status && event.kind !== 'task_created') logStatus(derived, event.at);
    }
  }
  if (input.closing && input.closing.at <= anchorMs) {
    logStatus(
      input.closing.kind,
      input.closing.at,
      input.closing.reason,
      input.closing.kind === 'withdrawn' ? input.applicant : null,
    );
  }
  return {
    application: {
      id,
      number: input.number,
      serviceCode: input.service.snapshot.serviceCode,
      enterpriseId: input.enterprise.id,
      enterpriseName: input.enterprise.name,
      filedBy: input.applicant.id,
      idempotencyKey: `bench-${id}`,
      status,
      form: input.form,
      filedAt: input.filedAt,
      closedAt,
      dueAt: input.dueAt,
      breachedAt,
      statusChangeNumber: statusChanges,
    },
    tasks: ordered,
    events: log,
  };
}
