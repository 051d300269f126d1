import type { ApplicationStatus } from '../application/application.types';

/**
 * Ratings (好差评): after a case ends, the enterprise rates each department that had a step on it,
 * once. A low score opens a follow-up that the department's CIO must answer.
 */
export const RATING_MIN_SCORE = 1;
export const RATING_MAX_SCORE = 5;
/** Scores up to this one are "差评": they open a follow-up for the department CIO. */
export const LOW_RATING_MAX_SCORE = 2;
export const RATING_COMMENT_MAX_LENGTH = 500;
export const RATING_ANSWER_MAX_LENGTH = 1000;

/** A case may be rated once it has ended, whichever way it ended. */
export const RATEABLE_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  'approved',
  'rejected',
  'withdrawn',
  'terminated',
];

export function isRateable(status: ApplicationStatus): boolean {
  return RATEABLE_APPLICATION_STATUSES.includes(status);
}

export function isLowScore(score: number): boolean {
  return score <= LOW_RATING_MAX_SCORE;
}

/** A department's ratings in a report window. */
export interface RatingSummary {
  count: number;
  /** Mean score, two decimals; null when there is none. */
  average: number | null;
  /** How many were low (1 or 2). */
  low: number;
}

export const NO_RATINGS: RatingSummary = { count: 0, average: null, low: 0 };
