import { GatewayError } from '../common/gateway.error';

export enum AuthErrorCode {
  /** Unknown user, wrong password or inactive account: deliberately indistinguishable. */
  InvalidCredentials = 'INVALID_CREDENTIALS',
  /** No bearer token, or one that is not ours. */
  Unauthenticated = 'UNAUTHENTICATED',
  TokenExpired = 'TOKEN_EXPIRED',
  /** The token is valid but its account has been deactivated or removed since it was issued. */
  AccountInactive = 'ACCOUNT_INACTIVE',
  ForbiddenRole = 'FORBIDDEN_ROLE',
}

export const AuthErrors = {
  invalidCredentials: () => new GatewayError(AuthErrorCode.InvalidCredentials, 'Wrong username or password'),
  unauthenticated: (why: string) => new GatewayError(AuthErrorCode.Unauthenticated, why),
  accountInactive: () =>
    new GatewayError(AuthErrorCode.AccountInactive, 'This account has been deactivated; its sessions have ended'),
  tokenExpired: () => new GatewayError(AuthErrorCode.TokenExpired, 'The access token has expired; sign in again'),
  forbiddenRole: (required: readonly string[]) =>
    new GatewayError(AuthErrorCode.ForbiddenRole, `This action requires the role ${required.join(' or ')}`, {
      requiredRoles: required,
    }),
};
