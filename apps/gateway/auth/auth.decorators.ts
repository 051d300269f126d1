import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../../../libs/persistence/entities';
import { AuthErrors } from './auth.errors';
import type { Identity, RequestWithIdentity } from './auth.types';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:roles';

/** Opens a route to callers without a token (sign-in, health). Everything else requires one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Restricts a route (or controller) to the given roles; others get 403 FORBIDDEN_ROLE. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The caller's identity, set by JwtAuthGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Identity => {
  const identity = context.switchToHttp().getRequest<RequestWithIdentity>().identity;
  // Only reachable on a @Public() route that mistakenly asks for the caller.
  if (!identity) throw AuthErrors.unauthenticated('This action requires signing in');
  return identity;
});
