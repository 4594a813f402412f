import { authenticateClient, clientServicePrincipal } from '../client-auth/authenticate-client.js';
import { grantedAppRoles } from '../consent/granted.js';
import { resourceServicePrincipal } from '../consent/resources.js';
import { resolveAppOnlyScope } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import { signJwtJsonAsync } from '../keys/jwt.js';
import { appAccessPayloadJson, APP_TOKEN_LIFETIME_S } from '../tokens/claims.js';
import { credentialInput, type GrantModule } from './types.js';

// App-only tokens (permission-semantics §1.4.5, §3.3): one `<resource>/.default`, a credential
// always, a tenant-specific authority, and `roles` = every app role granted on that resource.
// This is the benchmarked path (bench/token-issuance.ts): lookups are cached by the store, and the
// only real work is one RS256 signature.

export const clientCredentials: GrantModule = {
  grantTypes: ['client_credentials'],
  parameters: ['scope'],
  async handler(ctx) {
    const { s } = ctx;
    if (ctx.authority.kind !== 'tenant') throw identityErrors.grantNotSupportedOnCommon(ctx.authority.segment);
    const tenant = ctx.authority.tenant;
    const client = await authenticateClient(ctx.clientAuth, credentialInput(ctx), () => true);
    const resource = await resolveAppOnlyScope(s, ctx.params.scope, client.app, tenant.displayName);
    const clientSp = await clientServicePrincipal(s, tenant, client.app);
    const resourceSp = await resourceServicePrincipal(s, tenant.id, resource);
    if (!resourceSp) throw identityErrors.resourceNotFound(resource.audience, tenant.displayName);
    const roles = await grantedAppRoles(s, tenant.id, clientSp.id, resourceSp.id);
    if (resourceSp.appRoleAssignmentRequired && roles.ids.length === 0) throw identityErrors.appNotAssignedToRole(client.app.appId, resource.appId);

    const iat = s.clock.nowSeconds();
    const key = await ctx.keys.active(tenant.id);
    const payload = appAccessPayloadJson({ tenantId: tenant.id, client: client.app, clientSp, appidacr: client.appidacr, resource, roles: roles.values, iat, exp: iat + APP_TOKEN_LIFETIME_S });
    return {
      token_type: 'Bearer',
      expires_in: APP_TOKEN_LIFETIME_S,
      ext_expires_in: APP_TOKEN_LIFETIME_S,
      access_token: await signJwtJsonAsync(key.accessTokenHeader, payload, key.privateKey),
    };
  },
};
