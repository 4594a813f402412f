import { hashSecret } from '../../shared/ids.js';
import { authenticateClient } from '../client-auth/authenticate-client.js';
import { resolveScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import type { DeviceCodeRecord } from '../records.js';
import { enforceAtTokenEndpoint } from '../conditional-access/enforce.js';
import { issueUserTokens } from '../tokens/issue-user-tokens.js';
import { credentialInput, type GrantModule } from './types.js';
import { userFlowServicePrincipal } from './user-flow.js';

// Polling for a device code (permission-semantics §3.5): pending → authorization_pending (70016),
// declined → authorization_declined, past 15 minutes → expired_token (70019), unknown → 70018,
// already redeemed → 90120. MSAL sends `device_code`, openid-client the RFC 8628 URN.

export const deviceCode: GrantModule = {
  grantTypes: ['device_code', 'urn:ietf:params:oauth:grant-type:device_code'],
  parameters: ['device_code'],
  async handler(ctx) {
    const { s, params } = ctx;
    const client = await authenticateClient(ctx.clientAuth, credentialInput(ctx), (app) => !app.isFallbackPublicClient);
    const hash = hashSecret(params.device_code!);
    const rec = (await s.stores.tokens.get(hash)) as DeviceCodeRecord | undefined;
    if (!rec || rec.kind !== 'device_code' || rec.clientId !== client.app.appId) throw identityErrors.badVerificationCode();
    const now = s.clock.now();
    if (rec.consumedAt !== null) throw identityErrors.deviceCodeAlreadyUsed();
    if (now >= rec.expiresAt) throw identityErrors.deviceCodeExpired();
    if (rec.data.status === 'declined') throw identityErrors.authorizationDeclined();
    if (rec.data.status !== 'approved' || !rec.data.userId) throw identityErrors.authorizationPending();
    if (!(await s.stores.tokens.consume(hash, now))) throw identityErrors.deviceCodeAlreadyUsed();

    const tenantId = rec.data.tenantId ?? rec.tenantId;
    const tenant = await s.stores.directory.getTenant(tenantId);
    if (!tenant) throw identityErrors.tenantNotFound(tenantId);
    const user = await s.stores.directory.getUser(tenant.id, rec.data.userId);
    if (!user) throw identityErrors.userNotFound(tenant.displayName);
    const clientSp = await userFlowServicePrincipal(s, tenant, client.app);
    const scope = await resolveScopeRequest(s, rec.data.scope, client.app, { multipleResources: 'first' });
    // The device login page's approve step (pages/device-routes.ts) records an MFA sign-in on the code.
    const mfa = rec.data.mfa === true;
    await enforceAtTokenEndpoint(s, { tenant, user, client: client.app, scope, mfa });
    return issueUserTokens(s, ctx.keys, {
      tenant,
      user,
      client: client.app,
      clientSp,
      scope,
      explicit: true,
      appidacr: client.appidacr,
      origin: ctx.origin,
      amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
      // The poll may leave client_info out (RFC 8628 clients): always answer it, MSAL keys accounts by it.
      clientInfo: true,
      family: { spa: false, issuedAt: now, authTime: rec.data.authTime ?? Math.floor(now / 1000), mfa },
      refreshScope: rec.data.scope,
    });
  },
};
