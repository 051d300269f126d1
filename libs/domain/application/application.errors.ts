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
}

export const APPLICATION_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ApplicationErrorCode));
