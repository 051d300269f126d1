import type { ValidationProblem } from '../../../libs/domain';
import { GatewayError } from '../common/gateway.error';

export enum ServicesErrorCode {
  ServiceNotFound = 'SERVICE_NOT_FOUND',
  ServiceAlreadyExists = 'SERVICE_ALREADY_EXISTS',
  /** The route of a new service (or the keys of an edited one) cannot be accepted; details list the problems. */
  RouteInvalid = 'ROUTE_INVALID',
  ServiceStepNotFound = 'SERVICE_STEP_NOT_FOUND',
  /** A department CIO editing a step another department owns. */
  StepOwnedByOtherDepartment = 'STEP_OWNED_BY_OTHER_DEPARTMENT',
  /** The step config breaks a rule the request schema cannot express; details list the problems. */
  StepConfigInvalid = 'STEP_CONFIG_INVALID',
  /** An edit without If-Match: the server cannot tell whether it was based on the current revision. */
  PreconditionRequired = 'PRECONDITION_REQUIRED',
  /** The edit was based on a revision that has changed since; details carry the current one. */
  StaleRevision = 'STALE_REVISION',
  PublishValidationFailed = 'PUBLISH_VALIDATION_FAILED',
  VersionNotFound = 'VERSION_NOT_FOUND',
}

export const ServicesErrors = {
  notFound: (code: string) =>
    new GatewayError(ServicesErrorCode.ServiceNotFound, `Service "${code}" does not exist`, { serviceCode: code }),
  alreadyExists: (code: string) =>
    new GatewayError(ServicesErrorCode.ServiceAlreadyExists, `Service "${code}" already exists`, { serviceCode: code }),
  routeInvalid: (problems: ValidationProblem[]) =>
    new GatewayError(ServicesErrorCode.RouteInvalid, `The route has ${count(problems)}`, problems),
  stepNotFound: (serviceCode: string, stepKey: string) =>
    new GatewayError(ServicesErrorCode.ServiceStepNotFound, `Service "${serviceCode}" has no step "${stepKey}"`, {
      serviceCode,
      stepKey,
    }),
  stepOwnedByOtherDepartment: (stepKey: string, departmentCode: string) =>
    new GatewayError(
      ServicesErrorCode.StepOwnedByOtherDepartment,
      `Step "${stepKey}" belongs to department "${departmentCode}"; only its CIO may configure it`,
      { stepKey, departmentCode },
    ),
  stepConfigInvalid: (problems: ValidationProblem[]) =>
    new GatewayError(ServicesErrorCode.StepConfigInvalid, `The step config has ${count(problems)}`, problems),
  preconditionRequired: (what: string) =>
    new GatewayError(
      ServicesErrorCode.PreconditionRequired,
      `Send If-Match with the ${what} your edit is based on (read it with GET /api/services/:code)`,
    ),
  staleRevision: (what: string, sent: number, current: number, stepKey?: string) =>
    new GatewayError(
      ServicesErrorCode.StaleRevision,
      `The ${what} is now ${current}, not ${sent}: someone changed it since you read it; reload and reapply your edit`,
      { ...(stepKey !== undefined ? { stepKey } : {}), sentRevision: sent, currentRevision: current },
    ),
  publishValidationFailed: (problems: ValidationProblem[]) =>
    new GatewayError(
      ServicesErrorCode.PublishValidationFailed,
      `The draft cannot be published: ${count(problems)}`,
      problems,
    ),
  versionNotFound: (serviceCode: string, version: number) =>
    new GatewayError(ServicesErrorCode.VersionNotFound, `Service "${serviceCode}" has no version ${version}`, {
      serviceCode,
      version,
    }),
};

function count(problems: readonly ValidationProblem[]): string {
  return problems.length === 1 ? '1 problem' : `${problems.length} problems`;
}
