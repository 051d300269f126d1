import { GatewayError } from '../common/gateway.error';

export enum ReportsErrorCode {
  /** A report asked for a service the catalogue does not have. */
  ReportServiceNotFound = 'REPORT_SERVICE_NOT_FOUND',
  /** A department CIO asked for another department's figures. */
  ReportOutOfScope = 'REPORT_OUT_OF_SCOPE',
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
};
