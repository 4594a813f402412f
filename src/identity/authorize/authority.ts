import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, ServicePrincipalRecord, TenantRecord } from '../../store/types.js';
import { identityErrors } from '../errors.js';

// The `{tenant}` path segment of the sign-in endpoints and the client app it is asked for. A tenant
// id or verified domain pins the tenant; `common` and `organizations` leave it to the user's account
// (known only after sign-in), which Entra allows only for multi-tenant apps (AADSTS50194).

export type Authority = { kind: 'tenant'; segment: string; tenant: TenantRecord } | { kind: 'multi'; segment: string };

const MULTI = new Set(['common', 'organizations']);

export async function resolveAuthority(s: Services, segment: string): Promise<Authority> {
  const lower = segment.toLowerCase();
  if (MULTI.has(lower)) return { kind: 'multi', segment: lower };
  const tenant = await s.stores.directory.getTenant(lower);
  // `consumers` (Microsoft accounts) and unknown tenants both end here: tenantbox has no MSA world.
  if (!tenant) throw identityErrors.tenantNotFound(segment);
  return { kind: 'tenant', segment, tenant };
}

/**
 * The application behind `client_id`, usable from this authority: registered in the tenant, or
 * multi-tenant (its service principal in the tenant is created on first consent). Throws 700016
 * for unknown apps and 50194 for single-tenant apps on /common.
 */
export async function resolveClientApp(s: Services, authority: Authority, clientId: string): Promise<ApplicationRecord> {
  const app = await s.stores.apps.findApplicationByAppId(clientId.toLowerCase());
  const where = authority.kind === 'tenant' ? authority.tenant.id : authority.segment;
  if (!app) throw identityErrors.unknownApp(clientId, where);
  if (authority.kind === 'multi') {
    if (app.signInAudience !== 'AzureADMultipleOrgs') throw identityErrors.singleTenantAppOnCommon(app.appId, app.displayName);
    return app;
  }
  if (app.tenantId !== authority.tenant.id && app.signInAudience !== 'AzureADMultipleOrgs') throw identityErrors.unknownApp(clientId, authority.tenant.id);
  return app;
}

/** The app's service principal in the user's tenant, if one exists there yet. */
export async function servicePrincipalIn(s: Services, tenantId: string, app: ApplicationRecord): Promise<ServicePrincipalRecord | undefined> {
  return s.stores.apps.getServicePrincipal(tenantId, app.appId);
}
