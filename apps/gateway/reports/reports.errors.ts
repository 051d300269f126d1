import type { FieldProblem } from '../common/common.errors';
import { GatewayError } from '../common/gateway.error';

export enum ReportsErrorCode {
  /** A report asked for a service the catalogue does not have. */
  ReportServiceNotFound = 'REPORT_SERVICE_NOT_FOUND',
  /** A department CIO asked for another department's figures. */
  ReportOutOfScope = 'REPORT_OUT_OF_SCOPE',
  /** No weekly snapshot has that id. */
  SnapshotNotFound = 'SNAPSHOT_NOT_FOUND',
  /** Thresholds were set for a department that does not exist. */
  ReportDepartmentNotFound = 'REPORT_DEPARTMENT_NOT_FOUND',
  /** A threshold body with nothing to change, an unknown field or a value out of range; details name each. */
  ThresholdInvalid = 'THRESHOLD_INVALID',
}

export const ReportsErrors = {
  serviceNotFound: (serviceCode: string) =>
    new GatewayError(ReportsErrorCode.ReportServiceNotFound, `Service "${serviceCode}" does not exist`, {
      serviceCode,
    }),
  outOfScope: (departmentCode: string, own: string) =>
    new GatewayError(
      ReportsErrorCode.ReportOutOfScope,
      `A department CIO sees only their own department's reports (${own}), not those of "${departmentCode}"`,
      { departmentCode },
    ),
  snapshotNotFound: (id: string) =>
    new GatewayError(ReportsErrorCode.SnapshotNotFound, `No weekly report snapshot "${id}"`, { id }),
  departmentNotFound: (departmentCode: string) =>
    new GatewayError(ReportsErrorCode.ReportDepartmentNotFound, `Department "${departmentCode}" does not exist`, {
      departmentCode,
    }),
  thresholdInvalid: (problems: FieldProblem[]) =>
    new GatewayError(
      ReportsErrorCode.ThresholdInvalid,
      `Invalid thresholds: ${[...new Set(problems.map((p) => p.field))].join(', ')}`,
      problems,
    ),
};
