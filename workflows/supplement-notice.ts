import {
  ApplicationErrorCode,
  supplementItemProblems,
  supplementPolicyOf,
  type DecisionRequest,
  type NoticeItem,
  type SupplementItem,
  type SupplementRequest,
} from '../libs/domain';
import type { StepState } from './step-state';
import type { CaseState, Refusal } from './update.rules';

/**
 * The collection behind the consolidated supplement notice (一次性告知), as pure state the route
 * interpreter keeps. A step's supplement request is held until every step its department's peers
 * hold has decided or asked, or until the earliest held request's collection window ends; then ONE
 * notice lists every held item. One notice is open at a time: a request made while the enterprise
 * has a notice to answer is held for the next notice, issued once that one is answered.
 */

/** A supplement request waiting for the notice. */
export interface HeldRequest {
  stepKey: string;
  round: number;
  departmentCode: string;
  items: SupplementItem[];
  /** When the request's window ends and the notice goes out whoever is still deciding. */
  collectUntil: string;
}

export interface IssuedNotice {
  id: string;
  number: number;
  steps: { stepKey: string; round: number }[];
  items: NoticeItem[];
}

export interface NoticeCollection {
  held: HeldRequest[];
  /** Being written by the activity: its id is known, so an answer arriving now can wait for it. */
  issuing?: IssuedNotice;
  /** Issued and not yet answered. */
  open?: IssuedNotice;
  /** The open notice's answer is being stored; a second answer is refused. */
  answering: boolean;
  answered: string[];
  issued: number;
}

export function newNoticeCollection(): NoticeCollection {
  return { held: [], answering: false, answered: [], issued: 0 };
}

/** When the notice must go out at the latest: the earliest window end among held requests. */
export function collectDeadline(collection: NoticeCollection): string | undefined {
  return collection.held.map((h) => h.collectUntil).sort()[0];
}

/** Every held request as one notice; the held list is emptied by the caller once it is stored. */
export function noticeOfHeld(id: string, number: number, held: readonly HeldRequest[]): IssuedNotice {
  return {
    id,
    number,
    steps: held.map((h) => ({ stepKey: h.stepKey, round: h.round })),
    items: held.flatMap((h) =>
      h.items.map((item) => ({ stepKey: h.stepKey, departmentCode: h.departmentCode, ...item })),
    ),
  };
}

/** Supplement requests the step has made on this case so far (held, on a notice, answered). */
export function supplementRoundsOf(step: StepState): number {
  return step.supplementRounds ?? 0;
}

/**
 * A supplement request must list valid items of the step, and stay within the step's rounds cap:
 * past it the step must approve or reject.
 */
export function refuseSupplementAsk(step: StepState, request: DecisionRequest): Refusal | undefined {
  if (request.outcome !== 'request_supplement') return undefined;
  const problems = supplementItemProblems({ key: step.key, config: step.definition.config }, request.items);
  if (problems.length > 0) {
    return {
      code: ApplicationErrorCode.SupplementItemsInvalid,
      message: problems.map((p) => `${p.path}: ${p.message}`).join('; '),
    };
  }
  const { maxRounds } = supplementPolicyOf(step.definition.config);
  if (supplementRoundsOf(step) >= maxRounds) {
    return {
      code: ApplicationErrorCode.SupplementRoundsExhausted,
      message: `step "${step.key}" has asked for a supplement ${supplementRoundsOf(step)} time(s), its cap (supplement.maxRounds = ${maxRounds}); it must approve or reject`,
    };
  }
  return undefined;
}

/** The enterprise answers the open notice (named, or the open one when unnamed), once. */
export function refuseNoticeAnswer(
  collection: NoticeCollection,
  request: SupplementRequest,
  closed: Refusal | undefined,
): Refusal | undefined {
  if (closed) return closed;
  const current = collection.open ?? collection.issuing;
  if (request.noticeId !== undefined) {
    if (collection.answered.includes(request.noticeId) || (collection.answering && current?.id === request.noticeId)) {
      return {
        code: ApplicationErrorCode.NoticeAlreadyAnswered,
        message: `notice ${request.noticeId} is already answered`,
      };
    }
    if (current?.id !== request.noticeId) {
      return { code: ApplicationErrorCode.NoticeNotFound, message: `no open notice ${request.noticeId} on this case` };
    }
    return undefined;
  }
  if (current && !collection.answering) return undefined;
  if (collection.held.length > 0 || collection.answering) {
    return {
      code: ApplicationErrorCode.NoticeNotIssued,
      message: 'the departments’ supplement requests are being collected into one notice; answer it once it is issued',
    };
  }
  return { code: ApplicationErrorCode.NotAwaitingApplicant, message: 'no department is waiting for a supplement' };
}

/** The case-level refusal shared with other updates (closed, withdrawing). */
export function closedCase(state: CaseState): Refusal | undefined {
  return state.closed || state.withdrawing
    ? { code: ApplicationErrorCode.ApplicationClosed, message: `the application is ${state.status}` }
    : undefined;
}
