import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, AppRoleAssignmentRecord, OAuth2PermissionGrantRecord, ServicePrincipalRecord, TenantRecord, UserRecord } from '../../store/types.js';
import { identityErrors } from '../errors.js';
import { completeConsentRequests } from './admin-consent-workflow.js';
import type { ConsentItem } from './evaluate.js';
import { adminConsentPower } from './policy.js';
import { clientServicePrincipalSpec, delegatedScope, ensureServicePrincipal, GRAPH_RESOURCE, resourceServicePrincipal, staticRequirements, type ResourceRef } from './resources.js';
import { resolveScopeRequest } from './scopes.js';

// Writing consent the way Entra records it (permission-semantics §1.6): one oAuth2PermissionGrant per
// (client SP, resource SP, consent type, principal), extended in place; app role assignments for
// application permissions; and the client's service principal created in the tenant the first time a
// multi-tenant app from another tenant is consented there.

type S = Pick<Services, 'stores' | 'catalog' | 'clock' | 'ids'>;

export interface RecordConsentInput {
  tenant: TenantRecord;
  client: ApplicationRecord;
  /** The consenting user: the principal of a `Principal` grant (may be absent when forOrganization). */
  user?: UserRecord;
  /** AllPrincipals grants and app role assignments, instead of a grant for `user` alone. */
  forOrganization: boolean;
  /** What to grant: the items of an evaluateConsent result ... */
  items?: readonly Pick<ConsentItem, 'resource' | 'scope' | 'kind' | 'id'>[];
  /** ... or delegated scope values on one resource. */
  resource?: ResourceRef;
  scopes?: readonly string[];
}

export interface RecordedConsent {
  clientServicePrincipal: ServicePrincipalRecord;
  delegatedGrants: OAuth2PermissionGrantRecord[];
  appRoleAssignments: AppRoleAssignmentRecord[];
}

export async function recordConsent(s: S, input: RecordConsentInput): Promise<RecordedConsent> {
  const { tenant, client, user, forOrganization } = input;
  if (!forOrganization && !user) throw new Error('recordConsent: a user consent needs the user');
  const items: Pick<ConsentItem, 'resource' | 'scope' | 'kind' | 'id'>[] = [...(input.items ?? [])];
  if (input.resource) for (const v of input.scopes ?? []) items.push({ resource: input.resource, scope: v, kind: 'delegated', id: null });
  if (items.some((i) => i.kind === 'application') && !forOrganization) throw new Error('recordConsent: application permissions are granted only for the organization');

  return s.stores.transaction(async () => {
    const clientSp = await ensureServicePrincipal(s, tenant.id, clientServicePrincipalSpec(client));
    const out: RecordedConsent = { clientServicePrincipal: clientSp, delegatedGrants: [], appRoleAssignments: [] };
    const byResource = new Map<string, { resource: ResourceRef; delegated: string[]; application: { value: string; id: string | null }[] }>();
    for (const i of items) {
      const e = byResource.get(i.resource.appId) ?? { resource: i.resource, delegated: [], application: [] };
      if (i.kind === 'delegated') e.delegated.push(i.scope);
      else e.application.push({ value: i.scope, id: i.id });
      byResource.set(i.resource.appId, e);
    }
    for (const { resource, delegated, application } of byResource.values()) {
      const resourceSp = await resourceServicePrincipal(s, tenant.id, resource, true);
      if (!resourceSp) throw identityErrors.resourceNotFound(resource.audience, tenant.displayName);
      if (delegated.length) out.delegatedGrants.push(await extendGrant(s, tenant.id, clientSp.id, resourceSp.id, forOrganization ? null : user!.id, delegated));
      for (const a of application) {
        const roleId = a.id ?? s.catalog.permission(a.value)?.application?.id;
        if (!roleId) continue;
        out.appRoleAssignments.push(await assignAppRole(s, tenant.id, clientSp, resourceSp, roleId));
      }
    }
    // Consent for the organization is how a reviewer approves the app's admin consent requests.
    if (forOrganization) await completeConsentRequests(s, tenant.id, client.appId, user);
    return out;
  });
}

