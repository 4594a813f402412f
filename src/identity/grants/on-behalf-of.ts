import { createHash } from 'node:crypto';
import { authenticateClient, clientServicePrincipal } from '../client-auth/authenticate-client.js';
import { resolveScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import { decodeJwt, verifySignature } from '../keys/jwt.js';
import { enforceAtTokenEndpoint } from '../conditional-access/enforce.js';
import { issueUserTokens } from '../tokens/issue-user-tokens.js';
import { credentialInput, type GrantModule } from './types.js';

// On-behalf-of (permission-semantics §3.6): a middle tier trades the user token it received (whose
// `aud` is the middle tier) for a token to a downstream API, with its own credential. Delegated
// only: app-only tokens cannot be exchanged, and consent for the downstream API must exist (65001).

export const onBehalfOf: GrantModule = {
  grantTypes: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
  parameters: ['assertion', 'requested_token_use'],
  async handler(ctx) {
    const { s, params } = ctx;
    if (params.requested_token_use !== 'on_behalf_of') {
      throw identityErrors.malformedRequest(`The 'requested_token_use' parameter must be 'on_behalf_of', not '${params.requested_token_use!.slice(0, 40)}'.`);
    }
    const client = await authenticateClient(ctx.clientAuth, credentialInput(ctx), () => true);
    const jwt = decodeJwt(params.assertion!);
    if (!jwt) throw identityErrors.oboAssertionInvalid('The assertion is not a JWT.');
    const p = jwt.payload;
    const tid = typeof p.tid === 'string' ? p.tid : '';
    const kid = typeof jwt.header.kid === 'string' ? jwt.header.kid : '';
    const key = ctx.keys.publicKey(tid, kid);
    if (!key || jwt.header.alg !== 'RS256' || !verifySignature('RS256', jwt, key)) {
      throw identityErrors.oboAssertionInvalid('The provided signature value did not match the expected signature value.');
    }
    const now = s.clock.now();
    if (typeof p.exp !== 'number' || p.exp * 1000 <= now) throw identityErrors.oboAssertionExpired(now, typeof p.exp === 'number' ? p.exp * 1000 : 0);
    const app = client.app;
    const audiences = [app.appId, `api://${app.appId}`, ...app.identifierUris].map((a) => a.toLowerCase());
    if (typeof p.aud !== 'string' || !audiences.includes(p.aud.toLowerCase())) {
      throw identityErrors.oboAssertionInvalid(`Assertion audience '${String(p.aud)}' does not match the client app '${app.appId}' presenting the assertion.`);
    }
    if (p.idtyp === 'app' || typeof p.scp !== 'string' || typeof p.oid !== 'string') {
      throw identityErrors.oboAssertionInvalid('An app-only token cannot be used as an on-behalf-of assertion: it has no user.');
    }
    if (ctx.authority.kind === 'tenant' && ctx.authority.tenant.id !== tid) throw identityErrors.oboAssertionInvalid(`The assertion was issued by tenant '${tid}', not by this tenant.`);

    const tenant = await s.stores.directory.getTenant(tid);
    if (!tenant) throw identityErrors.tenantNotFound(tid);
    const user = await s.stores.directory.getUser(tenant.id, p.oid);
    if (!user) throw identityErrors.userNotFound(tenant.displayName);
    const clientSp = await clientServicePrincipal(s, tenant, app);
    const scope = await resolveScopeRequest(s, params.scope, app);
    const amr = Array.isArray(p.amr) ? (p.amr as string[]) : ['pwd'];
    // The downstream API's policies apply to the exchange; the middle tier passes the challenge on (§3.6.5).
    await enforceAtTokenEndpoint(s, { tenant, user, client: app, scope, mfa: amr.includes('mfa') });
    return issueUserTokens(s, ctx.keys, {
      tenant,
      user,
      client: app,
      clientSp,
      scope,
      explicit: true,
      appidacr: client.appidacr,
      origin: ctx.origin,
      amr,
      clientInfo: params.client_info === '1',
      family: { spa: false, issuedAt: now, authTime: Math.floor(now / 1000), oboAssertionHash: createHash('sha256').update(params.assertion!).digest('base64url'), mfa: amr.includes('mfa') },
      refreshScope: params.scope ?? '',
    });
  },
};
