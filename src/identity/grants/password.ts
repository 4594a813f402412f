import { verifyPassword } from '../../store/seed/password.js';
import { authenticateClient } from '../client-auth/authenticate-client.js';
import { resolveScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import { enforceAtTokenEndpoint } from '../conditional-access/enforce.js';
import { issueUserTokens } from '../tokens/issue-user-tokens.js';
import { credentialInput, type GrantModule } from './types.js';
import { userFlowServicePrincipal } from './user-flow.js';

// Resource owner password credentials (ROPC). Deprecated by Microsoft, still what many test suites
// use. No UI: consent must already exist (65001 otherwise). Public clients need "allow public
// client flows" (isFallbackPublicClient); confidential ones send their credential.

export const password: GrantModule = {
  grantTypes: ['password'],
  parameters: ['username', 'password'],
  async handler(ctx) {
    const { s, params } = ctx;
    const client = await authenticateClient(ctx.clientAuth, credentialInput(ctx), (app) => !app.isFallbackPublicClient);
    const username = params.username!.trim().toLowerCase();
    const tenant =
      ctx.authority.kind === 'tenant' ? ctx.authority.tenant : await s.stores.directory.getTenant(username.slice(username.lastIndexOf('@') + 1));
    if (!tenant) throw identityErrors.userNotFound(ctx.authority.segment);
    const user = await s.stores.directory.getUser(tenant.id, username);
    if (!user) throw identityErrors.userNotFound(tenant.displayName);
    if (!user.passwordHash || !(await verifyPassword(params.password!, user.passwordHash))) throw identityErrors.wrongPassword();
    if (!user.accountEnabled) throw identityErrors.userDisabled();
    const clientSp = await userFlowServicePrincipal(s, tenant, client.app);
    const scope = await resolveScopeRequest(s, params.scope, client.app);
    // ROPC has no way to do MFA: an MFA policy is 50076/50079 (v2-oauth-ropc: "they will be blocked instead").
    await enforceAtTokenEndpoint(s, { tenant, user, client: client.app, scope, mfa: false });
    const now = s.clock.now();
    return issueUserTokens(s, ctx.keys, {
      tenant,
      user,
      client: client.app,
      clientSp,
      scope,
      explicit: true,
      appidacr: client.appidacr,
      origin: ctx.origin,
      amr: ['pwd'],
      clientInfo: params.client_info === '1',
      family: { spa: false, issuedAt: now, authTime: Math.floor(now / 1000) },
      refreshScope: params.scope ?? '',
    });
  },
};
