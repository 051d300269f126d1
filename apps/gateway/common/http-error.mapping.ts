import { HttpStatus } from '@nestjs/common';
import { ApplicationErrorCode } from '../../../libs/domain';
import { ApplicationsErrorCode } from '../applications/applications.errors';
import { AuthErrorCode } from '../auth/auth.errors';
import { CalendarErrorCode } from '../calendar/calendar.errors';
import { CertificatesErrorCode } from '../certificates/certificates.errors';
import { FilesErrorCode } from '../files/files.errors';
import { NotificationsErrorCode } from '../notifications/notifications.errors';
import { OpinionTemplatesErrorCode } from '../opinion-templates/opinion-templates.errors';
import { RatingsErrorCode } from '../ratings/ratings.errors';
import { ReportsErrorCode } from '../reports/reports.errors';
import { ServicesErrorCode } from '../services/services.errors';
import { TaskErrorCode } from '../tasks/tasks.errors';
import { CommonErrorCode } from './common.errors';

/** Every code the API can answer with. A new feature enum is added here and to the table below. */
export type ErrorCode =
  | CommonErrorCode
  | AuthErrorCode
  | ServicesErrorCode
  | ApplicationsErrorCode
  | ApplicationErrorCode
  | FilesErrorCode
  | TaskErrorCode
  | CalendarErrorCode
  | NotificationsErrorCode
  | OpinionTemplatesErrorCode
  | ReportsErrorCode
  | RatingsErrorCode
  | CertificatesErrorCode;

/**
 * The one place where error codes become HTTP statuses. `satisfies` makes the table exhaustive:
 * a code without a status (or a status for an unknown code) does not compile.
 */
