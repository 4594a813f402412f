import type { Services } from '../../../shared/services.js';
import { GRAPH_APP_ID, type ServicePrincipalRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';

// A delegated grant's `scope` must name delegated permissions the resource defines: Microsoft
// Graph's from the catalog, another API's from its app registration's exposed scopes.
export async function validateGrantScope(s: Services, resource: ServicePrincipalRecord, scope: string): Promise<string> {
  const values = scope.split(' ').filter(Boolean);
  const app = resource.appId === GRAPH_APP_ID ? undefined : await s.stores.apps.findApplicationByAppId(resource.appId);
  for (const v of values) {
    const known =
      resource.appId === GRAPH_APP_ID
        ? Boolean(s.catalog.permission(v)?.delegated)
        : Boolean(app?.api.oauth2PermissionScopes.some((x) => x.value.toLowerCase() === v.toLowerCase()));
    if (!known) throw graphErrors.directoryBadRequest(`Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant': '${v}' is not a delegated permission of ${resource.displayName}.`);
  }
  // Canonical casing for Graph's permissions, as Entra stores them.
  return values.map((v) => (resource.appId === GRAPH_APP_ID ? s.catalog.permission(v)!.name : v)).join(' ');
}
