import {
  APPLICANT_HIDDEN_EVENT_KINDS,
  eventForApplicant,
  stepClockStops,
  type ApplicationEventKind,
  type EventActor,
} from '../../libs/domain';

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);
const event = (kind: ApplicationEventKind, time: string, stepKey: string | null = 'fire', data = {}) => ({
  kind,
  stepKey,
  at: at(time),
  data,
});

const officer: EventActor = { id: 'u-1', username: 'staff.fire', role: 'staff', departmentCode: 'FIRE' };
const applicant: EventActor = { id: 'u-2', username: 'applicant1', role: 'applicant', departmentCode: null };

describe('what the enterprise reads of its case log', () => {
  test('an officer is shown by role and department, never by name or id', () => {
    const decided = { ...event('decided', '09:00'), actor: officer, data: { outcome: 'approve', opinion: '同意' } };
    expect(eventForApplicant(decided)).toEqual({
      ...decided,
      actor: { id: null, username: null, role: 'staff', departmentCode: 'FIRE' },
    });
  });

  test('the enterprise’s own users and the system stay as they are', () => {
    const filed = { ...event('filed', '08:00', null), actor: applicant };
    expect(eventForApplicant(filed)?.actor).toEqual(applicant);
    const started = { ...event('step_started', '08:01'), actor: null };
    expect(eventForApplicant(started)?.actor).toBeNull();
  });

  test('hand-overs between officers and internal supervision are not shown', () => {
    for (const kind of ['claimed', 'released', 'reassigned', 'warning', 'yellow_card', 'red_card', 'urged'] as const) {
      expect(APPLICANT_HIDDEN_EVENT_KINDS).toContain(kind);
      expect(eventForApplicant({ ...event(kind, '09:00'), actor: officer })).toBeNull();
    }
  });

  test('data naming an officer loses those keys and keeps the rest', () => {
    const reviewed = {
      ...event('reviewed', '09:00'),
      actor: officer,
      data: { opinion: '同意', reviewer: 'staff.fire', decidedBy: 'staff.fire', approvals: 1 },
    };
    expect(eventForApplicant(reviewed)?.data).toEqual({ opinion: '同意', approvals: 1 });
  });
});

describe('the periods a step’s clock stood still', () => {
  test('a supplement request stops it until the next round opens; a pause until it resumes', () => {
    const events = [
      event('task_created', '08:00'),
      event('supplement_requested', '09:00'),
      event('task_created', '08:30', 'health'),
      event('supplement_answered', '11:00', null),
      event('task_created', '11:05'),
      event('paused', '12:00', 'fire', { reason: 'inspection' }),
      event('resumed', '14:00', 'fire', { reason: 'inspection' }),
      event('paused', '15:00', 'fire', { reason: 'expert_review' }),
    ];
    expect(stepClockStops(events, 'fire')).toEqual([
      { reason: 'applicant', from: at('09:00'), to: at('11:05') },
      { reason: 'inspection', from: at('12:00'), to: at('14:00') },
      { reason: 'expert_review', from: at('15:00'), to: null },
    ]);
    expect(stepClockStops(events, 'health')).toEqual([]);
  });

  test('a stop still open when the case closes ends there', () => {
    const events = [
      event('supplement_requested', '09:00'),
      event('withdrawn', '10:00', null),
      event('task_created', '11:00'),
    ];
    expect(stepClockStops(events, 'fire')).toEqual([{ reason: 'applicant', from: at('09:00'), to: at('10:00') }]);
  });

  test('another step’s resume or new round does not end this step’s stop', () => {
    const events = [
      event('paused', '09:00', 'fire', { reason: 'testing' }),
      event('resumed', '10:00', 'health'),
      event('task_created', '10:30', 'health'),
      event('step_cancelled', '11:00', 'health'),
    ];
    expect(stepClockStops(events, 'fire')).toEqual([{ reason: 'testing', from: at('09:00'), to: null }]);
  });
});
