import { ROLES, type Role } from '../../../libs/persistence/entities';

/** Who is calling: taken from the verified bearer token on every request. */
export interface Identity {
  userId: string;
  username: string;
  role: Role;
  departmentCode?: string;
  enterpriseId?: string;
  /** Staff groups within the department; changes take effect at the next login. */
  staffGroups: string[];
}

/** What the signed token carries; `sub` is the account id. */
export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  departmentCode?: string;
  enterpriseId?: string;
  staffGroups?: string[];
}

/** The part of the HTTP request the auth layer reads and writes. */
export interface RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
  identity?: Identity;
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/** A signature only proves who issued a token; its payload is still checked before it is trusted. */
export function isTokenClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.username === 'string' &&
    typeof claims.role === 'string' &&
    (ROLES as readonly string[]).includes(claims.role) &&
    optionalString(claims.departmentCode) &&
    optionalString(claims.enterpriseId) &&
    (claims.staffGroups === undefined ||
      (Array.isArray(claims.staffGroups) && claims.staffGroups.every((g) => typeof g === 'string')))
  );
}

export function identityFromClaims(claims: TokenClaims): Identity {
  return {
    userId: claims.sub,
    username: claims.username,
    role: claims.role,
    ...(claims.departmentCode ? { departmentCode: claims.departmentCode } : {}),
    ...(claims.enterpriseId ? { enterpriseId: claims.enterpriseId } : {}),
    staffGroups: claims.staffGroups ?? [],
  };
}
