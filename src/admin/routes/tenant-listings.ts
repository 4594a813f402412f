import type { FastifyInstance } from 'fastify';
import type { Services } from '../../shared/services.js';
import { resolveTenant } from '../resolve-tenant.js';

// Read-only views an admin (or a test) uses to see what the tenant holds: apps with their
// service principals, consent grants in Entra's own shapes, and resource-side policies.
export function registerTenantListings(app: FastifyInstance, s: Services): void {
  app.get('/tenants', async () => ({ value: await s.stores.directory.listTenants() }));

  app.get<{ Params: { tenant: string } }>('/tenants/:tenant/apps', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const [apps, sps] = await Promise.all([s.stores.apps.listApplications(t.id), s.stores.apps.listServicePrincipals(t.id)]);
    return {
      value: sps.map((sp) => {
        const a = apps.find((x) => x.appId === sp.appId);
        return {
          appId: sp.appId,
          displayName: sp.displayName,
          servicePrincipalId: sp.id,
          accountEnabled: sp.accountEnabled,
          homeTenant: a ? 'this tenant' : 'another tenant or Microsoft',
          publicClient: a?.isFallbackPublicClient ?? null,
          redirectUris: a?.redirectUris ?? null,
          signInAudience: a?.signInAudience ?? null,
          secrets: a?.passwordCredentials.map((p) => ({ keyId: p.keyId, hint: p.hint, endDateTime: p.endDateTime })) ?? [],
          certificates: a?.keyCredentials.map((k) => ({ keyId: k.keyId, x5t: k.thumbprintSha1, endDateTime: k.endDateTime })) ?? [],
        };
      }),
    };
  });

  app.get<{ Params: { tenant: string } }>('/tenants/:tenant/grants', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const [delegated, appRoles] = await Promise.all([s.stores.grants.listDelegatedGrants(t.id), s.stores.grants.listAppRoleAssignments(t.id)]);
    const name = (id: string) => s.catalog.permissionById(id)?.name ?? null;
    return {
      oauth2PermissionGrants: delegated,
      appRoleAssignments: appRoles.map((a) => ({ ...a, appRoleValue: name(a.appRoleId) })),
    };
  });

  app.get<{ Params: { tenant: string } }>('/tenants/:tenant/policies', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const [mailboxPermissions, applicationAccessPolicies, teamsApplicationAccessPolicies] = await Promise.all([
      s.stores.policies.listMailboxPermissions(t.id),
      s.stores.policies.listApplicationAccessPolicies(t.id),
      s.stores.policies.listTeamsAccessPolicies(t.id),
    ]);
    return { userConsent: t.userConsent, mailboxPermissions, applicationAccessPolicies, teamsApplicationAccessPolicies };
  });
}
