import type { Actor } from '../../../libs/domain';
import { AuthErrors } from './auth.errors';
import type { Identity } from './auth.types';

/*
 * The account table guarantees applicants have an enterprise and staff/dept_cio a department
 * (accounts_scope_check), so a token without one was not issued by this system as it is now.
 */

export function enterpriseOf(identity: Identity): string {
  if (!identity.enterpriseId) throw AuthErrors.unauthenticated('The access token carries no enterprise; sign in again');
  return identity.enterpriseId;
}

export function departmentOf(identity: Identity): string {
  if (!identity.departmentCode)
    throw AuthErrors.unauthenticated('The access token carries no department; sign in again');
  return identity.departmentCode;
}

/** The caller as the event log records them: id, name, role and department. */
export function actorOf(identity: Identity): Actor {
  return {
    userId: identity.userId,
    username: identity.username,
    role: identity.role,
    ...(identity.departmentCode ? { departmentCode: identity.departmentCode } : {}),
  };
}
