import {
  ApplicationErrorCode,
  defaultStepConfig,
  type DecisionRequest,
  type PauseRequest,
  type ResumeRequest,
} from '../../libs/domain';
import type { StepState } from '../../workflows/step-state';
import {
  refuseDecision,
  refusePause,
  refuseResume,
  refuseSupplement,
  refuseUrge,
  refuseWithdrawal,
  type CaseState,
} from '../../workflows/update.rules';

const open: CaseState = { status: 'in_progress', closed: false, withdrawing: false };
const step = (overrides: Partial<StepState> = {}): StepState => ({
  definition: { key: 'licence', departmentCode: 'market', after: [], config: defaultStepConfig() },
  key: 'licence',
  departmentCode: 'market',
  status: 'active',
  round: 2,
  reviewers: [],
  pauses: 0,
  ...overrides,
});
const decision = (overrides: Partial<DecisionRequest> = {}): DecisionRequest => ({
  stepKey: 'licence',
  round: 2,
  outcome: 'approve',
  opinion: 'ok',
  actor: { userId: 'u1', username: 'staff.market' },
  ...overrides,
});
const codeOf = (refusal: { code: ApplicationErrorCode } | undefined) => refusal?.code;

describe('refuseDecision', () => {
  test('accepts a decision for the current round of an active step', () => {
    expect(refuseDecision(step(), decision(), open)).toBeUndefined();
  });

  test('an unknown step is STEP_NOT_FOUND', () => {
    expect(codeOf(refuseDecision(undefined, decision({ stepKey: 'x' }), open))).toBe(ApplicationErrorCode.StepNotFound);
  });

  test('a closed or withdrawing application is APPLICATION_CLOSED, before anything about the step', () => {
    const closed = refuseDecision(step(), decision(), { status: 'approved', closed: true, withdrawing: false });
    expect(closed).toEqual({ code: ApplicationErrorCode.ApplicationClosed, message: 'the application is approved' });
    const withdrawing = refuseDecision(step(), decision(), { ...open, withdrawing: true });
    expect(codeOf(withdrawing)).toBe(ApplicationErrorCode.ApplicationClosed);
  });

  test('an earlier round is STALE_ROUND and says which round is current', () => {
    expect(refuseDecision(step(), decision({ round: 1 }), open)).toEqual({
      code: ApplicationErrorCode.StaleRound,
      message: 'round 1 of step "licence" is over; the current round is 2',
    });
  });

  test('a round already decided, or a decision still being stored, is ALREADY_DECIDED', () => {
    expect(codeOf(refuseDecision(step({ decidedRound: 2 }), decision(), open))).toBe(
      ApplicationErrorCode.AlreadyDecided,
    );
    expect(codeOf(refuseDecision(step({ deciding: true }), decision(), open))).toBe(
      ApplicationErrorCode.AlreadyDecided,
    );
  });

  test('a step that is not active, or a future round, is STEP_NOT_ACTIVE', () => {
    expect(codeOf(refuseDecision(step({ status: 'waiting', round: 0 }), decision({ round: 0 }), open))).toBe(
      ApplicationErrorCode.StepNotActive,
    );
    expect(codeOf(refuseDecision(step(), decision({ round: 3 }), open))).toBe(ApplicationErrorCode.StepNotActive);
  });

  test('the same officer approving twice is ALREADY_REVIEWED, but may still reject', () => {
    const reviewed = step({ reviewers: [{ userId: 'u1', username: 'staff.market' }] });
    expect(codeOf(refuseDecision(reviewed, decision(), open))).toBe(ApplicationErrorCode.AlreadyReviewed);
    expect(refuseDecision(reviewed, decision({ outcome: 'reject' }), open)).toBeUndefined();
    expect(refuseDecision(reviewed, decision({ actor: { userId: 'u2', username: 'other' } }), open)).toBeUndefined();
  });
});

