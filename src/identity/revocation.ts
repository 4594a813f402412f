import type { Services } from '../shared/services.js';
import type { AppRoleAssignmentRecord, OAuth2PermissionGrantRecord, ServicePrincipalRecord, UserRecord } from '../store/types.js';

// Revocation as Entra does it (permission-semantics §1.7). Nothing here touches access tokens already
// issued: they live until `exp`. What changes is what the token endpoint will issue next.

type S = Pick<Services, 'stores' | 'clock'>;

/**
 * revokeSignInSessions: every refresh token (and session) issued before now is refused with
 * AADSTS50173 from now on. Returns the updated user.
 */
export async function revokeUserSessions(s: S, user: UserRecord): Promise<UserRecord> {
  const updated: UserRecord = { ...user, signInSessionsValidFromDateTime: s.clock.nowDate().toISOString() };
  await s.stores.directory.putUser(updated);
  return updated;
}

/** accountEnabled on the client's service principal: false → AADSTS7000112 for every flow. */
export async function setServicePrincipalEnabled(s: S, sp: ServicePrincipalRecord, accountEnabled: boolean): Promise<ServicePrincipalRecord> {
  const updated: ServicePrincipalRecord = { ...sp, accountEnabled };
  await s.stores.apps.putServicePrincipal(updated);
  return updated;
}

/**
 * Removes scopes from a delegated grant (all of them when `scopes` is undefined, which deletes the
 * grant). Refreshes then drop those scopes; naming one again is AADSTS65001.
 */
export async function revokeDelegatedScopes(s: S, grant: OAuth2PermissionGrantRecord, scopes?: readonly string[]): Promise<OAuth2PermissionGrantRecord | undefined> {
  const drop = scopes?.map((x) => x.toLowerCase());
  const left = drop ? grant.scope.split(/\s+/).filter((v) => v && !drop.includes(v.toLowerCase())) : [];
  if (left.length === 0) {
    await s.stores.grants.deleteDelegatedGrant(grant.tenantId, grant.id);
    return undefined;
  }
  const updated = { ...grant, scope: left.join(' ') };
  await s.stores.grants.putDelegatedGrant(updated);
  return updated;
}

/** Deleting an appRoleAssignment: the next client-credentials token lacks the role. */
export async function revokeAppRole(s: S, assignment: AppRoleAssignmentRecord): Promise<void> {
  await s.stores.grants.deleteAppRoleAssignment(assignment.tenantId, assignment.id);
}
