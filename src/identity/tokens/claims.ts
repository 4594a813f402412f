import { createHash, randomBytes } from 'node:crypto';
import type { ApplicationRecord, ServicePrincipalRecord, UserRecord } from '../../store/types.js';
import type { ResourceRef } from '../consent/resources.js';
import { v1Issuer, v2Issuer } from '../discovery-document.js';

// Claim sets of the tokens the platform issues (permission-semantics §2.1-2.2). Access tokens are in
// the v1 shape Graph receives (iss sts.windows.net, `ver: "1.0"`); ID tokens are v2, issued by the
// discovery issuer of the origin the client used.

export type Appidacr = '0' | '1' | '2';

/** Entra's pairwise `sub`: stable per (user, app), 43 base64url characters. */
export function pairwiseSub(objectId: string, appId: string): string {
  return createHash('sha256').update(`${objectId}|${appId}`).digest('base64url').slice(0, 43);
}

// Opaque per-token values Entra puts in every token (`uti`, `aio`, `rh`). Drawn from a pool refilled
// 16 KB at a time: three randomBytes calls per token were a visible share of client-credentials time.
let pool = randomBytes(16 * 1024);
let at = 0;
function opaque(bytes: number): string {
  if (at + bytes > pool.length) {
    pool = randomBytes(16 * 1024);
    at = 0;
  }
  const out = pool.toString('base64url', at, at + bytes);
  at += bytes;
  return out;
}
export const newUti = () => opaque(16).slice(0, 22);

export interface DelegatedAccessInput {
  tenantId: string;
  user: UserRecord;
  client: Pick<ApplicationRecord, 'appId' | 'displayName'>;
  appidacr: Appidacr;
  resource: ResourceRef;
  scp: readonly string[];
  iat: number;
  exp: number;
  amr: readonly string[];
}

export function delegatedAccessClaims(i: DelegatedAccessInput): Record<string, unknown> {
  const u = i.user;
  return {
    aud: i.resource.audience,
    iss: v1Issuer(i.tenantId),
    iat: i.iat,
    nbf: i.iat,
    exp: i.exp,
    acct: u.userType === 'Guest' ? 1 : 0,
    acr: '1',
    aio: opaque(48),
    amr: i.amr,
    app_displayname: i.client.displayName,
    appid: i.client.appId,
    appidacr: i.appidacr,
    ...(u.surname ? { family_name: u.surname } : {}),
    ...(u.givenName ? { given_name: u.givenName } : {}),
    idtyp: 'user',
    name: u.displayName,
    oid: u.id,
    rh: `1.A${opaque(40)}.`,
    scp: i.scp.join(' '),
    sub: pairwiseSub(u.id, i.client.appId),
    tenant_region_scope: 'NA',
    tid: i.tenantId,
    unique_name: u.userPrincipalName,
    upn: u.userPrincipalName,
    uti: newUti(),
    ver: '1.0',
    ...(u.roles.length ? { wids: u.roles } : {}),
  };
}

export interface AppAccessInput {
  tenantId: string;
  client: Pick<ApplicationRecord, 'appId' | 'displayName'>;
  clientSp: Pick<ServicePrincipalRecord, 'id'>;
  appidacr: Appidacr;
  resource: ResourceRef;
  roles: readonly string[];
  iat: number;
  exp: number;
}

export function appAccessClaims(i: AppAccessInput): Record<string, unknown> {
  return {
    aud: i.resource.audience,
    iss: v1Issuer(i.tenantId),
    iat: i.iat,
    nbf: i.iat,
    exp: i.exp,
    aio: opaque(40),
    app_displayname: i.client.displayName,
    appid: i.client.appId,
    appidacr: i.appidacr,
    idp: v1Issuer(i.tenantId),
    idtyp: 'app',
    oid: i.clientSp.id,
    rh: `1.A${opaque(40)}.`,
    // Without any app role the claim is absent and the resource must refuse (§1.8.3).
    ...(i.roles.length ? { roles: i.roles } : {}),
    sub: i.clientSp.id,
    tenant_region_scope: 'NA',
    tid: i.tenantId,
    uti: newUti(),
    ver: '1.0',
  };
}

