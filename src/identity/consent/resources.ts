import type { Services } from '../../shared/services.js';
import { isGuid } from '../../shared/ids.js';
import { GRAPH_APP_ID, type ApplicationRecord, type ExposedScope, type ServicePrincipalRecord } from '../../store/types.js';

// Resources a scope can name: Microsoft Graph (by URL, by appId, or implied when no resource is
// written), or an API registered in a tenant (by identifier URI, `api://<appId>`, or its appId).

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const GRAPH_DISPLAY_NAME = 'Microsoft Graph';

export interface ResourceRef {
  appId: string;
  /** `aud` of v1 access tokens for it: https://graph.microsoft.com, or the identifier URI the client named. */
  audience: string;
  displayName: string;
  isGraph: boolean;
  /** The registration of a custom API (undefined for Graph). */
  app?: ApplicationRecord;
}

export const GRAPH_RESOURCE: ResourceRef = Object.freeze({ appId: GRAPH_APP_ID, audience: GRAPH_AUDIENCE, displayName: GRAPH_DISPLAY_NAME, isGraph: true });

const GRAPH_NAMES = new Set([GRAPH_AUDIENCE, GRAPH_APP_ID, 'graph', 'https://graph.microsoft.com/', 'https://canary.graph.microsoft.com', 'https://graph.microsoft.us']);

export function isGraphIdentifier(identifier: string): boolean {
  return GRAPH_NAMES.has(identifier.toLowerCase().replace(/\/+$/, ''));
}

/** Finds the resource a scope prefix (or a tenant-file key) names; undefined when nothing matches. */
export async function findResource(s: Pick<Services, 'stores'>, identifier: string): Promise<ResourceRef | undefined> {
  const id = identifier.trim().replace(/\/+$/, '');
  if (isGraphIdentifier(id)) return GRAPH_RESOURCE;
  let app = await s.stores.apps.findApplicationByIdentifierUri(id);
  let audience = id;
  if (!app) {
    const guid = isGuid(id) ? id : /^api:\/\/([0-9a-f-]{36})$/i.exec(id)?.[1];
    if (guid) {
      app = await s.stores.apps.findApplicationByAppId(guid.toLowerCase());
      // Asked by appId: the token's audience is the appId itself (as Entra does for GUID resources).
      if (app) audience = isGuid(id) ? app.appId : id;
    }
  }
  if (!app) return undefined;
  return { appId: app.appId, audience, displayName: app.displayName, isGraph: false, app };
}

/** A delegated scope the resource exposes, by value (case-insensitive), with its admin flag. */
export interface DelegatedScopeDef {
  value: string; // canonical casing
  id: string | null;
  requiresAdmin: boolean;
}

export function delegatedScope(s: Pick<Services, 'catalog'>, resource: ResourceRef, value: string): DelegatedScopeDef | undefined {
  if (resource.isGraph) {
    const p = s.catalog.permission(value);
    if (!p?.delegated || p.delegated.disabled) return undefined;
    return { value: p.name, id: p.delegated.id, requiresAdmin: p.delegated.requiresAdminConsent };
  }
  const sc = exposedScope(resource.app, (x) => x.value.toLowerCase() === value.toLowerCase());
  return sc ? { value: sc.value, id: sc.id, requiresAdmin: sc.type === 'Admin' } : undefined;
}

export function delegatedScopeById(s: Pick<Services, 'catalog'>, resource: ResourceRef, id: string): DelegatedScopeDef | undefined {
  if (resource.isGraph) {
    const hit = s.catalog.permissionById(id, 'delegated');
    return hit ? delegatedScope(s, resource, hit.name) : undefined;
  }
  const sc = exposedScope(resource.app, (x) => x.id.toLowerCase() === id.toLowerCase());
  return sc ? { value: sc.value, id: sc.id, requiresAdmin: sc.type === 'Admin' } : undefined;
}

