import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { oauthErrors } from '../errors.js';
import type { GoogleContext } from '../context.js';
import { issueAccessToken } from './access-tokens.js';

// The service-account grant (urn:ietf:params:oauth:grant-type:jwt-bearer), checked as Google does:
// 1. the assertion is a JWS signed RS256 by the key of the service account named in `iss`
//    (google-auth-library sends no `kid`, so the key is found by `iss`, the client_email);
// 2. `aud` is Google's token URL (clients keep it even when routed here), or ours;
// 3. `iat`/`exp` span at most an hour and bracket now;
// 4. with `sub` (impersonation), every requested scope must be in the client id's domain-wide
//    delegation entry (else 401 unauthorized_client, which never says which scope), and `sub` must
//    be an active user of the Workspace (else 400 invalid_grant);
// 5. without `sub` (or with sub = iss) the token acts as the service account itself.
// The answer has no refresh token: clients sign a new assertion when the hour is up.

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const LEGACY_AUDIENCES = ['https://www.googleapis.com/oauth2/v4/token', 'https://accounts.google.com/o/oauth2/token'];
const SKEW_S = 300;

const keyCache = new Map<string, KeyObject>();

export interface JwtBearerResult {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

export interface JwtBearerAudit {
  tenantId?: string;
  clientId?: string;
  clientName?: string;
  subject?: string;
  scheme?: 'delegated' | 'application';
  scopes?: string[];
}

export async function jwtBearerGrant(g: GoogleContext, assertion: string | undefined, ownTokenUrl: string, audit: JwtBearerAudit): Promise<JwtBearerResult> {
  if (!assertion) throw oauthErrors.invalidRequest('Missing required parameter: assertion');
  const parts = assertion.split('.');
  if (parts.length !== 3) throw oauthErrors.badAssertion('Unable to parse the assertion (expected header.payload.signature).');
  const header = decodeJson(parts[0]!);
  const claims = decodeJson(parts[1]!);
  if (!header || !claims) throw oauthErrors.badAssertion('Unable to parse the assertion header or claim set.');
  if (header.alg !== 'RS256') throw oauthErrors.badAssertion(`Unsupported algorithm ${JSON.stringify(header.alg)}; service-account assertions are signed RS256.`);

  const iss = typeof claims.iss === 'string' ? claims.iss.toLowerCase() : undefined;
  const sa = iss ? await g.stores.directory.findServiceAccount(iss) : undefined;
  const key = sa ? await g.stores.keys.get(sa.clientEmail) : undefined;
  if (!sa || !key) throw oauthErrors.clientNotFound();
  Object.assign(audit, { tenantId: sa.tenantId, clientId: sa.clientId, clientName: sa.displayName });

  if (header.kid !== undefined && header.kid !== key.privateKeyId) throw oauthErrors.invalidSignature();
  let pub = keyCache.get(key.privateKeyId);
  if (!pub) keyCache.set(key.privateKeyId, (pub = createPublicKey(key.privateKeyPem)));
  const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(pub, Buffer.from(parts[2]!, 'base64url'));
  if (!ok) throw oauthErrors.invalidSignature();

  const audOk = (a: unknown) => typeof a === 'string' && (a === GOOGLE_TOKEN_URL || a === ownTokenUrl || LEGACY_AUDIENCES.includes(a));
  if (!(Array.isArray(claims.aud) ? claims.aud.some(audOk) : audOk(claims.aud))) throw oauthErrors.badAudience(claims.aud);

  // The client signs with its real clock; tenantbox's clock may have travelled (POST /_tenantbox/clock).
  // Accept an assertion that is valid by either, so time travel tests keep getting tokens.
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= iat || exp - iat > 3600) throw oauthErrors.badTimes();
  const inWindow = (nowS: number) => iat <= nowS + SKEW_S && exp >= nowS - SKEW_S;
  const realNowS = Math.floor((g.clock.now() - g.clock.offsetMs()) / 1000);
  if (!inWindow(g.clock.nowSeconds()) && !inWindow(realNowS)) throw oauthErrors.badTimes();

  const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
  if (scopes.length === 0 || !scopes.every(isScopeShaped)) throw oauthErrors.invalidScope();
  audit.scopes = scopes;

  const sub = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : undefined;
  if (sub === undefined || sub === sa.clientEmail) {
    audit.subject = sa.clientEmail;
    audit.scheme = 'application';
    const t = await issueAccessToken(g, { tenantId: sa.tenantId, clientId: sa.clientId, subject: sa.clientEmail, subjectKind: 'serviceAccount', scopes });
    return { access_token: t.token, expires_in: t.expiresIn, token_type: 'Bearer' };
  }
  audit.subject = sub;
  audit.scheme = 'delegated';
  const dwd = await g.stores.directory.getDwd(sa.tenantId, sa.clientId);
  if (!dwd || !scopes.every((s) => dwd.scopes.includes(s))) throw oauthErrors.unauthorizedClient();
  const user = await g.stores.directory.getUser(sa.tenantId, sub);
  if (!user || user.suspended) throw oauthErrors.invalidUser();
  const t = await issueAccessToken(g, { tenantId: sa.tenantId, clientId: sa.clientId, subject: user.primaryEmail, subjectKind: 'user', scopes });
  return { access_token: t.token, expires_in: t.expiresIn, token_type: 'Bearer' };
}

/** A Google scope URL or one of the sign-in scopes; anything else is invalid_scope. */
export function isScopeShaped(s: string): boolean {
  return /^https:\/\/www\.googleapis\.com\/auth\/[a-z0-9._-]+$/i.test(s) || ['openid', 'email', 'profile'].includes(s);
}

function decodeJson(part: string): Record<string, any> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