/** Adds scopes to the (client, resource, principal) grant, creating it if needed. */
export async function extendGrant(s: S, tenantId: string, clientSpId: string, resourceSpId: string, principalId: string | null, scopes: readonly string[]): Promise<OAuth2PermissionGrantRecord> {
  const existing = (await s.stores.grants.listDelegatedGrants(tenantId, { clientId: clientSpId, resourceId: resourceSpId })).find((g) =>
    principalId === null ? g.consentType === 'AllPrincipals' : g.consentType === 'Principal' && g.principalId === principalId,
  );
  const values = existing ? existing.scope.split(/\s+/).filter(Boolean) : [];
  for (const v of scopes) if (!values.some((x) => x.toLowerCase() === v.toLowerCase())) values.push(v);
  const grant: OAuth2PermissionGrantRecord = {
    tenantId,
    id: existing?.id ?? grantId(s),
    clientId: clientSpId,
    consentType: principalId === null ? 'AllPrincipals' : 'Principal',
    principalId,
    resourceId: resourceSpId,
    scope: values.join(' '),
  };
  await s.stores.grants.putDelegatedGrant(grant);
  return grant;
}

async function assignAppRole(s: S, tenantId: string, clientSp: ServicePrincipalRecord, resourceSp: ServicePrincipalRecord, appRoleId: string): Promise<AppRoleAssignmentRecord> {
  const existing = (await s.stores.grants.listAppRoleAssignments(tenantId, { principalId: clientSp.id, resourceId: resourceSp.id })).find((a) => a.appRoleId === appRoleId);
  if (existing) return existing;
  const a: AppRoleAssignmentRecord = {
    tenantId,
    id: s.ids.token(32).slice(0, 43),
    principalId: clientSp.id,
    principalType: 'ServicePrincipal',
    principalDisplayName: clientSp.displayName,
    resourceId: resourceSp.id,
    resourceDisplayName: resourceSp.displayName,
    appRoleId,
    createdDateTime: s.clock.nowDate().toISOString(),
  };
  await s.stores.grants.putAppRoleAssignment(a);
  return a;
}

/** Graph's oAuth2PermissionGrant ids are 43-character base64url strings, not GUIDs. */
const grantId = (s: S) => s.ids.token(32).slice(0, 43);

export interface AdminConsentInput {
  tenant: TenantRecord;
  client: ApplicationRecord;
  /** The signed-in admin (checked for a role that may consent), or undefined for the admin API / tenant file. */
  admin?: UserRecord;
  /** `.default` = every static permission (delegated for all principals + app roles), or named delegated scopes. */
  scopes: '.default' | string;
}

/**
 * Tenant-wide admin consent (the /adminconsent endpoint and the admin API). Throws 90094 when the
 * signed-in user has no role that may consent (or may not grant Graph app roles, §1.3.7).
 */
export async function grantAdminConsent(s: S, input: AdminConsentInput): Promise<RecordedConsent> {
  const items: Pick<ConsentItem, 'resource' | 'scope' | 'kind' | 'id'>[] = [];
  const isDefault = input.scopes === '.default' || /(^|\s)\S*\/?\.default(\s|$)/.test(input.scopes);
  if (isDefault) {
    for (const req of await staticRequirements(s, input.client)) {
      for (const d of req.delegated) items.push({ resource: req.resource, scope: d.value, kind: 'delegated', id: d.id });
      for (const a of req.application) items.push({ resource: req.resource, scope: a.value, kind: 'application', id: a.id });
    }
  } else {
    const req = await resolveScopeRequest(s, input.scopes, input.client);
    // The OpenID scopes are Graph permissions, whatever API the rest of the request names.
    for (const o of req.oidc) {
      const def = delegatedScope(s, GRAPH_RESOURCE, o);
      items.push({ resource: GRAPH_RESOURCE, scope: def?.value ?? o, kind: 'delegated', id: def?.id ?? null });
    }
    for (const v of req.scopes) items.push({ resource: req.resource, scope: v, kind: 'delegated', id: delegatedScope(s, req.resource, v)?.id ?? null });
  }
  if (input.admin) {
    const power = adminConsentPower(input.admin.roles);
    const graphRoles = items.some((i) => i.kind === 'application' && i.resource.isGraph);
    if (power === 'none' || (power === 'except-graph-app-roles' && graphRoles)) throw identityErrors.adminConsentRequired(input.client.displayName);
  }
  return recordConsent(s, { tenant: input.tenant, client: input.client, user: input.admin, forOrganization: true, items });
}
