import type { ApplicationEventKind } from '../application/application-events';
import type { DecisionBasis, DecisionOutcome } from '../application/application.types';
import type { WorkingClock } from '../calendar/working-clock';
import type { RouteStep } from '../route/route.types';

/**
 * One entry of an application's event log as `GET /api/applications/:id/events` gives it (the
 * actor is not needed here). `at` may be the ISO string of the HTTP body or a Date.
 */
export interface ReportEvent {
  at: Date | string;
  kind: ApplicationEventKind;
  stepKey?: string | null;
  round?: number | null;
  data?: Record<string, unknown>;
}

/** What the reports need to know of one case: its log (oldest first) and its version's route. */
export interface ReportCase {
  applicationId: string;
  serviceCode: string;
  steps: readonly RouteStep[];
  events: readonly ReportEvent[];
}

/**
 * Who a round's time belongs to. `queue`: in the department's queue, unclaimed; `handling`: held
 * by an officer; `paused`: stopped by the department (计时暂停); `applicant`: waiting on a supplement.
 */
export type SpanKind = 'queue' | 'handling' | 'paused' | 'applicant';

/** A stretch of a round's life; `to` is null while it lasts. */
export interface RoundSpan {
  kind: SpanKind;
  from: Date;
  to: Date | null;
}

/** One task of a case: a step's round, from task_created to its decision (and the supplement wait after). */
export interface RoundRecord {
  applicationId: string;
  serviceCode: string;
  stepKey: string;
  departmentCode: string;
  round: number;
  createdAt: Date;
  firstClaimedAt: Date | null;
  /** The round's decision (an officer's, or the deemed approval at the limit); a supplement request is one too. */
  decidedAt: Date | null;
  outcome: DecisionOutcome | null;
  basis: DecisionBasis | null;
  /** When the applicant answered the supplement request this round ended with. */
  answeredAt: Date | null;
  cancelledAt: Date | null;
  /** The whole life of the round, in order, without gaps. */
  spans: RoundSpan[];
  /** Due dates as they were set: at creation, and again at each resume (a stopped clock restarts). */
  dueDates: { at: Date; dueAt: Date }[];
  breachedAt: Date | null;
  deemedApproved: boolean;
  cards: { level: 'warning' | 'yellow' | 'red'; at: Date }[];
  urgedAt: Date[];
  reassignedAt: Date[];
  releasedAt: Date[];
}

/** A span of time both as elapsed and as working time of the clock. */
export interface TimeAmount {
  elapsedMs: number;
  workingMs: number;
}

/** The four-way split of a round's time as of an instant. */
export interface RoundTimes {
  queue: TimeAmount;
  handling: TimeAmount;
  applicant: TimeAmount;
  paused: TimeAmount;
}

const CARD_LEVEL = { warning: 'warning', yellow_card: 'yellow', red_card: 'red' } as const;
const CASE_CLOSING_KINDS: readonly ApplicationEventKind[] = ['withdrawn', 'terminated', 'approved', 'rejected'];

function instant(value: Date | string): Date {
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) throw new RangeError(`event time ${String(value)} is not a valid instant`);
  return at;
}

