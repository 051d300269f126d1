import { GatewayError } from '../common/gateway.error';

export enum ReportsErrorCode {
  /** A report asked for a service the catalogue does not have. */
  ReportServiceNotFound = 'REPORT_SERVICE_NOT_FOUND',
}

export const ReportsErrors = {
  serviceNotFound: (serviceCode: string) =>
    new GatewayError(ReportsErrorCode.ReportServiceNotFound, `Service "${serviceCode}" does not exist`, {
      serviceCode,
    }),
};
