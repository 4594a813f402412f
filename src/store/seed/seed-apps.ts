import { X509Certificate, createHash } from 'node:crypto';
import { hashSecret } from '../../shared/ids.js';
import type { AppSpec } from '../../tenant-file/types.js';
import { GRAPH_APP_ID, type ApplicationRecord, type ExposedScope, type KeyCredential, type RequiredResourceAccess, type ServicePrincipalRecord } from '../types.js';
import { type SeedContext, SeedError, type TenantState } from './context.js';
import { EXCHANGE_APP_ID, EXCHANGE_PERMISSIONS } from './resources.js';

// App registrations. Two passes over every tenant's apps: first each app's identity (appId,
// identifier URIs, exposed scopes), because an app's requiredResourceAccess may name another
// app of the file (an API for on-behalf-of) by identifier URI or appId; then the records and the
// service principal in the home tenant.

export interface AppPlan {
  spec: AppSpec;
  home: TenantState;
  appId: string;
  objectId: string;
  identifierUris: string[];
  scopes: ExposedScope[];
  record?: ApplicationRecord;
}

export async function planApps(ctx: SeedContext, tenants: TenantState[]): Promise<AppPlan[]> {
  const plans: AppPlan[] = [];
  for (const t of tenants) {
    for (const spec of t.spec.apps) {
      const homeDomain = spec.homeTenant?.toLowerCase() ?? t.domain;
      const home = tenants.find((x) => x.domain === homeDomain);
      if (!home) throw new SeedError(spec.source, `home tenant '${spec.homeTenant}' is not a tenant of this file`);
      // The natural key carries the home domain: two tenants may each register an app of one name.
      const name = spec.displayName.toLowerCase();
      const appId = spec.appId?.toLowerCase() ?? (await ctx.id(`app:${homeDomain}:${name}`));
      const objectId = await ctx.id(`app-object:${homeDomain}:${name}`);
      if (plans.some((p) => p.appId === appId)) throw new SeedError(spec.source, `appId ${appId} is used by two apps`);
      const identifierUris = spec.api ? [spec.api.identifierUri ?? `api://${appId}`] : [];
      const scopes: ExposedScope[] = [];
      for (const value of spec.api?.scopes ?? []) {
        scopes.push({
          id: await ctx.id(`scope:${appId}:${value}`),
          value,
          type: 'User',
          adminConsentDisplayName: `${value} (${spec.displayName})`,
          userConsentDisplayName: `${value} (${spec.displayName})`,
          isEnabled: true,
        });
      }
      plans.push({ spec, home, appId, objectId, identifierUris, scopes });
    }
  }
  return plans;
}

/** An app named in a consent or a policy: by displayName or appId, this tenant's apps first. */
export function resolveApp(plans: AppPlan[], t: TenantState, ref: string, source: AppSpec['source']): AppPlan {
  const lower = ref.toLowerCase();
  const matches = (p: AppPlan) => p.spec.displayName === ref || p.appId === lower;
  const found = plans.find((p) => p.home === t && matches(p)) ?? plans.find(matches);
  if (!found) throw new SeedError(source, `unknown app '${ref}'`);
  if (found.home !== t && !found.spec.multiTenant) {
    throw new SeedError(source, `app '${ref}' is registered in ${found.home.domain} as a single-tenant app and cannot be used in ${t.domain}`);
  }
  return found;
}

/** The resource a requiredResourceAccess key names: Graph, Exchange Online, or an app of the file. */
export function resolveResource(plans: AppPlan[], key: string, source: AppSpec['source']): { appId: string; plan?: AppPlan } {
  if (key === 'graph' || key === GRAPH_APP_ID) return { appId: GRAPH_APP_ID };
  if (key === EXCHANGE_APP_ID) return { appId: EXCHANGE_APP_ID };
  const lower = key.toLowerCase();
  const plan = plans.find((p) => p.appId === lower || p.identifierUris.some((u) => u.toLowerCase() === lower));
  if (!plan) throw new SeedError(source, `requiredResourceAccess: no app in this file has the appId or identifier URI '${key}'`);
  return { appId: plan.appId, plan };
}

/** Id of a permission of a resource; an unknown one fails the seed. */
export function permissionIdOf(ctx: SeedContext, plans: AppPlan[], key: string, scheme: 'delegated' | 'application', name: string, source: AppSpec['source']): string {
  const { appId, plan } = resolveResource(plans, key, source);
  let id: string | undefined;
  let what: string;
  if (appId === GRAPH_APP_ID) {
    id = ctx.deps.permissionId('graph', scheme, name) ?? undefined;
    what = `Microsoft Graph ${scheme} permission`;
  } else if (appId === EXCHANGE_APP_ID) {
    id = EXCHANGE_PERMISSIONS[scheme][name];
    what = `Office 365 Exchange Online ${scheme} permission (known: ${Object.keys(EXCHANGE_PERMISSIONS[scheme]).join(', ')})`;
  } else if (scheme === 'delegated') {
    id = plan!.scopes.find((s) => s.value === name)?.id;
    what = `scope of '${plan!.spec.displayName}' (its api.scopes: ${plan!.scopes.map((s) => s.value).join(', ') || 'none'})`;
  } else {
    throw new SeedError(source, `'${plan!.spec.displayName}' defines no app roles, so it has no application permission '${name}'`);
  }
  if (!id) throw new SeedError(source, `unknown ${what}: '${name}'`);
  return id;
}