export const HTTP_ERROR_MAPPING = {
  [CommonErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.MalformedRequest]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [CommonErrorCode.RouteNotFound]: HttpStatus.NOT_FOUND,
  [CommonErrorCode.TooManyRequests]: HttpStatus.TOO_MANY_REQUESTS,
  [CommonErrorCode.TemporalUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [CommonErrorCode.DatabaseUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [CommonErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,

  [AuthErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.TokenExpired]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.AccountInactive]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.ForbiddenRole]: HttpStatus.FORBIDDEN,

  [ServicesErrorCode.ServiceNotFound]: HttpStatus.NOT_FOUND,
  [ServicesErrorCode.ServiceAlreadyExists]: HttpStatus.CONFLICT,
  [ServicesErrorCode.RouteInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServicesErrorCode.ServiceStepNotFound]: HttpStatus.NOT_FOUND,
  [ServicesErrorCode.StepOwnedByOtherDepartment]: HttpStatus.FORBIDDEN,
  [ServicesErrorCode.StepConfigInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServicesErrorCode.PreconditionRequired]: HttpStatus.PRECONDITION_REQUIRED,
  [ServicesErrorCode.StaleRevision]: HttpStatus.CONFLICT,
  [ServicesErrorCode.PublishValidationFailed]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServicesErrorCode.VersionNotFound]: HttpStatus.NOT_FOUND,

  [ApplicationsErrorCode.ApplicationNotFound]: HttpStatus.NOT_FOUND,
  [ApplicationsErrorCode.ServiceNotPublished]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationsErrorCode.IdempotencyKeyReused]: HttpStatus.CONFLICT,
  [ApplicationsErrorCode.FilingInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationsErrorCode.MaterialSupplyInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationsErrorCode.SupplementAnswerInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,

  [FilesErrorCode.FileNotFound]: HttpStatus.NOT_FOUND,
  [FilesErrorCode.FileEmpty]: HttpStatus.UNPROCESSABLE_ENTITY,
  [FilesErrorCode.FileTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [FilesErrorCode.FileTypeNotAllowed]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [FilesErrorCode.FileNameInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [FilesErrorCode.FileMaterialUnknown]: HttpStatus.UNPROCESSABLE_ENTITY,
  [FilesErrorCode.FileServiceNotPublished]: HttpStatus.UNPROCESSABLE_ENTITY,

  // Reported by the application workflow's update validators.
  [ApplicationErrorCode.StepNotFound]: HttpStatus.NOT_FOUND,
  [ApplicationErrorCode.StepNotActive]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.StaleRound]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.AlreadyDecided]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.AlreadyReviewed]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.ApplicationClosed]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.SupplementItemsInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationErrorCode.SupplementRoundsExhausted]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationErrorCode.NoticeNotFound]: HttpStatus.NOT_FOUND,
  [ApplicationErrorCode.NoticeAlreadyAnswered]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.NoticeNotIssued]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.NotAwaitingApplicant]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationErrorCode.StepPaused]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.StepNotPaused]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.StepNotOpen]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.NotSupportedForCase]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationErrorCode.DeferredMaterialMissing]: HttpStatus.CONFLICT,
  [ApplicationErrorCode.MaterialNotDeferred]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ApplicationErrorCode.MaterialAlreadySupplied]: HttpStatus.CONFLICT,

  [TaskErrorCode.TaskNotFound]: HttpStatus.NOT_FOUND,
  [TaskErrorCode.TaskOutOfScope]: HttpStatus.FORBIDDEN,
  [TaskErrorCode.TaskAlreadyClaimed]: HttpStatus.CONFLICT,
  [TaskErrorCode.TaskNotOpen]: HttpStatus.CONFLICT,
  [TaskErrorCode.TaskNotClaimed]: HttpStatus.CONFLICT,
  [TaskErrorCode.NotTaskAssignee]: HttpStatus.FORBIDDEN,
  [TaskErrorCode.AlreadyApprovedByYou]: HttpStatus.CONFLICT,
  [TaskErrorCode.NotInHandlingGroup]: HttpStatus.FORBIDDEN,
  [TaskErrorCode.FieldNotForOutcome]: HttpStatus.UNPROCESSABLE_ENTITY,
  [TaskErrorCode.SupplementItemInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,
  [TaskErrorCode.OfficerNotEligible]: HttpStatus.UNPROCESSABLE_ENTITY,
  [TaskErrorCode.AlreadyAssigned]: HttpStatus.CONFLICT,
  [TaskErrorCode.OutcomeNotForTaskKind]: HttpStatus.UNPROCESSABLE_ENTITY,

  [CalendarErrorCode.CalendarDayRedundant]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CalendarErrorCode.CalendarDayNotFound]: HttpStatus.NOT_FOUND,

  [NotificationsErrorCode.NotificationNotFound]: HttpStatus.NOT_FOUND,
  [OpinionTemplatesErrorCode.OpinionTemplateNotFound]: HttpStatus.NOT_FOUND,
  [OpinionTemplatesErrorCode.OpinionTemplateOutOfScope]: HttpStatus.FORBIDDEN,
  [OpinionTemplatesErrorCode.OpinionTemplateDuplicate]: HttpStatus.CONFLICT,

  [ReportsErrorCode.ReportOutOfScope]: HttpStatus.FORBIDDEN,
  [ReportsErrorCode.ReportServiceNotFound]: HttpStatus.NOT_FOUND,
  [ReportsErrorCode.SnapshotNotFound]: HttpStatus.NOT_FOUND,
  [ReportsErrorCode.ReportDepartmentNotFound]: HttpStatus.NOT_FOUND,
  [ReportsErrorCode.ThresholdInvalid]: HttpStatus.UNPROCESSABLE_ENTITY,

  [RatingsErrorCode.RatingNotFound]: HttpStatus.NOT_FOUND,
  [RatingsErrorCode.RatingExists]: HttpStatus.CONFLICT,
  [RatingsErrorCode.RatingCaseNotEnded]: HttpStatus.UNPROCESSABLE_ENTITY,
  [RatingsErrorCode.RatingDepartmentNotOnCase]: HttpStatus.UNPROCESSABLE_ENTITY,
  [RatingsErrorCode.RatingOutOfScope]: HttpStatus.FORBIDDEN,
  [RatingsErrorCode.RatingNoFollowUp]: HttpStatus.UNPROCESSABLE_ENTITY,
  [RatingsErrorCode.RatingAlreadyAnswered]: HttpStatus.CONFLICT,

  [CertificatesErrorCode.CertificateNotFound]: HttpStatus.NOT_FOUND,
  [CertificatesErrorCode.CertificateUnknown]: HttpStatus.NOT_FOUND,
  [CertificatesErrorCode.CertificatePdfUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
} as const satisfies Record<ErrorCode, HttpStatus>;

/** GatewayError carries a plain string; only a code in the table above has a status to answer with. */
export function isMappedErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(HTTP_ERROR_MAPPING, code);
}

export function httpStatusOf(code: ErrorCode): HttpStatus {
  return HTTP_ERROR_MAPPING[code];
}
