import { createHash, timingSafeEqual } from 'node:crypto';
import { hashSecret } from '../../shared/ids.js';
import { matchRedirectUri } from '../authorize/redirect-uri.js';
import { authenticateClient } from '../client-auth/authenticate-client.js';
import { resolveScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import type { AuthorizationCodeRecord } from '../records.js';
import { issueUserTokens } from '../tokens/issue-user-tokens.js';
import { credentialInput, type GrantModule, type TokenRequestContext } from './types.js';
import { userFlowServicePrincipal } from './user-flow.js';

// Redeeming a code written by /authorize (records.ts AuthorizationCodeData), permission-semantics
// §3.2: single use (54005), ~10 minutes (70008), same tenant (700005), same redirect URI, PKCE
// (501481), SPA codes only cross-origin (9002327) and other codes never (9002326); web-redirect
// codes need the client's credential, native and SPA ones must not send one.

export const authorizationCode: GrantModule = {
  grantTypes: ['authorization_code'],
  parameters: ['code', 'redirect_uri'],
  async handler(ctx) {
    const { s, params } = ctx;
    const hash = hashSecret(params.code!);
    const rec = (await s.stores.tokens.get(hash)) as AuthorizationCodeRecord | undefined;
    if (!rec || rec.kind !== 'authorization_code') throw identityErrors.invalidGrant("The provided value for the 'code' parameter is not valid.");
    const data = rec.data;
    // The platform the redirect URI is registered under decides: web → confidential (credential
    // required); spa / publicClient → public (none may be sent). Matching as /authorize did (loopback ports).
    const client = await authenticateClient(ctx.clientAuth, credentialInput(ctx), (app) => !data.spa && matchRedirectUri(app, data.redirectUri)?.platform === 'web');
    if (rec.clientId !== client.app.appId) throw identityErrors.invalidGrant("The provided value for the 'code' parameter is not valid. The code was issued to a different client.");
    checkOrigin(ctx, data.spa, client.method);

    if (ctx.authority.kind === 'tenant' && ctx.authority.tenant.id !== rec.tenantId) throw identityErrors.codeWrongTenant();
    const now = s.clock.now();
    if (rec.consumedAt !== null) throw identityErrors.codeReused();
    if (now >= rec.expiresAt) throw identityErrors.codeExpired();
    if (params.redirect_uri !== data.redirectUri) throw identityErrors.codeRedirectUriMismatch(params.redirect_uri!, client.app.appId);
    checkPkce(data.codeChallenge, data.codeChallengeMethod, params.code_verifier);
    if (!(await s.stores.tokens.consume(hash, now))) throw identityErrors.codeReused();

    const tenant = await s.stores.directory.getTenant(rec.tenantId);
    if (!tenant) throw identityErrors.tenantNotFound(rec.tenantId);
    const user = await s.stores.directory.getUser(tenant.id, rec.userId);
    if (!user) throw identityErrors.userNotFound(tenant.displayName);
    const clientSp = await userFlowServicePrincipal(s, tenant, client.app);
    // MSAL repeats the scopes at redemption; /authorize may have named several resources, the token is for the first.
    const scopeParam = params.scope ?? data.scope;
    const scope = await resolveScopeRequest(s, scopeParam, client.app, { multipleResources: 'first' });
    return issueUserTokens(s, ctx.keys, {
      tenant,
      user,
      client: client.app,
      clientSp,
      scope,
      explicit: true,
      appidacr: client.appidacr,
      origin: ctx.origin,
      amr: data.mfa ? ['pwd', 'mfa'] : ['pwd'],
      nonce: data.nonce,
      clientInfo: data.clientInfo || params.client_info === '1',
      family: { spa: data.spa, issuedAt: now, authTime: data.authTime, mfa: data.mfa === true },
      refreshScope: scopeParam,
    });
  },
};

/** SPA tokens are redeemed cross-origin only; cross-origin redemption is for SPAs only (§3.2.4). */
export function checkOrigin(ctx: TokenRequestContext, spa: boolean, method: 'none' | 'secret' | 'certificate'): void {
  if (spa && !ctx.requestOrigin) throw identityErrors.spaRedemptionNotCrossOrigin();
  if (!spa && ctx.requestOrigin) throw identityErrors.crossOriginRedemptionNotSpa(ctx.requestOrigin);
  if (ctx.requestOrigin && method !== 'none') throw identityErrors.publicClientSentCredential();
}

export function checkPkce(challenge: string | undefined, method: 'S256' | 'plain' | undefined, verifier: string | undefined): void {
  if (!challenge) return;
  if (!verifier) throw identityErrors.pkceMismatch();
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(computed);
  const b = Buffer.from(challenge);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw identityErrors.pkceMismatch();
}
