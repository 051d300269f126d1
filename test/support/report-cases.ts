import {
  calendarClock,
  calendarFromDays,
  type ApplicationEventKind,
  type ReportCase,
  type ReportEvent,
  type RouteStep,
} from '../../libs/domain';

/** Two hand-worked cases for the report metrics: the unit tests check them figure by figure, the roll-up test stores them. */
export const HOUR = 3600 * 1000;
/** Monday 2 March 2026, 00:00 in Shanghai; T(h) is h hours later. Saturday 7 March starts at T(120). */
export const MONDAY = new Date('2026-03-02T00:00:00+08:00').getTime();
export const T = (hours: number): Date => new Date(MONDAY + hours * HOUR);
/** Weekdays work, weekends do not (no holidays in March 2026). */
export const clock = calendarClock(calendarFromDays([]));

export const ev = (
  kind: ApplicationEventKind,
  hours: number,
  stepKey?: string,
  round?: number,
  data: Record<string, unknown> = {},
): ReportEvent => ({
  // As the HTTP body gives it: an ISO string.
  at: T(hours).toISOString(),
  kind,
  ...(stepKey ? { stepKey, round } : {}),
  data,
});

/** Restaurant opening: market first, then fire and environment in parallel, then the sign-off. */
export const route: RouteStep[] = [
  { key: 'market', departmentCode: 'MKT', after: [] },
  { key: 'fire', departmentCode: 'FIRE', after: ['market'] },
  { key: 'env', departmentCode: 'ENV', after: ['market'] },
  { key: 'sign', departmentCode: 'ADMIN', after: ['env', 'fire'] },
];

/**
 * Case A, hour by hour:
 * market r1: created 0, claimed 2, released 3, claimed 5, reassigned (held) 6, approved 8
 *   → queue 2+2 = 4 h, handling 1+3 = 4 h, one release, one reassignment.
 * fire r1: created 8 (due 56), claimed 10, paused 12, resumed 20 (due 64), supplement requested 22,
 *   answered 30 → queue 2, handling 2+2 = 4, paused 8, applicant 8.
 * fire r2: created 30 (due 72), urged 40, warning 48, claimed 50, breached + yellow card 72,
 *   approved 130 (Saturday 10:00) → queue 20, handling 80 elapsed of which 70 working (Saturday is not).
 * env r1: created 8 (due 32), never claimed, deemed approved at 32 with its breach → queue 24.
 * The parallel stage {fire, env}: env finished at 32, fire at 130 → FIRE last, 98 h added, 88 working.
 * sign r1: created 130 (Saturday), claimed 170 (Monday 02:00), approved 172 → queue 40 h elapsed
 *   but 2 working; handling 2.
 */
export const caseA: ReportCase = {
  applicationId: 'case-a',
  serviceCode: 'restaurant',
  steps: route,
  events: [
    ev('filed', 0),
    ev('step_started', 0, 'market', 1),
    ev('task_created', 0, 'market', 1, { dueAt: T(72).toISOString() }),
    ev('claimed', 2, 'market', 1),
    ev('released', 3, 'market', 1),
    ev('claimed', 5, 'market', 1),
    ev('reassigned', 6, 'market', 1, { from: 'bob', to: 'carol' }),
    ev('decided', 8, 'market', 1, { outcome: 'approve', basis: 'decision' }),
    ev('step_started', 8, 'fire', 1),
    ev('task_created', 8, 'fire', 1, { dueAt: T(56).toISOString() }),
    ev('step_started', 8, 'env', 1),
    ev('task_created', 8, 'env', 1, { dueAt: T(32).toISOString() }),
    ev('claimed', 10, 'fire', 1),
    ev('paused', 12, 'fire', 1, { reason: 'inspection' }),
    ev('resumed', 20, 'fire', 1, { dueAt: T(64).toISOString() }),
    ev('decided', 22, 'fire', 1, { outcome: 'request_supplement', basis: 'decision' }),
    ev('supplement_requested', 22, 'fire', 1),
    ev('clock_stopped', 22),
    ev('supplement_answered', 30, undefined, undefined, { steps: ['fire'] }),
    ev('clock_resumed', 30),
    ev('task_created', 30, 'fire', 2, { dueAt: T(72).toISOString() }),
    ev('breached', 32, 'env', 1),
    ev('deemed_approved', 32, 'env', 1),
    ev('decided', 32, 'env', 1, { outcome: 'approve', basis: 'deemed' }),
    ev('urged', 40, 'fire', 2, { message: 'please' }),
    ev('warning', 48, 'fire', 2),
    ev('claimed', 50, 'fire', 2),
    ev('breached', 72, 'fire', 2),
    ev('yellow_card', 72, 'fire', 2),
    ev('decided', 130, 'fire', 2, { outcome: 'approve', basis: 'decision' }),
    ev('step_started', 130, 'sign', 1),
    ev('task_created', 130, 'sign', 1, { dueAt: T(200).toISOString() }),
    ev('claimed', 170, 'sign', 1),
    ev('decided', 172, 'sign', 1, { outcome: 'approve', basis: 'decision' }),
    ev('approved', 172),
  ],
};

/**
 * Case B, quick except for the environment: market 0→1→2, fire 2→3→4, env 2→3→10, sign 10→11→12.
 * The stage {fire, env}: env finished last, 6 h after fire.
 */
export const caseB: ReportCase = {
  applicationId: 'case-b',
  serviceCode: 'restaurant',
  steps: route,
  events: [
    ev('task_created', 0, 'market', 1),
    ev('claimed', 1, 'market', 1),
    ev('decided', 2, 'market', 1, { outcome: 'approve' }),
    ev('task_created', 2, 'fire', 1),
    ev('task_created', 2, 'env', 1),
    ev('claimed', 3, 'fire', 1),
    ev('claimed', 3, 'env', 1),
    ev('decided', 4, 'fire', 1, { outcome: 'approve' }),
    ev('decided', 10, 'env', 1, { outcome: 'approve' }),
    ev('task_created', 10, 'sign', 1),
    ev('claimed', 11, 'sign', 1),
    ev('decided', 12, 'sign', 1, { outcome: 'approve' }),
    ev('approved', 12),
  ],
};