// The client-credentials payload as JSON text, built from per-(tenant, client, resource, roles)
// fragments: only iat/nbf/exp and the opaque aio/rh/uti change from one token to the next, so the
// rest is serialized once. The text is exactly JSON.stringify(appAccessClaims(i)) (same keys, same
// order; the opaque values are base64url and need no escaping), which claims.test.ts checks.
const appFragments = new Map<string, { head: string; mid: string; tail: string }>();
const MAX_APP_FRAGMENTS = 1024;

export function appAccessPayloadJson(i: AppAccessInput): string {
  const key = `${i.tenantId}\n${i.clientSp.id}\n${i.client.appId}\n${i.client.displayName}\n${i.appidacr}\n${i.resource.audience}\n${i.roles.join('\n')}`;
  let f = appFragments.get(key);
  if (!f) {
    const iss = JSON.stringify(v1Issuer(i.tenantId));
    f = {
      head: `{"aud":${JSON.stringify(i.resource.audience)},"iss":${iss},"iat":`,
      mid: `,"app_displayname":${JSON.stringify(i.client.displayName)},"appid":${JSON.stringify(i.client.appId)},"appidacr":${JSON.stringify(i.appidacr)},"idp":${iss},"idtyp":"app","oid":${JSON.stringify(i.clientSp.id)},"rh":"1.A`,
      tail: `.",${i.roles.length ? `"roles":${JSON.stringify(i.roles)},` : ''}"sub":${JSON.stringify(i.clientSp.id)},"tenant_region_scope":"NA","tid":${JSON.stringify(i.tenantId)},"uti":"`,
    };
    if (appFragments.size >= MAX_APP_FRAGMENTS) appFragments.clear();
    appFragments.set(key, f);
  }
  // Drawn in the same order as appAccessClaims (aio, rh, uti).
  const aio = opaque(40);
  const rh = opaque(40);
  return `${f.head}${i.iat},"nbf":${i.iat},"exp":${i.exp},"aio":"${aio}"${f.mid}${rh}${f.tail}${newUti()}","ver":"1.0"}`;
}

export interface IdTokenInput {
  origin: string;
  tenantId: string;
  user: UserRecord;
  clientAppId: string;
  iat: number;
  nonce?: string;
  /** `email` was requested: add the claim when the user has a mail address. */
  email: boolean;
}

export const ID_TOKEN_LIFETIME_S = 3600;

export function idTokenClaims(i: IdTokenInput): Record<string, unknown> {
  const u = i.user;
  return {
    aud: i.clientAppId,
    iss: v2Issuer(i.origin, i.tenantId),
    iat: i.iat,
    nbf: i.iat,
    exp: i.iat + ID_TOKEN_LIFETIME_S,
    aio: opaque(48),
    ...(i.email && u.mail ? { email: u.mail } : {}),
    name: u.displayName,
    // msal-node 7 and openid-client reject an id_token carrying a nonce nobody sent (client-compat §1.5).
    ...(i.nonce !== undefined ? { nonce: i.nonce } : {}),
    oid: u.id,
    preferred_username: u.userPrincipalName,
    rh: `1.A${opaque(40)}.`,
    sub: pairwiseSub(u.id, i.clientAppId),
    tid: i.tenantId,
    uti: newUti(),
    ver: '2.0',
  };
}

/** `client_info` = base64url({uid, utid}): MSAL's homeAccountId is `uid.utid`. */
export function clientInfo(userId: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: userId, utid: tenantId })).toString('base64url');
}

/** Access token lifetime: random 60-90 minutes, as Entra (§2.3.1). */
export function delegatedLifetimeSeconds(): number {
  return 3600 + Math.floor(Math.random() * 1800);
}

/** App-only tokens: Entra's examples show 3599. */
export const APP_TOKEN_LIFETIME_S = 3599;
