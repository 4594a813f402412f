import type { Services } from '../../shared/services.js';
import type { OAuth2PermissionGrantRecord } from '../../store/types.js';
import { delegatedScopeById, type ResourceRef } from './resources.js';

// What a client holds today, read from the grants as Entra records them (§1.6): a user's delegated
// scopes on a resource are AllPrincipals ∪ Principal(user) ∪ what the resource pre-authorizes for
// the client; app-only roles are the client SP's appRoleAssignments on the resource SP.

type S = Pick<Services, 'stores' | 'catalog'>;

export async function delegatedGrantsFor(s: S, tenantId: string, clientSpId: string, resourceSpId: string | undefined, userId: string): Promise<OAuth2PermissionGrantRecord[]> {
  const grants = await s.stores.grants.listDelegatedGrants(tenantId, resourceSpId ? { clientId: clientSpId, resourceId: resourceSpId } : { clientId: clientSpId });
  return grants.filter((g) => g.consentType === 'AllPrincipals' || g.principalId === userId);
}

/** Granted delegated scope values (as recorded, de-duplicated case-insensitively). */
export async function grantedDelegatedScopes(s: S, tenantId: string, clientSpId: string, clientAppId: string, resource: ResourceRef, resourceSpId: string | undefined, userId: string): Promise<string[]> {
  const out = new Map<string, string>();
  if (resourceSpId) {
    for (const g of await delegatedGrantsFor(s, tenantId, clientSpId, resourceSpId, userId)) {
      for (const v of g.scope.split(/\s+/)) if (v) out.set(v.toLowerCase(), out.get(v.toLowerCase()) ?? v);
    }
  }
  // preAuthorizedApplications: the API owner consented for this client in advance (§1.6.7).
  for (const pre of resource.app?.api.preAuthorizedApplications ?? []) {
    if (pre.appId.toLowerCase() !== clientAppId) continue;
    for (const id of pre.delegatedPermissionIds) {
      const def = delegatedScopeById(s, resource, id);
      if (def) out.set(def.value.toLowerCase(), def.value);
    }
  }
  return [...out.values()];
}

/** Does the user (or everyone) hold any delegated grant for this client, on any resource? */
export async function hasAnyDelegatedGrant(s: S, tenantId: string, clientSpId: string, userId: string): Promise<boolean> {
  return (await delegatedGrantsFor(s, tenantId, clientSpId, undefined, userId)).some((g) => g.scope.trim() !== '');
}

/** App role values (Graph: permission names) the client SP holds on the resource SP. */
export async function grantedAppRoles(s: S, tenantId: string, clientSpId: string, resourceSpId: string): Promise<{ ids: string[]; values: string[] }> {
  const assignments = await s.stores.grants.listAppRoleAssignments(tenantId, { principalId: clientSpId, resourceId: resourceSpId });
  const ids: string[] = [];
  const values: string[] = [];
  for (const a of assignments) {
    const hit = s.catalog.permissionById(a.appRoleId, 'application');
    ids.push(a.appRoleId);
    if (hit && !values.includes(hit.name)) values.push(hit.name);
  }
  return { ids, values };
}
