import { adminErrors } from '../shared/errors.js';
import type { Services } from '../shared/services.js';
import type { ApplicationRecord, ServicePrincipalRecord, TenantRecord, UserRecord } from '../store/types.js';
import { evaluateConsent, type ConsentItem } from './consent/evaluate.js';
import { GRAPH_RESOURCE } from './consent/resources.js';

// Lookups the identity admin routes share: an app by appId or display name as the tenant sees it.

export async function findAppInTenant(s: Pick<Services, 'stores'>, tenant: TenantRecord, nameOrAppId: string): Promise<{ app: ApplicationRecord; sp: ServicePrincipalRecord }> {
  const want = nameOrAppId.toLowerCase();
  const sps = await s.stores.apps.listServicePrincipals(tenant.id);
  let sp = sps.find((x) => x.appId === want) ?? sps.find((x) => x.displayName.toLowerCase() === want);
  let app = sp ? await s.stores.apps.findApplicationByAppId(sp.appId) : undefined;
  if (!app) {
    // A multi-tenant app of another tenant, not yet consented here: consent will create its SP.
    app = (await s.stores.apps.findApplicationByAppId(want)) ?? (await s.stores.apps.listApplications(tenant.id)).find((a) => a.displayName.toLowerCase() === want);
    if (!app) throw adminErrors.notFound(`App "${nameOrAppId}" in ${tenant.domain}`);
    sp = sps.find((x) => x.appId === app!.appId);
  }
  if (!sp) {
    if (app.tenantId !== tenant.id && app.signInAudience !== 'AzureADMultipleOrgs') throw adminErrors.notFound(`App "${nameOrAppId}" in ${tenant.domain}`);
    sp = { tenantId: tenant.id, id: '', appId: app.appId, displayName: app.displayName, accountEnabled: true, appRoleAssignmentRequired: false, appOwnerOrganizationId: app.tenantId, servicePrincipalType: 'Application', servicePrincipalNames: [app.appId], createdDateTime: '' };
  }
  return { app, sp };
}

/** The delegated permissions a `.default` user consent would write for this user (admin API). */
export async function evaluateConsentForAdmin(s: Services, tenant: TenantRecord, user: UserRecord, app: ApplicationRecord): Promise<ConsentItem[]> {
  const ev = await evaluateConsent(s, { tenant, user, client: app, resource: GRAPH_RESOURCE, scopes: '.default', prompt: 'consent' });
  return ev.toConsent;
}
