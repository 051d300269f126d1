import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { AccountStatusCache } from './account-status.cache';
import { IS_PUBLIC } from './auth.decorators';
import { AuthErrors } from './auth.errors';
import { identityFromClaims, isTokenClaims, type RequestWithIdentity } from './auth.types';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accountStatus: AccountStatusCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw AuthErrors.unauthenticated('Missing bearer token (Authorization: Bearer <accessToken>)');

    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync<object>(token);
    } catch (error) {
      if (error instanceof TokenExpiredError) throw AuthErrors.tokenExpired();
      throw AuthErrors.unauthenticated('Invalid access token');
    }
    if (!isTokenClaims(claims)) throw AuthErrors.unauthenticated('Invalid access token');
    if (!(await this.accountStatus.isActive(claims.sub))) throw AuthErrors.accountInactive();
    request.identity = identityFromClaims(claims);
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
