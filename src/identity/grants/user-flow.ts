import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, ServicePrincipalRecord, TenantRecord } from '../../store/types.js';
import { identityErrors } from '../errors.js';

/**
 * The client's service principal for a delegated flow at the token endpoint. A multi-tenant app not
 * yet consented in the user's tenant has none: that is missing consent (65001), which only an
 * interactive sign-in can give. A single-tenant app of another tenant is unknown here (700016).
 */
export async function userFlowServicePrincipal(s: Pick<Services, 'stores'>, tenant: TenantRecord, app: ApplicationRecord): Promise<ServicePrincipalRecord> {
  const sp = await s.stores.apps.getServicePrincipal(tenant.id, app.appId);
  if (!sp) {
    if (app.tenantId !== tenant.id && app.signInAudience === 'AzureADMultipleOrgs') throw identityErrors.consentRequired(app.appId, app.displayName);
    throw identityErrors.unknownApp(app.appId, tenant.id);
  }
  if (!sp.accountEnabled) throw identityErrors.appDisabled(app.appId, app.displayName);
  return sp;
}