function dataString(event: ReportEvent, field: string): string | undefined {
  const value = event.data?.[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The rounds of one case, replayed from its event log.
 *
 * How the log moves a round between the four kinds of time:
 * - `task_created` opens it in the queue; `claimed` (and `reassigned` of an unclaimed task, which
 *   hands it to an officer) moves it to handling; `released`, and `reviewed` (one of several
 *   reviewers approved, the task goes back to the queue unclaimed), move it back to the queue;
 *   `reassigned` of a held or paused task only changes hands.
 * - Queue time is ALL the time the task spends unclaimed, not only until the first claim: a
 *   released task is waiting in the department's queue again, and counting it as handling would
 *   blame an officer who gave it back. So queue + handling + paused is exactly created → decided.
 *   (`firstClaimedAt` keeps the first claim for whoever wants "created → first claimed".)
 * - `paused` → paused time until `resumed`; it is not handling time.
 * - `decided` ends the department's part. With `request_supplement` the round then waits on the
 *   applicant until `supplement_answered` (an application-level event naming the steps in
 *   `data.steps`); the next round is a new task.
 * - `step_cancelled`, or the case closing, ends whatever the round was doing.
 * - `clock_stopped`/`clock_resumed` are the overall limit's clock, not a round's: ignored here.
 * - A step's `breached`, `deemed_approved`, cards, `urged` are kept on the round they name.
 * - Approval on pledge (告知承诺) writes `task_created` and `decided` (basis `pledge`) at the same
 *   instant: a finish (throughput) with zero queue and handling time, by decision.
 * - A pledge's post-check is not route work: its events (`post_check_*`, and the claims and
 *   releases of its task) carry no round, so no round is made of them and none is moved by them.
 */
export function caseRounds(reportCase: ReportCase): RoundRecord[] {
  const departmentOf = new Map(reportCase.steps.map((step) => [step.key, step.departmentCode]));
  const rounds = new Map<string, RoundRecord>();
  const ordered: RoundRecord[] = [];
  const keyOf = (stepKey: string, round: number) => `${stepKey}#${round}`;
  const current = (round: RoundRecord): RoundSpan | undefined => {
    const last = round.spans[round.spans.length - 1];
    return last && last.to === null ? last : undefined;
  };
  const moveTo = (round: RoundRecord, kind: SpanKind | null, at: Date): void => {
    const open = current(round);
    if (open) open.to = at;
    if (kind) round.spans.push({ kind, from: at, to: null });
  };

  for (const event of reportCase.events) {
    const at = instant(event.at);
    if (event.kind === 'supplement_answered') {
      const answered = Array.isArray(event.data?.steps) ? (event.data.steps as unknown[]) : [];
      for (const round of ordered) {
        if (answered.includes(round.stepKey) && current(round)?.kind === 'applicant') {
          moveTo(round, null, at);
          round.answeredAt = at;
        }
      }
      continue;
    }
    if (CASE_CLOSING_KINDS.includes(event.kind)) {
      // Open tasks are cancelled (with their own events) before the case closes; this only makes
      // sure no round of a closed case keeps accruing time if one was missed.
      for (const round of ordered) {
        if (current(round)) {
          moveTo(round, null, at);
          round.cancelledAt ??= at;
        }
      }
      continue;
    }
    if (!event.stepKey || event.round === undefined || event.round === null) continue;
    if (event.kind === 'task_created') {
      if (rounds.has(keyOf(event.stepKey, event.round))) continue;
      const dueAt = dataString(event, 'dueAt');
      const round: RoundRecord = {
        applicationId: reportCase.applicationId,
        serviceCode: reportCase.serviceCode,
        stepKey: event.stepKey,
        departmentCode: departmentOf.get(event.stepKey) ?? dataString(event, 'departmentCode') ?? '',
        round: event.round,
        createdAt: at,
        firstClaimedAt: null,
        decidedAt: null,
        outcome: null,
        basis: null,
        answeredAt: null,
        cancelledAt: null,
        spans: [{ kind: 'queue', from: at, to: null }],
        dueDates: dueAt ? [{ at, dueAt: instant(dueAt) }] : [],
        breachedAt: null,
        deemedApproved: false,
        cards: [],
        urgedAt: [],
        reassignedAt: [],
        releasedAt: [],
      };
      rounds.set(keyOf(event.stepKey, event.round), round);
      ordered.push(round);
      continue;
    }
    const round = rounds.get(keyOf(event.stepKey, event.round));
    if (!round) continue;
    const now = current(round)?.kind;
    switch (event.kind) {
      case 'claimed':
        if (now === 'queue') moveTo(round, 'handling', at);
        round.firstClaimedAt ??= at;
        break;
      case 'reassigned':
        round.reassignedAt.push(at);
        if (now === 'queue') moveTo(round, 'handling', at);
        round.firstClaimedAt ??= at;
        break;
      case 'released':
        round.releasedAt.push(at);
        if (now === 'handling') moveTo(round, 'queue', at);
        break;
      case 'reviewed':
        if (now === 'handling') moveTo(round, 'queue', at);
        break;
      case 'paused':
        if (now === 'handling' || now === 'queue') moveTo(round, 'paused', at);
        break;
      case 'resumed': {
        // The task comes back to its holder; a paused task always has one (pausing needs a claim).
        if (now === 'paused') moveTo(round, 'handling', at);
        const dueAt = dataString(event, 'dueAt');
        if (dueAt) round.dueDates.push({ at, dueAt: instant(dueAt) });
        break;
      }
      case 'decided': {
        if (round.decidedAt) break;
        const outcome = dataString(event, 'outcome') as DecisionOutcome | undefined;
        round.decidedAt = at;
        round.outcome = outcome ?? null;
        round.basis = (dataString(event, 'basis') as DecisionBasis | undefined) ?? 'decision';
        moveTo(round, outcome === 'request_supplement' ? 'applicant' : null, at);
        break;
      }
      case 'step_cancelled':
        if (current(round)) moveTo(round, null, at);
        round.cancelledAt ??= at;
        break;
      case 'breached':
        round.breachedAt ??= at;
        break;
      case 'deemed_approved':
        round.deemedApproved = true;
        break;
      case 'warning':
      case 'yellow_card':
      case 'red_card':
        round.cards.push({ level: CARD_LEVEL[event.kind], at });
        break;
      case 'urged':
        round.urgedAt.push(at);
        break;
      default:
        break;
    }
  }
  return ordered;
}

/** Milliseconds of `span` that fall before `asOf`, elapsed and working. */
function spanAmount(span: RoundSpan, clock: WorkingClock, asOf: Date): TimeAmount {
  const end = span.to === null || span.to.getTime() > asOf.getTime() ? asOf : span.to;
  if (end.getTime() <= span.from.getTime()) return { elapsedMs: 0, workingMs: 0 };
  return { elapsedMs: end.getTime() - span.from.getTime(), workingMs: clock.workingTimeBetween(span.from, end) };
}

/**
 * The four-way split of a round's time as known at `asOf`: spans still open (or ending later) count
 * up to `asOf`, so a report "as of the end of its window" gives the same figures whenever it is run.
 */
export function roundTimes(round: RoundRecord, clock: WorkingClock, asOf: Date): RoundTimes {
  const times: RoundTimes = {
    queue: { elapsedMs: 0, workingMs: 0 },
    handling: { elapsedMs: 0, workingMs: 0 },
    applicant: { elapsedMs: 0, workingMs: 0 },
    paused: { elapsedMs: 0, workingMs: 0 },
  };
  for (const span of round.spans) {
    const amount = spanAmount(span, clock, asOf);
    times[span.kind].elapsedMs += amount.elapsedMs;
    times[span.kind].workingMs += amount.workingMs;
  }
  return times;
}

/** The kind of time the round was in at `at`, or null when it had not started or was over. */
export function roundStateAt(round: RoundRecord, at: Date): SpanKind | null {
  const t = at.getTime();
  const span = round.spans.find((s) => s.from.getTime() <= t && (s.to === null || t < s.to.getTime()));
  return span?.kind ?? null;
}

/** Open in the department at `at` (queued, held or paused): work in progress. */
export function isWorkInProgress(round: RoundRecord, at: Date): boolean {
  const state = roundStateAt(round, at);
  return state === 'queue' || state === 'handling' || state === 'paused';
}

/** The due date in force at `at` (the last one set at or before it). */
export function dueAtAsOf(round: RoundRecord, at: Date): Date | null {
  let due: Date | null = null;
  for (const entry of round.dueDates) if (entry.at.getTime() <= at.getTime()) due = entry.dueAt;
  return due;
}

/**
 * Overdue at `at`: the department holds it with its clock running (queued or held, not paused:
 * a paused clock is stopped) and the due date in force has passed.
 */
export function isOverdueAt(round: RoundRecord, at: Date): boolean {
  const state = roundStateAt(round, at);
  if (state !== 'queue' && state !== 'handling') return false;
  const due = dueAtAsOf(round, at);
  return due !== null && due.getTime() < at.getTime();
}
