import { GatewayError } from '../common/gateway.error';

export enum RatingsErrorCode {
  RatingNotFound = 'RATING_NOT_FOUND',
  /** The department was already rated on this case. */
  RatingExists = 'RATING_EXISTS',
  /** The case has not ended yet. */
  RatingCaseNotEnded = 'RATING_CASE_NOT_ENDED',
  /** The department had no step on the case. */
  RatingDepartmentNotOnCase = 'RATING_DEPARTMENT_NOT_ON_CASE',
  /** Another department's ratings. */
  RatingOutOfScope = 'RATING_OUT_OF_SCOPE',
  /** Only a low rating (a follow-up) is answered. */
  RatingNoFollowUp = 'RATING_NO_FOLLOW_UP',
  RatingAlreadyAnswered = 'RATING_ALREADY_ANSWERED',
}

export const RatingsErrors = {
  notFound: (id: string) =>
    new GatewayError(RatingsErrorCode.RatingNotFound, `Rating ${id} not found`, { ratingId: id }),
  exists: (applicationId: string, departmentCode: string) =>
    new GatewayError(RatingsErrorCode.RatingExists, `Department ${departmentCode} was already rated on this case`, {
      applicationId,
      departmentCode,
    }),
  caseNotEnded: (applicationId: string, status: string) =>
    new GatewayError(
      RatingsErrorCode.RatingCaseNotEnded,
      `The case is ${status}; it can be rated once it has ended (approved, rejected, withdrawn or terminated)`,
      { applicationId, status },
    ),
  departmentNotOnCase: (departmentCode: string, departments: string[]) =>
    new GatewayError(
      RatingsErrorCode.RatingDepartmentNotOnCase,
      `Department ${departmentCode} had no step on this case`,
      { field: 'departmentCode', departmentCode, departments },
    ),
  outOfScope: (departmentCode: string) =>
    new GatewayError(
      RatingsErrorCode.RatingOutOfScope,
      `The ratings of ${departmentCode} belong to another department`,
      {
        departmentCode,
      },
    ),
  noFollowUp: (id: string) =>
    new GatewayError(RatingsErrorCode.RatingNoFollowUp, 'Only a low rating (score 1 or 2) is answered', {
      ratingId: id,
    }),
  alreadyAnswered: (id: string) =>
    new GatewayError(RatingsErrorCode.RatingAlreadyAnswered, 'This rating has been answered already', {
      ratingId: id,
    }),
};
