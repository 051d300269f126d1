import { deriveApplicationStatus } from '../../libs/domain/application/application-status';
import type { StepStatus } from '../../libs/domain/application/application.types';

describe('deriveApplicationStatus', () => {
  test('every step approved approves the application', () => {
    expect(deriveApplicationStatus(['approved', 'approved', 'approved'])).toBe('approved');
  });

  test('a single approved step approves a one-step route', () => {
    expect(deriveApplicationStatus(['approved'])).toBe('approved');
  });

  test('one rejection rejects the application, whatever the other steps are doing', () => {
    expect(deriveApplicationStatus(['approved', 'rejected', 'cancelled'])).toBe('rejected');
    expect(deriveApplicationStatus(['active', 'rejected', 'awaiting_applicant'])).toBe('rejected');
    expect(deriveApplicationStatus(['waiting', 'rejected'])).toBe('rejected');
  });

  test('a step waiting on the enterprise makes the application wait on the enterprise', () => {
    expect(deriveApplicationStatus(['active', 'awaiting_applicant', 'waiting'])).toBe('awaiting_applicant');
    expect(deriveApplicationStatus(['approved', 'awaiting_applicant'])).toBe('awaiting_applicant');
  });

  test('open steps keep the application in progress', () => {
    expect(deriveApplicationStatus(['active', 'active', 'waiting'])).toBe('in_progress');
    expect(deriveApplicationStatus(['approved', 'approved', 'active'])).toBe('in_progress');
    expect(deriveApplicationStatus(['approved', 'waiting'])).toBe('in_progress');
  });

  test('a route with no steps yet is in progress, not vacuously approved', () => {
    expect(deriveApplicationStatus([])).toBe('in_progress');
  });

  test('the order of the steps does not matter', () => {
    const steps: StepStatus[] = ['approved', 'awaiting_applicant', 'active', 'rejected'];
    const results = new Set(
      [steps, [...steps].reverse(), [steps[3], steps[0], steps[2], steps[1]]].map(deriveApplicationStatus),
    );
    expect([...results]).toEqual(['rejected']);
  });

  test('withdrawal and termination are never derived from steps (they are set explicitly)', () => {
    const every: StepStatus[] = ['waiting', 'active', 'awaiting_applicant', 'approved', 'rejected', 'cancelled'];
    const derived = new Set<string>();
    for (const a of every) for (const b of every) derived.add(deriveApplicationStatus([a, b]));
    expect(derived.has('withdrawn')).toBe(false);
    expect(derived.has('terminated')).toBe(false);
  });
});