describe('refuseSupplement and refuseWithdrawal', () => {
  test('a supplement is accepted only while a step waits on the applicant', () => {
    expect(refuseSupplement([step({ status: 'awaiting_applicant' })], open)).toBeUndefined();
    expect(codeOf(refuseSupplement([step()], open))).toBe(ApplicationErrorCode.NotAwaitingApplicant);
  });

  test('neither is accepted once the application is closed', () => {
    const closed: CaseState = { status: 'withdrawn', closed: true, withdrawing: false };
    expect(codeOf(refuseSupplement([step({ status: 'awaiting_applicant' })], closed))).toBe(
      ApplicationErrorCode.ApplicationClosed,
    );
    expect(codeOf(refuseWithdrawal(closed))).toBe(ApplicationErrorCode.ApplicationClosed);
    expect(refuseWithdrawal(open)).toBeUndefined();
  });
});

describe('pause, resume and urge', () => {
  const clocked: CaseState = { ...open, clocks: true };
  const pause = (overrides: Partial<PauseRequest> = {}): PauseRequest => ({
    stepKey: 'licence',
    round: 2,
    reason: 'inspection',
    opinion: '现场核查',
    actor: { userId: 'u1', username: 'staff.market' },
    ...overrides,
  });
  const paused = { reason: 'inspection' as const, since: '2026-12-01T02:00:00.000Z' };

  test('a decision on a paused step is STEP_PAUSED: it must be resumed first', () => {
    expect(codeOf(refuseDecision(step({ pause: paused }), decision(), clocked))).toBe(ApplicationErrorCode.StepPaused);
  });

  test('an active, undecided step of the current round can be paused, once', () => {
    expect(refusePause(step(), pause(), clocked)).toBeUndefined();
    expect(codeOf(refusePause(step({ pause: paused }), pause(), clocked))).toBe(ApplicationErrorCode.StepPaused);
    expect(codeOf(refusePause(step({ decidedRound: 2 }), pause(), clocked))).toBe(ApplicationErrorCode.AlreadyDecided);
    expect(codeOf(refusePause(step(), pause({ round: 1 }), clocked))).toBe(ApplicationErrorCode.StaleRound);
    expect(codeOf(refusePause(step({ status: 'awaiting_applicant' }), pause(), clocked))).toBe(
      ApplicationErrorCode.StepNotActive,
    );
  });

  test('a case filed before clock stops existed cannot be paused or urged', () => {
    expect(codeOf(refusePause(step(), pause(), open))).toBe(ApplicationErrorCode.NotSupportedForCase);
    expect(codeOf(refuseUrge(step(), 'licence', open))).toBe(ApplicationErrorCode.NotSupportedForCase);
  });

  test('only a paused step resumes, and a resume being stored is not repeated', () => {
    const resume: ResumeRequest = { stepKey: 'licence', round: 2, actor: { userId: 'u1', username: 'staff.market' } };
    expect(refuseResume(step({ pause: paused }), resume, clocked)).toBeUndefined();
    expect(codeOf(refuseResume(step(), resume, clocked))).toBe(ApplicationErrorCode.StepNotPaused);
    expect(codeOf(refuseResume(step({ pause: paused, resuming: true }), resume, clocked))).toBe(
      ApplicationErrorCode.StepNotPaused,
    );
  });

  test('urging needs the step in its department’s hands (paused counts); waiting on the applicant or decided is STEP_NOT_OPEN', () => {
    expect(refuseUrge(step(), 'licence', clocked)).toBeUndefined();
    expect(refuseUrge(step({ pause: paused }), 'licence', clocked)).toBeUndefined();
    expect(refuseUrge(step({ status: 'awaiting_applicant' }), 'licence', clocked)).toEqual({
      code: ApplicationErrorCode.StepNotOpen,
      message: 'step "licence" cannot be urged: it is waiting on the applicant, not on the department',
    });
    expect(codeOf(refuseUrge(step({ status: 'approved' }), 'licence', clocked))).toBe(ApplicationErrorCode.StepNotOpen);
    expect(codeOf(refuseUrge(undefined, 'nope', clocked))).toBe(ApplicationErrorCode.StepNotFound);
    expect(codeOf(refuseUrge(step(), 'licence', { ...clocked, closed: true, status: 'approved' }))).toBe(
      ApplicationErrorCode.ApplicationClosed,
    );
  });
});
