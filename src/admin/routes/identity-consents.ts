import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { evaluateConsentForAdmin, findAppInTenant } from '../../identity/admin-support.js';
import { grantAdminConsent, recordConsent } from '../../identity/consent/record.js';
import { GRAPH_RESOURCE } from '../../identity/consent/resources.js';
import { resolveScopeRequest } from '../../identity/consent/scopes.js';
import { IdentityError } from '../../identity/errors.js';
import { revokeAppRole, revokeDelegatedScopes } from '../../identity/revocation.js';
import { adminErrors } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';
import { resolveTenant } from '../resolve-tenant.js';

// Consents as an admin (or a test) manages them, in Entra's own records: grant delegated scopes to a
// user or the organization, application permissions (organization only), or `.default` (everything
// the app statically requires); list them; revoke a grant by id, or an app's grants for a user.

const GrantBody = z
  .object({
    app: z.string().min(1),
    user: z.string().min(1).optional(),
    organization: z.boolean().optional(),
    /** Delegated scopes, e.g. ["User.Read", "api://contoso.test/api/access_as_user"], or ".default". */
    scopes: z.union([z.array(z.string().min(1)), z.literal('.default')]).optional(),
    /** Application permissions on Microsoft Graph, e.g. ["Calendars.Read"]. */
    roles: z.array(z.string().min(1)).optional(),
  })
  .strict();

export function registerIdentityConsents(app: FastifyInstance, s: Services): void {
  app.get<{ Params: { tenant: string }; Querystring: { app?: string; user?: string } }>('/tenants/:tenant/consents', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    return listConsents(s, t.id, req.query.app, req.query.user);
  });

  app.post<{ Params: { tenant: string } }>('/tenants/:tenant/consents', async (req, reply) => {
    const t = await resolveTenant(s, req.params.tenant);
    const parsed = GrantBody.safeParse(req.body);
    if (!parsed.success) throw adminErrors.badRequest('Send {"app": "<appId or name>", "user": "<upn>" | "organization": true, "scopes": ["User.Read", …] | ".default", "roles": ["Calendars.Read", …]}.');
    const b = parsed.data;
    if (!b.user === !b.organization) throw adminErrors.badRequest('Name exactly one of "user" (a user consent) and "organization": true (admin consent).');
    if (b.roles?.length && !b.organization) throw adminErrors.badRequest('Application permissions ("roles") are granted for the organization only.');
    if (!b.scopes && !b.roles?.length) throw adminErrors.badRequest('Name "scopes" (or ".default") and/or "roles".');
    const { app: client } = await findAppInTenant(s, t, b.app);
    const user = b.user ? await s.stores.directory.getUser(t.id, b.user) : undefined;
    if (b.user && !user) throw adminErrors.notFound(`User "${b.user}" in ${t.domain}`);
    try {
      if (b.scopes === '.default') {
        if (user) {
          const ev = await evaluateConsentForAdmin(s, t, user, client);
          await recordConsent(s, { tenant: t, client, user, forOrganization: false, items: ev.filter((i) => i.kind === 'delegated') });
        } else await grantAdminConsent(s, { tenant: t, client, scopes: '.default' });
      } else if (b.scopes?.length) {
        const req1 = await resolveScopeRequest(s, b.scopes.join(' '), client);
        const scopes = req1.kind === 'named' ? req1.scopes : [];
        await recordConsent(s, { tenant: t, client, user, forOrganization: Boolean(b.organization), resource: req1.resource, scopes });
        if (req1.oidc.length) await recordConsent(s, { tenant: t, client, user, forOrganization: Boolean(b.organization), resource: GRAPH_RESOURCE, scopes: req1.oidc });
      }
      if (b.roles?.length) {
        const items = b.roles.map((r) => {
          const p = s.catalog.permission(r);
          if (!p?.application?.id) throw adminErrors.badRequest(`"${r}" is not a Microsoft Graph application permission.`);
          return { resource: GRAPH_RESOURCE, scope: p.name, kind: 'application' as const, id: p.application.id };
        });
        await recordConsent(s, { tenant: t, client, forOrganization: true, items });
      }
    } catch (e) {
      if (e instanceof IdentityError) throw adminErrors.badRequest(e.message);
      throw e;
    }
    reply.code(201);
    return listConsents(s, t.id, client.appId, b.user);
  });

  // By id: an oAuth2PermissionGrant id or an appRoleAssignment id.
  app.delete<{ Params: { tenant: string; id: string }; Querystring: { scopes?: string } }>('/tenants/:tenant/consents/:id', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const grant = await s.stores.grants.getDelegatedGrant(t.id, req.params.id);
    if (grant) {
      const left = await revokeDelegatedScopes(s, grant, req.query.scopes ? req.query.scopes.split(/[\s,]+/).filter(Boolean) : undefined);
      return { revoked: req.params.id, remaining: left ?? null };
    }
    const assignment = await s.stores.grants.getAppRoleAssignment(t.id, req.params.id);
    if (!assignment) throw adminErrors.notFound(`Consent "${req.params.id}" in ${t.domain}`);
    await revokeAppRole(s, assignment);
    return { revoked: req.params.id };
  });

  // By app (+ user, or organization=true): every matching grant, or some of their scopes.
  app.delete<{ Params: { tenant: string }; Querystring: { app?: string; user?: string; organization?: string; scopes?: string } }>('/tenants/:tenant/consents', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const q = req.query;
    if (!q.app || !q.user === !(q.organization === 'true')) throw adminErrors.badRequest('Use ?app=<appId or name> with &user=<upn> or &organization=true (and optionally &scopes=A,B).');
    const { sp } = await findAppInTenant(s, t, q.app);
    const user = q.user ? await s.stores.directory.getUser(t.id, q.user) : undefined;
    if (q.user && !user) throw adminErrors.notFound(`User "${q.user}" in ${t.domain}`);
    const scopes = q.scopes ? q.scopes.split(/[\s,]+/).filter(Boolean) : undefined;
    const grants = (await s.stores.grants.listDelegatedGrants(t.id, { clientId: sp.id })).filter((g) => (user ? g.consentType === 'Principal' && g.principalId === user.id : g.consentType === 'AllPrincipals'));
    const revoked: string[] = [];
    for (const g of grants) {
      await revokeDelegatedScopes(s, g, scopes);
      revoked.push(g.id);
    }
    if (!user) {
      for (const a of await s.stores.grants.listAppRoleAssignments(t.id, { principalId: sp.id })) {
        const name = s.catalog.permissionById(a.appRoleId, 'application')?.name;
        if (scopes && !(name && scopes.some((x) => x.toLowerCase() === name.toLowerCase()))) continue;
        await revokeAppRole(s, a);
        revoked.push(a.id);
      }
    }
    return { revoked };
  });
}

