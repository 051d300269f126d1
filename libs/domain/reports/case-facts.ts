import type { WorkingClock } from '../calendar/working-clock';
import { caseStageFinishes, parallelStageGroups } from './critical-path';
import { caseRounds, type ReportCase, type SpanKind } from './round-metrics';

/**
 * A case's figures in the shape the report roll-ups store: everything about a round that does not
 * depend on the report's window, so a report adds rows up instead of replaying logs. What does
 * depend on the window is kept as instants (when the round was open, paused, due) for the query.
 */
export interface RoundFact {
  applicationId: string;
  stepKey: string;
  round: number;
  serviceCode: string;
  departmentCode: string;
  createdAt: Date;
  /** The department's part ended: decided, or cancelled. Null while the round is open. */
  endedAt: Date | null;
  decidedAt: Date | null;
  outcome: string | null;
  deemed: boolean;
  breached: boolean;
  /** Elapsed and working ms of the closed spans of each kind (final once decided). */
  queue: { ms: number; wms: number };
  handling: { ms: number; wms: number };
  paused: { ms: number; wms: number };
  /** The supplement wait after a request: its end and amount once over; null while it lasts or when none. */
  applicantUntil: Date | null;
  applicant: { ms: number; wms: number } | null;
  /** Paused stretches [from, to), `to` null while paused: whether the clock ran at an instant. */
  pauses: { from: Date; to: Date | null }[];
  /** The due dates in force from each instant on. */
  dueDates: { at: Date; dueAt: Date }[];
}

export type MarkKind = 'warning' | 'yellow' | 'red' | 'urge' | 'reassign';

export interface MarkFact {
  applicationId: string;
  stepKey: string;
  round: number;
  serviceCode: string;
  departmentCode: string;
  kind: MarkKind;
  at: Date;
}

/** One department's part in one finished parallel stage of a case. */
export interface StageMemberFact {
  applicationId: string;
  /** The stage, named by its steps (sorted, joined): stable across refreshes. */
  stage: string;
  departmentCode: string;
  serviceCode: string;
  finishedAt: Date;
  isLast: boolean;
  addedMs: number;
  addedWms: number;
}

export interface CaseFacts {
  rounds: RoundFact[];
  marks: MarkFact[];
  stageMembers: StageMemberFact[];
}

/** The name a stage is stored under: its steps, sorted, so it does not change with the order they decided in. */
export function stageName(stepKeys: readonly string[]): string {
  return [...stepKeys].sort().join('+').slice(0, 64);
}

/** The roll-up rows of one case, from its event log (the same replay the in-memory report uses). */
export function caseFacts(reportCase: ReportCase, clock: WorkingClock): CaseFacts {
  const rounds: RoundFact[] = [];
  const marks: MarkFact[] = [];
  for (const round of caseRounds(reportCase)) {
    const closed = (kind: SpanKind) => {
      let ms = 0;
      let wms = 0;
      for (const span of round.spans) {
        if (span.kind !== kind || span.to === null) continue;
        ms += span.to.getTime() - span.from.getTime();
        wms += clock.workingTimeBetween(span.from, span.to);
      }
      return { ms, wms };
    };
    const applicantSpan = round.spans.find((span) => span.kind === 'applicant');
    const key = {
      applicationId: round.applicationId,
      stepKey: round.stepKey,
      round: round.round,
      serviceCode: round.serviceCode,
      departmentCode: round.departmentCode,
    };
    rounds.push({
      ...key,
      createdAt: round.createdAt,
      endedAt: round.decidedAt ?? round.cancelledAt,
      decidedAt: round.decidedAt,
      outcome: round.outcome,
      deemed: round.deemedApproved,
      breached: round.breachedAt !== null,
      queue: closed('queue'),
      handling: closed('handling'),
      paused: closed('paused'),
      applicantUntil: applicantSpan?.to ?? null,
      applicant: applicantSpan ? (applicantSpan.to === null ? null : closed('applicant')) : { ms: 0, wms: 0 },
      pauses: round.spans.filter((span) => span.kind === 'paused').map(({ from, to }) => ({ from, to })),
      dueDates: round.dueDates,
    });
    for (const card of round.cards) marks.push({ ...key, kind: card.level, at: card.at });
    for (const at of round.urgedAt) marks.push({ ...key, kind: 'urge', at });
    for (const at of round.reassignedAt) marks.push({ ...key, kind: 'reassign', at });
  }
  const stageMembers: StageMemberFact[] = [];
  const groups = parallelStageGroups(reportCase.steps);
  for (const finish of caseStageFinishes(reportCase, clock)) {
    const group = groups.find((steps) => finish.stepKeys.every((key) => steps.includes(key))) ?? finish.stepKeys;
    for (const departmentCode of finish.departmentCodes) {
      const isLast = departmentCode === finish.lastDepartmentCode;
      stageMembers.push({
        applicationId: finish.applicationId,
        stage: stageName(group),
        departmentCode,
        serviceCode: finish.serviceCode,
        finishedAt: finish.finishedAt,
        isLast,
        addedMs: isLast ? finish.added.elapsedMs : 0,
        addedWms: isLast ? finish.added.workingMs : 0,
      });
    }
  }
  return { rounds, marks, stageMembers };
}
