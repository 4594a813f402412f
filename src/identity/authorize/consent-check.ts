import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, TenantRecord, UserRecord } from '../../store/types.js';
import { evaluateConsent, type ConsentEvaluation, type ConsentItem } from '../consent/evaluate.js';
import type { ScopeRequest } from '../consent/scopes.js';
import { identityErrors, type IdentityError } from '../errors.js';
import type { ConsentItem as PageItem } from '../pages/consent-page.js';
import { describePermission } from '../pages/permission-words.js';

// The consent step of every interactive flow, on top of identity-core's evaluateConsent (which owns
// the rules of permission-semantics §1.3-1.5): evaluate each requested resource, merge the results
// into one prompt, and turn them into what the consent and approval pages show.

export interface CombinedEvaluation {
  toConsent: ConsentItem[];
  userMayConsent: boolean;
  userIsAdminConsenter: boolean;
  refusal?: ConsentEvaluation['refusal'];
}

type S = Pick<Services, 'stores' | 'catalog' | 'clock' | 'ids'>;

export async function evaluateRequest(s: S, r: { tenant: TenantRecord; user: UserRecord; client: ApplicationRecord; groups: ScopeRequest[]; prompt?: string }): Promise<CombinedEvaluation> {
  const evaluations: ConsentEvaluation[] = [];
  for (const [i, g] of r.groups.entries()) {
    evaluations.push(
      await evaluateConsent(s, {
        tenant: r.tenant,
        user: r.user,
        client: r.client,
        resource: g.resource,
        scopes: g.kind === 'default' ? '.default' : g.scopes,
        oidc: i === 0 ? g.oidc : [],
        prompt: r.prompt,
      }),
    );
  }
  const seen = new Set<string>();
  const toConsent = evaluations
    .flatMap((e) => e.toConsent)
    .filter((item) => {
      const k = `${item.resource.appId}|${item.kind}|${item.scope.toLowerCase()}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
  const out: CombinedEvaluation = {
    toConsent,
    userMayConsent: evaluations.every((e) => e.userMayConsent),
    userIsAdminConsenter: evaluations.every((e) => e.userIsAdminConsenter),
  };
  if (!out.userMayConsent && !out.userIsAdminConsenter) {
    const refusals = evaluations.map((e) => e.refusal).filter(Boolean);
    out.refusal = refusals.includes('AADSTS90094') ? 'AADSTS90094' : (refusals[0] ?? 'AADSTS90094');
  }
  return out;
}

export function refusalError(refusal: NonNullable<ConsentEvaluation['refusal']>, app: ApplicationRecord, tenant: TenantRecord): IdentityError {
  if (refusal === 'AADSTS90093') return identityErrors.consentBlockedByPolicy(app.displayName, tenant.displayName);
  if (refusal === 'AADSTS90095') return identityErrors.adminApprovalRequired(app.displayName);
  return identityErrors.adminConsentRequired(app.displayName);
}

/** The items as the consent page lists them: our own words, the admin mark, the API name. */
export function pageItems(items: readonly ConsentItem[]): PageItem[] {
  return items.map((i) => {
    const exposed = i.resource.app?.api.oauth2PermissionScopes.find((x) => x.value.toLowerCase() === i.scope.toLowerCase());
    return {
      resourceName: i.resource.displayName,
      value: i.scope,
      kind: i.kind,
      adminOnly: i.needsAdmin,
      words: describePermission(i.scope, i.kind, { exposedDisplayName: exposed?.userConsentDisplayName || exposed?.adminConsentDisplayName || undefined }),
    };
  });
}

/**
 * May this user use this app at all in their tenant? A disabled service principal stops every
 * sign-in (AADSTS7000112); with assignment required, the user (or a group they are a direct member
 * of) needs an app role assignment on it (AADSTS50105, permission-semantics §1.8).
 */
export async function appAccessError(s: S, tenant: TenantRecord, app: ApplicationRecord, user: UserRecord): Promise<IdentityError | undefined> {
  const sp = await s.stores.apps.getServicePrincipal(tenant.id, app.appId);
  if (!sp) return undefined;
  if (!sp.accountEnabled) return identityErrors.appDisabled(app.appId, app.displayName);
  if (!sp.appRoleAssignmentRequired) return undefined;
  const principals = new Set([user.id, ...(await s.stores.directory.listMemberOf(tenant.id, user.id))]);
  const assignments = await s.stores.grants.listAppRoleAssignments(tenant.id, { resourceId: sp.id });
  if (assignments.some((a) => principals.has(a.principalId))) return undefined;
  return identityErrors.userNotAssigned(app.appId, app.displayName);
}
