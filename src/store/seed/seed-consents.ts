import type { ConsentSpec } from '../../tenant-file/types.js';
import type { OAuth2PermissionGrantRecord, ServicePrincipalRecord } from '../types.js';
import { type SeedContext, SeedError, type TenantState, lookup } from './context.js';
import { type AppPlan, ensureServicePrincipal, permissionIdOf, resolveApp, resolveResource } from './seed-apps.js';

// Pre-granted consents. Admin consent grants every static permission of the app: one
// AllPrincipals delegated grant per resource, and one app role assignment per application
// permission. A user consent is one Principal grant per resource. A multi-tenant app consented
// outside its home tenant first gets a service principal there, as Entra creates it on consent.

export async function seedConsents(ctx: SeedContext, t: TenantState, plans: AppPlan[]): Promise<void> {
  // Several entries for one (client, resource, principal) merge into one grant.
  const grants = new Map<string, OAuth2PermissionGrantRecord>();
  for (const c of t.spec.consents) {
    const plan = resolveApp(plans, t, c.app, c.source);
    const client = await ensureServicePrincipal(ctx, plan, t);
    if (!c.adminConsent && !(c.user && c.scopes?.length)) {
      throw new SeedError(c.source, "a consent needs 'adminConsent: true', or 'user' and 'scopes'");
    }
    if (c.adminConsent) await adminConsent(ctx, t, plans, plan, client, c, grants);
    if (c.user && c.scopes?.length) await userConsent(ctx, t, plans, plan, client, c, grants);
  }
  for (const g of grants.values()) await ctx.stores.grants.putDelegatedGrant(g);
}

async function adminConsent(
  ctx: SeedContext,
  t: TenantState,
  plans: AppPlan[],
  plan: AppPlan,
  client: ServicePrincipalRecord,
  c: ConsentSpec,
  grants: Map<string, OAuth2PermissionGrantRecord>,
): Promise<void> {
  for (const [key, access] of Object.entries(plan.spec.requiredResourceAccess)) {
    const resource = await resourceSp(ctx, t, plans, key, c);
    if (access.delegated.length > 0) await addGrant(ctx, t, grants, client, resource, null, access.delegated);
    for (const name of access.application) {
      const appRoleId = permissionIdOf(ctx, plans, key, 'application', name, plan.spec.source);
      await ctx.stores.grants.putAppRoleAssignment({
        tenantId: t.id,
        id: await ctx.id(`app-role-assignment:${t.id}:${client.id}:${resource.id}:${appRoleId}`),
        principalId: client.id,
        principalType: 'ServicePrincipal',
        principalDisplayName: client.displayName,
        resourceId: resource.id,
        resourceDisplayName: resource.displayName,
        appRoleId,
        createdDateTime: ctx.now,
      });
    }
  }
}

async function userConsent(
  ctx: SeedContext,
  t: TenantState,
  plans: AppPlan[],
  plan: AppPlan,
  client: ServicePrincipalRecord,
  c: ConsentSpec,
  grants: Map<string, OAuth2PermissionGrantRecord>,
): Promise<void> {
  const user = lookup(t, c.user!, c.source, 'user', ['user']).record;
  // Each scope goes to the resource the app's registration lists it under; a scope the app does
  // not list statically is a Microsoft Graph one (dynamic consent), as Entra reads a bare scope.
  const byResource = new Map<string, string[]>();
  for (const raw of c.scopes!) {
    const scope = raw.startsWith('https://graph.microsoft.com/') ? raw.slice('https://graph.microsoft.com/'.length) : raw;
    const key = Object.entries(plan.spec.requiredResourceAccess).find(([, a]) => a.delegated.includes(scope))?.[0] ?? 'graph';
    permissionIdOf(ctx, plans, key, 'delegated', scope, c.source); // unknown → a clear error
    byResource.set(key, [...(byResource.get(key) ?? []), scope]);
  }
  for (const [key, scopes] of byResource) {
    await addGrant(ctx, t, grants, client, await resourceSp(ctx, t, plans, key, c), user.id, scopes);
  }
}

async function resourceSp(ctx: SeedContext, t: TenantState, plans: AppPlan[], key: string, c: ConsentSpec): Promise<ServicePrincipalRecord> {
  const { appId, plan } = resolveResource(plans, key, c.source);
  if (!plan) {
    const sp = t.servicePrincipals.get(appId);
    if (!sp) throw new SeedError(c.source, `no service principal for resource ${appId} in ${t.domain}`);
    return sp;
  }
  if (plan.home !== t && !plan.spec.multiTenant) {
    throw new SeedError(c.source, `resource app '${plan.spec.displayName}' is single-tenant in ${plan.home.domain}; it cannot be consented in ${t.domain}`);
  }
  return ensureServicePrincipal(ctx, plan, t);
}

async function addGrant(
  ctx: SeedContext,
  t: TenantState,
  grants: Map<string, OAuth2PermissionGrantRecord>,
  client: ServicePrincipalRecord,
  resource: ServicePrincipalRecord,
  principalId: string | null,
  scopes: string[],
): Promise<void> {
  const k = `${client.id}:${resource.id}:${principalId ?? 'AllPrincipals'}`;
  const existing = grants.get(k);
  if (existing) {
    const merged = new Set([...existing.scope.split(' '), ...scopes]);
    grants.set(k, { ...existing, scope: [...merged].join(' ') });
    return;
  }
  grants.set(k, {
    tenantId: t.id,
    id: await ctx.id(`grant:${t.id}:${k}`),
    clientId: client.id,
    consentType: principalId ? 'Principal' : 'AllPrincipals',
    principalId,
    resourceId: resource.id,
    scope: [...new Set(scopes)].join(' '),
  });
}