function exposedScope(app: ApplicationRecord | undefined, pred: (x: ExposedScope) => boolean): ExposedScope | undefined {
  return app?.api.oauth2PermissionScopes.find((x) => x.isEnabled !== false && pred(x));
}

/**
 * The resource's service principal in the tenant. Microsoft Graph's exists in every tenant (the
 * seeder writes it; made here with a stable id if a tenant somehow lacks it). A custom API gets one
 * when it is registered in the tenant or is multi-tenant (as consent to it would provision it).
 */
export async function resourceServicePrincipal(s: Pick<Services, 'stores' | 'clock' | 'ids'>, tenantId: string, resource: ResourceRef, create = false): Promise<ServicePrincipalRecord | undefined> {
  const sp = await s.stores.apps.getServicePrincipal(tenantId, resource.appId);
  if (sp || (!resource.isGraph && !create)) return sp;
  if (!resource.isGraph && resource.app && resource.app.tenantId !== tenantId && resource.app.signInAudience !== 'AzureADMultipleOrgs') return undefined;
  return ensureServicePrincipal(s, tenantId, {
    appId: resource.appId,
    displayName: resource.displayName,
    appOwnerOrganizationId: resource.isGraph ? 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' : resource.app!.tenantId,
    servicePrincipalNames: resource.isGraph ? [GRAPH_APP_ID, GRAPH_AUDIENCE, 'https://graph.microsoft.com/', 'https://canary.graph.microsoft.com'] : [resource.appId, ...(resource.app?.identifierUris ?? [])],
  });
}

/** Creates the service principal of an app in a tenant (first consent of a multi-tenant app there). */
export async function ensureServicePrincipal(
  s: Pick<Services, 'stores' | 'clock' | 'ids'>,
  tenantId: string,
  app: { appId: string; displayName: string; appOwnerOrganizationId: string | null; servicePrincipalNames: string[] },
): Promise<ServicePrincipalRecord> {
  const existing = await s.stores.apps.getServicePrincipal(tenantId, app.appId);
  if (existing) return existing;
  const id = await s.stores.stableIds.idFor('servicePrincipal', `${tenantId}:${app.appId}`, () => s.ids.uuid());
  const sp: ServicePrincipalRecord = {
    tenantId,
    id,
    appId: app.appId,
    displayName: app.displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appOwnerOrganizationId: app.appOwnerOrganizationId,
    servicePrincipalType: 'Application',
    servicePrincipalNames: app.servicePrincipalNames,
    createdDateTime: s.clock.nowDate().toISOString(),
  };
  await s.stores.apps.putServicePrincipal(sp);
  return sp;
}

export function clientServicePrincipalSpec(app: ApplicationRecord) {
  return { appId: app.appId, displayName: app.displayName, appOwnerOrganizationId: app.tenantId, servicePrincipalNames: [app.appId, ...app.identifierUris] };
}

export interface StaticRequirement {
  resource: ResourceRef;
  delegated: DelegatedScopeDef[];
  application: { value: string; id: string }[];
}

/** The client's `requiredResourceAccess`, resolved to permission names (what `.default` means, §1.4.1). */
export async function staticRequirements(s: Pick<Services, 'stores' | 'catalog'>, client: ApplicationRecord): Promise<StaticRequirement[]> {
  const out: StaticRequirement[] = [];
  for (const rra of client.requiredResourceAccess) {
    const resource = rra.resourceAppId === GRAPH_APP_ID ? GRAPH_RESOURCE : await findResource(s, rra.resourceAppId);
    if (!resource) continue;
    const req: StaticRequirement = { resource, delegated: [], application: [] };
    for (const ra of rra.resourceAccess) {
      if (ra.type === 'Scope') {
        const def = delegatedScopeById(s, resource, ra.id);
        if (def) req.delegated.push(def);
      } else if (resource.isGraph) {
        const hit = s.catalog.permissionById(ra.id, 'application');
        if (hit) req.application.push({ value: hit.name, id: ra.id });
      }
    }
    out.push(req);
  }
  return out;
}
