import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, ServicePrincipalRecord, TenantRecord, UserRecord } from '../../store/types.js';
import { grantedDelegatedScopes, hasAnyDelegatedGrant } from './granted.js';
import { adminConsentPower, userConsentBlock, type PolicyBlock } from './policy.js';
import { delegatedScope, GRAPH_RESOURCE, resourceServicePrincipal, staticRequirements, type ResourceRef } from './resources.js';

// Who may consent to what (permission-semantics §1.3), for the consent page and for grant checks.
// Pure apart from reading grants: the same request always gives the same answer for the same store.

export type ConsentReason = 'admin-only' | 'application-permission' | 'assignment-required' | PolicyBlock;

export interface ConsentItem {
  resource: ResourceRef;
  /** Canonical permission value, e.g. `Calendars.ReadWrite` or `access_as_user`. */
  scope: string;
  /** The permission's GUID (oauth2PermissionScope or appRole id) where known. */
  id: string | null;
  kind: 'delegated' | 'application';
  /** The permission itself is admin-restricted (`type: "Admin"`, or an app role). */
  adminRestricted: boolean;
  /** This user cannot grant it for themselves: it takes an admin, for the organization. */
  needsAdmin: boolean;
  /** Why an admin is needed (undefined when the user may consent). */
  reason: ConsentReason | undefined;
}

export type ConsentRefusal = 'AADSTS90094' | 'AADSTS90093' | 'AADSTS90095';

export interface ConsentEvaluation {
  /** Delegated scopes already granted on `resource` to this user (or to everyone). */
  alreadyGranted: string[];
  /** What a consent prompt must list: every permission not yet granted (application ones only for admins). */
  toConsent: ConsentItem[];
  /** The user may grant every delegated item for themselves. */
  userMayConsent: boolean;
  /** The user holds a role that may consent to all of `toConsent` for the organization. */
  userIsAdminConsenter: boolean;
  /** Set when the user can neither consent nor consent as an admin: the error page to show. */
  refusal?: ConsentRefusal;
}

export interface ConsentRequest {
  tenant: TenantRecord;
  user: UserRecord;
  client: ApplicationRecord;
  resource: ResourceRef;
  /** Named scope values on `resource`, or `.default` (the client's static permissions, §1.4). */
  scopes: readonly string[] | '.default';
  /** OIDC scopes of the request (openid, profile, email, offline_access). */
  oidc?: readonly string[];
  /** prompt=consent: list everything requested, granted or not. */
  prompt?: string;
}

type S = Pick<Services, 'stores' | 'catalog' | 'clock' | 'ids'>;

export async function evaluateConsent(s: S, r: ConsentRequest): Promise<ConsentEvaluation> {
  const clientSp = await s.stores.apps.getServicePrincipal(r.tenant.id, r.client.appId);
  const forcePrompt = r.prompt === 'consent';
  const granted = await grantedOn(s, r, clientSp, r.resource);
  const power = adminConsentPower(r.user.roles);
  const candidates: Omit<ConsentItem, 'needsAdmin' | 'reason'>[] = [];

  if (r.scopes === '.default') {
    // Any existing grant on the resource means no prompt; otherwise every static permission of every API (§1.4.2).
    if (granted.length === 0 || forcePrompt) {
      for (const req of await staticRequirements(s, r.client)) {
        const have = req.resource.appId === r.resource.appId ? granted : await grantedOn(s, r, clientSp, req.resource);
        for (const d of req.delegated) if (forcePrompt || !includesCi(have, d.value)) candidates.push({ resource: req.resource, scope: d.value, id: d.id, kind: 'delegated', adminRestricted: d.requiresAdmin });
        // Application permissions are granted only by an admin consenting for the organization.
        if (power !== 'none') for (const a of req.application) candidates.push({ resource: req.resource, scope: a.value, id: a.id, kind: 'application', adminRestricted: true });
      }
    }
  } else {
    const anyGrant = clientSp ? await hasAnyDelegatedGrant(s, r.tenant.id, clientSp.id, r.user.id) : false;
    for (const o of r.oidc ?? []) {
      // The OpenID scopes come with any consent already given to the client (MSAL always adds them).
      if (anyGrant && !forcePrompt) continue;
      const def = delegatedScope(s, graphOf(r), o);
      candidates.push({ resource: graphOf(r), scope: def?.value ?? o, id: def?.id ?? null, kind: 'delegated', adminRestricted: false });
    }
    for (const v of r.scopes) {
      if (!forcePrompt && includesCi(granted, v)) continue;
      const def = delegatedScope(s, r.resource, v);
      candidates.push({ resource: r.resource, scope: def?.value ?? v, id: def?.id ?? null, kind: 'delegated', adminRestricted: def?.requiresAdmin ?? false });
    }
  }

  const clientInfo = { verifiedPublisher: r.client.verifiedPublisher, homeTenantId: r.client.tenantId };
  const toConsent: ConsentItem[] = dedupe(candidates).map((c) => {
    let reason: ConsentReason | undefined;
    if (c.kind === 'application') reason = 'application-permission';
    else if (c.adminRestricted) reason = 'admin-only';
    else if (clientSp?.appRoleAssignmentRequired) reason = 'assignment-required';
    else reason = userConsentBlock(r.tenant.userConsent, c.resource, c.scope, clientInfo, r.tenant.id);
    return { ...c, needsAdmin: reason !== undefined, reason };
  });

  const userMayConsent = toConsent.every((i) => i.kind === 'application' || !i.needsAdmin);
  const userIsAdminConsenter = power === 'all' || (power === 'except-graph-app-roles' && !toConsent.some((i) => i.kind === 'application' && i.resource.isGraph));
  const out: ConsentEvaluation = { alreadyGranted: granted, toConsent, userMayConsent, userIsAdminConsenter };
  if (!userMayConsent && !userIsAdminConsenter) {
    const adminOnly = toConsent.some((i) => i.reason === 'admin-only' || i.reason === 'assignment-required' || i.reason === 'application-permission');
    out.refusal = adminOnly ? 'AADSTS90094' : 'AADSTS90093';
  }
  return out;
}

async function grantedOn(s: S, r: ConsentRequest, clientSp: ServicePrincipalRecord | undefined, resource: ResourceRef): Promise<string[]> {
  const resourceSp = await resourceServicePrincipal(s, r.tenant.id, resource);
  if (!clientSp) return grantedDelegatedScopes(s, r.tenant.id, '', r.client.appId, resource, undefined, r.user.id);
  return grantedDelegatedScopes(s, r.tenant.id, clientSp.id, r.client.appId, resource, resourceSp?.id, r.user.id);
}

const graphOf = (r: ConsentRequest): ResourceRef => (r.resource.isGraph ? r.resource : GRAPH_RESOURCE);

const includesCi = (list: readonly string[], v: string) => list.some((x) => x.toLowerCase() === v.toLowerCase());

function dedupe<T extends { resource: ResourceRef; scope: string; kind: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.resource.appId}|${i.kind}|${i.scope.toLowerCase()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
