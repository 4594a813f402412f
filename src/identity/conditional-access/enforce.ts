import type { Services } from '../../shared/services.js';
import type { ApplicationRecord, TenantRecord, UserRecord } from '../../store/types.js';
import type { ScopeRequest } from '../consent/scopes.js';
import { identityErrors } from '../errors.js';
import { claimsChallenge, evaluateConditionalAccess, type CaDecision, type CaTarget } from './evaluate.js';

// The token endpoint's side: a grant without a user interface (password, refresh token, OBO,
// device code poll) cannot satisfy MFA, so an unmet MFA requirement is `interaction_required`
// AADSTS50076 (50079 when the user has no method registered), with suberror `basic_action` and a
// `claims` challenge; a block is AADSTS53003 with suberror `message_only`.

/** The apps a delegated token request targets: the client, and the resource unless only OIDC scopes were asked. */
export function targetsOf(client: ApplicationRecord, scope: Pick<ScopeRequest, 'kind' | 'resource'>): CaTarget[] {
  const targets: CaTarget[] = [{ appId: client.appId, displayName: client.displayName }];
  if (scope.kind !== 'oidc-only' && scope.resource.appId !== client.appId) targets.push({ appId: scope.resource.appId, displayName: scope.resource.displayName });
  return targets;
}

export async function enforceAtTokenEndpoint(
  s: Pick<Services, 'stores' | 'run' | 'clock'>,
  r: { tenant: TenantRecord; user: UserRecord; client: ApplicationRecord; scope: Pick<ScopeRequest, 'kind' | 'resource'>; mfa: boolean },
): Promise<void> {
  const decision = await evaluateConditionalAccess(s, { tenant: r.tenant, user: r.user, targets: targetsOf(r.client, r.scope), mfa: r.mfa });
  throwFor(decision, r.scope.kind === 'oidc-only' ? r.client.appId : r.scope.resource.appId);
}

export function throwFor(decision: CaDecision, resourceAppId: string): void {
  if (decision.kind === 'block') throw identityErrors.blockedByConditionalAccess();
  if (decision.kind === 'mfa') {
    const claims = claimsChallenge(decision.policyIds);
    throw decision.registered ? identityErrors.mfaRequired(resourceAppId, claims) : identityErrors.mfaRegistrationRequired(resourceAppId, claims);
  }
}
