import { GatewayError } from '../common/gateway.error';

export enum ServicesErrorCode {
  ServiceNotFound = 'SERVICE_NOT_FOUND',
}

export const ServicesErrors = {
  notFound: (code: string) =>
    new GatewayError(ServicesErrorCode.ServiceNotFound, `Service "${code}" does not exist`, { serviceCode: code }),
};
