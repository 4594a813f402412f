import type { Scheme } from '../../catalog/index.js';

// Who is calling: built from a verified v1 Graph access token. Delegated tokens carry `scp` (a
// space-separated string) and the user's `oid`; app-only tokens carry `roles` (an array) and the
// client service principal's `oid`. `idtyp` is "the most accurate way to tell an app token"
// (entra-docs optional-claims-reference); without it, the absence of `scp` decides.

export interface AccessTokenClaims {
  tid: string;
  oid: string;
  sub?: string;
  appid: string;
  appidacr?: string;
  scp?: string;
  roles?: string[];
  idtyp?: 'user' | 'app';
  wids?: string[];
  upn?: string;
  unique_name?: string;
  name?: string;
  uti?: string;
  exp: number;
  nbf?: number;
  iat?: number;
  [claim: string]: unknown;
}

export interface GraphPrincipal {
  tenantId: string;
  /** The client application's appId (`appid`). */
  appId: string;
  scheme: Scheme;
  /** Signed-in user's object id (delegated only). */
  userId: string | null;
  /** App-only: the client service principal's object id (the token's `oid`). */
  servicePrincipalId: string | null;
  upn: string | null;
  /** Scopes (delegated) or app roles (application), as the token lists them. */
  granted: readonly string[];
  /** The same, lower-cased, for lookups (permission names are case-insensitive). */
  grantedLower: ReadonlySet<string>;
  /** Entra directory role template ids of the user (`wids`). */
  wids: readonly string[];
  /** Expiry, epoch seconds. */
  exp: number;
  claims: AccessTokenClaims;
}

export function principalFromClaims(claims: AccessTokenClaims): GraphPrincipal {
  const delegated = claims.idtyp ? claims.idtyp === 'user' : typeof claims.scp === 'string';
  const granted = delegated
    ? (claims.scp ?? '').split(' ').filter(Boolean)
    : Array.isArray(claims.roles)
      ? claims.roles.filter((r): r is string => typeof r === 'string')
      : [];
  return {
    tenantId: claims.tid,
    appId: claims.appid,
    scheme: delegated ? 'delegated' : 'application',
    userId: delegated ? claims.oid : null,
    servicePrincipalId: delegated ? null : claims.oid,
    upn: delegated ? (claims.upn ?? claims.unique_name ?? null) : null,
    granted,
    grantedLower: new Set(granted.map((g) => g.toLowerCase())),
    wids: Array.isArray(claims.wids) ? claims.wids : [],
    exp: claims.exp,
    claims,
  };
}

export function holds(p: GraphPrincipal, permission: string): boolean {
  return p.grantedLower.has(permission.toLowerCase());
}
