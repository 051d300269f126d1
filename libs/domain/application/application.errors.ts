/**
 * Rule violations the application workflow reports to callers (as ApplicationFailure types).
 * The gateway maps each to an HTTP status in one place.
 */
export enum ApplicationErrorCode {
  StepNotFound = 'STEP_NOT_FOUND',
  StepNotActive = 'STEP_NOT_ACTIVE',
  StaleRound = 'STALE_ROUND',
  AlreadyDecided = 'ALREADY_DECIDED',
  /** The same officer approving a step twice when it needs several reviewers. */
  AlreadyReviewed = 'ALREADY_REVIEWED',
  ApplicationClosed = 'APPLICATION_CLOSED',
  NotAwaitingApplicant = 'NOT_AWAITING_APPLICANT',
  /** Deciding or pausing a step whose clock is stopped by a pause: resume it first. */
  StepPaused = 'STEP_PAUSED',
  /** Resuming a step that is not paused. */
  StepNotPaused = 'STEP_NOT_PAUSED',
  /** Urging a step that is not held by its department (waiting, decided, waiting on the applicant). */
  StepNotOpen = 'STEP_NOT_OPEN',
  /** The case was filed before this capability existed; its workflow cannot do it. */
  NotSupportedForCase = 'NOT_SUPPORTED_FOR_CASE',
  /** Approving a step that needs a deferred material the enterprise has not supplied yet. */
  DeferredMaterialMissing = 'DEFERRED_MATERIAL_MISSING',
  /** Supplying a material that was not deferred at filing on this case. */
  MaterialNotDeferred = 'MATERIAL_NOT_DEFERRED',
  /** Supplying a deferred material a second time with a different file. */
  MaterialAlreadySupplied = 'MATERIAL_ALREADY_SUPPLIED',
  /** A request_supplement without items, or naming what the step does not ask for. */
  SupplementItemsInvalid = 'SUPPLEMENT_ITEMS_INVALID',
  /** The step used up its supplement rounds (supplement.maxRounds): it must approve or reject. */
  SupplementRoundsExhausted = 'SUPPLEMENT_ROUNDS_EXHAUSTED',
  /** No such open notice on this case. */
  NoticeNotFound = 'NOTICE_NOT_FOUND',
  /** The notice has been answered (the enterprise answers a notice once). */
  NoticeAlreadyAnswered = 'NOTICE_ALREADY_ANSWERED',
  /** Departments have asked, but their requests are still being collected into one notice. */
  NoticeNotIssued = 'NOTICE_NOT_ISSUED',
}

export const APPLICATION_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ApplicationErrorCode));