async function listConsents(s: Services, tenantId: string, appFilter?: string, userFilter?: string) {
  const sps = await s.stores.apps.listServicePrincipals(tenantId);
  const byId = new Map(sps.map((sp) => [sp.id, sp]));
  const users = new Map((await s.stores.directory.listUsers(tenantId)).map((u) => [u.id, u]));
  const wantApp = appFilter?.toLowerCase();
  const wantUser = userFilter?.toLowerCase();
  const matchesApp = (spId: string) => !wantApp || byId.get(spId)?.appId === wantApp || byId.get(spId)?.displayName.toLowerCase() === wantApp;
  const delegated = (await s.stores.grants.listDelegatedGrants(tenantId))
    .filter((g) => matchesApp(g.clientId))
    .filter((g) => !wantUser || (g.principalId && (users.get(g.principalId)?.userPrincipalName === wantUser || g.principalId === wantUser)))
    .map((g) => ({
      ...g,
      clientAppId: byId.get(g.clientId)?.appId ?? null,
      clientDisplayName: byId.get(g.clientId)?.displayName ?? null,
      resourceAppId: byId.get(g.resourceId)?.appId ?? null,
      principalUserPrincipalName: g.principalId ? (users.get(g.principalId)?.userPrincipalName ?? null) : null,
    }));
  const appRoles = wantUser
    ? []
    : (await s.stores.grants.listAppRoleAssignments(tenantId))
        .filter((a) => a.principalType === 'ServicePrincipal' && matchesApp(a.principalId))
        .map((a) => ({ ...a, clientAppId: byId.get(a.principalId)?.appId ?? null, appRoleValue: s.catalog.permissionById(a.appRoleId, 'application')?.name ?? null }));
  return { oauth2PermissionGrants: delegated, appRoleAssignments: appRoles };
}
