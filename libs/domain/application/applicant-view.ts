import type { ApplicationEventKind, EventActor } from './application-events';
import type { PauseReason } from './application.types';

/**
 * What the enterprise sees of its own case. It follows each department's step (who holds it, its
 * clock, its decision) but never learns which officer handles it, and does not read the
 * government's internal supervision (warnings, cards, urges) or hand-overs inside a department.
 */

/** Kinds that stay inside government: hand-overs between officers and the supervision ladder. */
export const APPLICANT_HIDDEN_EVENT_KINDS: readonly ApplicationEventKind[] = [
  'claimed',
  'released',
  'reassigned',
  'warning',
  'yellow_card',
  'red_card',
  'urged',
];

/** An event's actor as the enterprise may see it: the enterprise's own users by name, staff by department. */
export interface ApplicantVisibleActor {
  id: string | null;
  username: string | null;
  role: string | null;
  departmentCode: string | null;
}

/** Event data keys that carry an officer's username. */
const OFFICER_NAME_KEYS = ['decidedBy', 'by', 'from', 'to', 'reviewer', 'assignee', 'username'];

interface LoggedEvent {
  kind: ApplicationEventKind;
  actor: EventActor | null;
  data: Record<string, unknown>;
}

/** The event as the enterprise reads it, or null when it is internal to government. */
export function eventForApplicant<E extends LoggedEvent>(
  event: E,
): (Omit<E, 'actor'> & { actor: ApplicantVisibleActor | null }) | null {
  if (APPLICANT_HIDDEN_EVENT_KINDS.includes(event.kind)) return null;
  const data = Object.fromEntries(Object.entries(event.data).filter(([key]) => !OFFICER_NAME_KEYS.includes(key)));
  return { ...event, actor: actorForApplicant(event.actor), data };
}

function actorForApplicant(actor: EventActor | null): ApplicantVisibleActor | null {
  if (actor === null || actor.role === 'applicant') return actor;
  return { id: null, username: null, role: actor.role, departmentCode: actor.departmentCode };
}

/** Why a step's clock stood still: the case waited on the applicant, or the step was paused. */
export type ClockStopReason = 'applicant' | PauseReason;

/** One period during which a step's clock stood still; `to` is null while it still does. */
export interface ClockStop {
  reason: ClockStopReason;
  from: Date;
  to: Date | null;
}

interface StepEvent {
  kind: ApplicationEventKind;
  stepKey: string | null;
  at: Date;
  data: Record<string, unknown>;
}

/** Kinds after which a step's clock will not run again. */
const STEP_ENDING_KINDS: readonly ApplicationEventKind[] = ['step_cancelled', 'withdrawn', 'terminated', 'rejected'];

/**
 * The periods a step's clock stood still, oldest first, from the case's event log: a supplement
 * request stops it until the step's next round opens (`task_created`); a pause until `resumed`.
 * A stop still open when the step ends (cancelled, the case withdrawn, terminated or rejected)
 * ends there.
 */
export function stepClockStops(events: readonly StepEvent[], stepKey: string): ClockStop[] {
  const stops: ClockStop[] = [];
  let open: ClockStop | undefined;
  const close = (at: Date): void => {
    if (open) open.to = at;
    open = undefined;
  };
  for (const event of events) {
    const ofStep = event.stepKey === stepKey;
    if (ofStep && event.kind === 'supplement_requested' && !open) {
      open = { reason: 'applicant', from: event.at, to: null };
      stops.push(open);
    } else if (ofStep && event.kind === 'paused' && !open) {
      open = { reason: (event.data.reason as PauseReason | undefined) ?? 'other', from: event.at, to: null };
      stops.push(open);
    } else if (ofStep && open?.reason === 'applicant' && event.kind === 'task_created') {
      close(event.at);
    } else if (ofStep && open && open.reason !== 'applicant' && event.kind === 'resumed') {
      close(event.at);
    } else if (STEP_ENDING_KINDS.includes(event.kind) && (event.stepKey === null || ofStep)) {
      close(event.at);
    }
  }
  return stops;
}
