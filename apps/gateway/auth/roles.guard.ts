import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../../libs/persistence/entities';
import { REQUIRED_ROLES } from './auth.decorators';
import { AuthErrors } from './auth.errors';
import type { RequestWithIdentity } from './auth.types';

/** Global guard after JwtAuthGuard: enforces @Roles(...). Scope (department, enterprise) is checked by services. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const identity = context.switchToHttp().getRequest<RequestWithIdentity>().identity;
    if (!identity) throw AuthErrors.unauthenticated('This action requires signing in');
    if (!required.includes(identity.role)) throw AuthErrors.forbiddenRole(required);
    return true;
  }
}