export async function seedApps(ctx: SeedContext, plans: AppPlan[]): Promise<void> {
  for (const plan of plans) {
    const { spec } = plan;
    const requiredResourceAccess: RequiredResourceAccess[] = [];
    for (const [key, access] of Object.entries(spec.requiredResourceAccess)) {
      const { appId } = resolveResource(plans, key, spec.source);
      requiredResourceAccess.push({
        resourceAppId: appId,
        resourceAccess: [
          ...access.delegated.map((name) => ({ id: permissionIdOf(ctx, plans, key, 'delegated', name, spec.source), type: 'Scope' as const })),
          ...access.application.map((name) => ({ id: permissionIdOf(ctx, plans, key, 'application', name, spec.source), type: 'Role' as const })),
        ],
      });
    }
    const knownClientApplications = (spec.api?.knownClientApplications ?? []).map((ref) => {
      const lower = ref.toLowerCase();
      return plans.find((p) => p.spec.displayName === ref || p.appId === lower)?.appId ?? lower;
    });
    const record: ApplicationRecord = {
      tenantId: plan.home.id,
      id: plan.objectId,
      appId: plan.appId,
      displayName: spec.displayName,
      signInAudience: spec.multiTenant ? 'AzureADMultipleOrgs' : 'AzureADMyOrg',
      isFallbackPublicClient: spec.publicClient,
      redirectUris: { web: [...spec.redirectUris.web], spa: [...spec.redirectUris.spa], publicClient: [...spec.redirectUris.publicClient] },
      passwordCredentials: await Promise.all(
        spec.secrets.map(async (s, i) => ({
          keyId: await ctx.id(`credential:${plan.appId}:secret:${i}`),
          hash: hashSecret(s.value),
          hint: s.value.slice(0, 3),
          displayName: null,
          endDateTime: s.expires ?? null,
        })),
      ),
      keyCredentials: await Promise.all(spec.certificates.map((c) => keyCredential(ctx, plan.appId, c, spec.source))),
      requiredResourceAccess,
      identifierUris: plan.identifierUris,
      api: { oauth2PermissionScopes: plan.scopes, knownClientApplications, preAuthorizedApplications: [] },
      verifiedPublisher: spec.verifiedPublisher,
      createdDateTime: ctx.now,
    };
    await ctx.stores.apps.putApplication(record);
    plan.record = record;
    await ensureServicePrincipal(ctx, plan, plan.home);
  }
}

/** The app's service principal in a tenant (its home, or one where it is consented). */
export async function ensureServicePrincipal(ctx: SeedContext, plan: AppPlan, t: TenantState): Promise<ServicePrincipalRecord> {
  const existing = t.servicePrincipals.get(plan.appId);
  if (existing) return existing;
  const sp: ServicePrincipalRecord = {
    tenantId: t.id,
    id: await ctx.id(`sp:${t.id}:${plan.appId}`),
    appId: plan.appId,
    displayName: plan.spec.displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: plan.spec.appRoleAssignmentRequired,
    appOwnerOrganizationId: plan.home.id,
    servicePrincipalType: 'Application',
    servicePrincipalNames: [plan.appId, ...plan.identifierUris],
    createdDateTime: ctx.now,
  };
  await ctx.stores.apps.putServicePrincipal(sp);
  t.servicePrincipals.set(plan.appId, sp);
  return sp;
}

async function keyCredential(ctx: SeedContext, appId: string, c: AppSpec['certificates'][number], source: AppSpec['source']): Promise<KeyCredential> {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(c.pem);
  } catch (e) {
    throw new SeedError(source, `certificate is not a readable PEM certificate: ${(e as Error).message}`);
  }
  // x5t and x5t#S256 are the base64url SHA-1 / SHA-256 of the DER bytes.
  const thumbprintSha1 = createHash('sha1').update(cert.raw).digest('base64url');
  const thumbprintSha256 = createHash('sha256').update(cert.raw).digest('base64url');
  return {
    keyId: await ctx.id(`credential:${appId}:certificate:${thumbprintSha256}`),
    pem: cert.toString(),
    thumbprintSha1,
    thumbprintSha256,
    startDateTime: new Date(cert.validFrom).toISOString(),
    endDateTime: c.expires ?? new Date(cert.validTo).toISOString(),
  };
}
