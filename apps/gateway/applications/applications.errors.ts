import { ApplicationErrorCode, type ValidationProblem } from '../../../libs/domain';
import { GatewayError } from '../common/gateway.error';

/**
 * Refusals decided by the gateway itself. Rule violations reported by the running workflow use
 * ApplicationErrorCode from libs/domain; both are mapped to HTTP in common/http-error.mapping.ts.
 */
export enum ApplicationsErrorCode {
  /** Also answered for applications outside the caller's scope, so their existence is not revealed. */
  ApplicationNotFound = 'APPLICATION_NOT_FOUND',
  ServiceNotPublished = 'SERVICE_NOT_PUBLISHED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  FilingInvalid = 'FILING_VALIDATION_FAILED',
  /** A supplied material (POST …/materials) that is not deferred on the case, or a file that does not fit it. */
  MaterialSupplyInvalid = 'MATERIAL_SUPPLY_INVALID',
  /** An answer to a supplement notice that does not meet it (fields or materials not asked, missing, invalid). */
  SupplementAnswerInvalid = 'SUPPLEMENT_ANSWER_INVALID',
}

export const ApplicationsErrors = {
  materialSupplyInvalid: (problems: ValidationProblem[]) =>
    new GatewayError(
      ApplicationsErrorCode.MaterialSupplyInvalid,
      `The material cannot be supplied: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}; nothing changed`,
      problems,
    ),
  filingInvalid: (serviceCode: string, version: number, problems: ValidationProblem[]) =>
    new GatewayError(
      ApplicationsErrorCode.FilingInvalid,
      `The filing does not meet version ${version} of "${serviceCode}": ${problems.length} problem(s); nothing was filed`,
      problems,
    ),
  supplementAnswerInvalid: (noticeId: string, problems: ValidationProblem[]) =>
    new GatewayError(
      ApplicationsErrorCode.SupplementAnswerInvalid,
      `The answer does not meet notice ${noticeId}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}; nothing was changed`,
      problems,
    ),
  noticeNotFound: (applicationId: string, noticeId: string) =>
    new GatewayError(ApplicationErrorCode.NoticeNotFound, `No notice ${noticeId} on application ${applicationId}`, {
      applicationId,
      noticeId,
    }),
  noticeAlreadyAnswered: (noticeId: string, answeredAt: Date) =>
    new GatewayError(
      ApplicationErrorCode.NoticeAlreadyAnswered,
      `Notice ${noticeId} was answered at ${answeredAt.toISOString()}; a notice is answered once`,
      { noticeId, answeredAt: answeredAt.toISOString() },
    ),
  notFound: (id: string) =>
    new GatewayError(ApplicationsErrorCode.ApplicationNotFound, `Application ${id} not found`, { applicationId: id }),
  serviceNotPublished: (code: string) =>
    new GatewayError(
      ApplicationsErrorCode.ServiceNotPublished,
      `Service "${code}" has no published version and cannot be filed yet`,
      { serviceCode: code },
    ),
  idempotencyKeyReused: (existing: { id: string; serviceCode: string }, requestedServiceCode: string) =>
    new GatewayError(
      ApplicationsErrorCode.IdempotencyKeyReused,
      `This Idempotency-Key was already used to file "${existing.serviceCode}"; use a new key for "${requestedServiceCode}"`,
      { applicationId: existing.id, serviceCode: existing.serviceCode },
    ),
};
