import { hashSecret } from '../../shared/ids.js';
import { authenticateClient } from '../client-auth/authenticate-client.js';
import { resolveScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import type { RefreshTokenRecord } from '../records.js';
import { enforceAtTokenEndpoint } from '../conditional-access/enforce.js';
import { issueUserTokens } from '../tokens/issue-user-tokens.js';
import { redeemRefreshToken } from '../tokens/refresh-tokens.js';
import { checkOrigin } from './authorization-code.js';
import { credentialInput, type GrantModule } from './types.js';
import { userFlowServicePrincipal } from './user-flow.js';

// Refresh (permission-semantics §2.4, §3.4): any resource the client holds consent for; several
// resources → the first; a new refresh token every time (the old one stays valid); revoked sessions
// (50173), inactivity (700082) and the SPA 24 h limit (700084) are checked in redeemRefreshToken.

export const refreshToken: GrantModule = {
  grantTypes: ['refresh_token'],
  parameters: ['refresh_token'],
  async handler(ctx) {
    const { s, params } = ctx;
    const peek = (await s.stores.tokens.get(hashSecret(params.refresh_token!))) as RefreshTokenRecord | undefined;
    const client = await authenticateClient(ctx.clientAuth, credentialInput(ctx), (app) => (peek?.kind === 'refresh_token' ? peek.data.confidential === true : !app.isFallbackPublicClient));
    const { record, user } = await redeemRefreshToken(s, params.refresh_token!, client.app.appId);
    checkOrigin(ctx, record.data.spa, client.method);
    const tenant = await s.stores.directory.getTenant(record.tenantId);
    if (!tenant) throw identityErrors.tenantNotFound(record.tenantId);
    const clientSp = await userFlowServicePrincipal(s, tenant, client.app);
    const explicit = params.scope !== undefined && params.scope.trim() !== '';
    const resolved = await resolveScopeRequest(s, explicit ? params.scope : record.data.scope, client.app, { multipleResources: 'first' });
    // A refresh always returns a new refresh token, whatever the scope names (§2.4.2).
    const scope = { ...resolved, offlineAccess: true };
    const mfa = record.data.mfa === true;
    await enforceAtTokenEndpoint(s, { tenant, user, client: client.app, scope, mfa });
    return issueUserTokens(s, ctx.keys, {
      tenant,
      user,
      client: client.app,
      clientSp,
      scope,
      explicit,
      appidacr: client.appidacr,
      origin: ctx.origin,
      amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
      clientInfo: params.client_info === '1' || record.data.clientInfo,
      family: {
        spa: record.data.spa,
        issuedAt: record.data.issuedAt,
        authTime: record.data.authTime,
        fixedExpiresAt: record.data.spa ? record.expiresAt : undefined,
        oboAssertionHash: record.data.oboAssertionHash,
        mfa,
      },
      refreshScope: record.data.scope,
    });
  },
};
