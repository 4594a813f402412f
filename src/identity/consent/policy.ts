import type { UserConsentSetting } from '../../tenant-file/types.js';
import { DIRECTORY_ROLES } from '../../tenant-file/directory-roles.js';
import type { ResourceRef } from './resources.js';

// The tenant's user-consent setting (permission-semantics §1.3.3-4) and the admin roles that may
// consent for the organization (§1.3.7), as data.

/**
 * Delegated permissions classified "low" when the tenant classifies nothing itself: the OpenID
 * scopes and User.Read, the classification Microsoft's docs walk through (configure-permission-classifications).
 */
export const LOW_IMPACT_GRAPH_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access', 'user.read']);

/**
 * Graph permissions `microsoft-user-default-recommended` keeps from users (manage-app-consent-policies,
 * dated 01/22/2026). Patterns ending in `.*` cover every permission with that prefix.
 */
export const RECOMMENDED_POLICY_EXCLUSIONS = [
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'Mail.*',
  'MailboxItem.*',
  'Calendars.Read',
  'Calendars.ReadBasic',
  'Calendars.ReadWrite',
  'Calendars.Read.Shared',
  'Calendars.ReadWrite.Shared',
  'Chat.Read',
  'Chat.ReadWrite',
  'OnlineMeetings.Read',
  'OnlineMeetings.ReadWrite',
  'MailboxFolder.*',
  'MailboxSettings.*',
  'Contacts.ReadWrite',
  'Contacts.Read.Shared',
  'Contacts.ReadWrite.Shared',
  'Tasks.*',
  'People.Read',
] as const;

/** Exchange Online's own legacy-protocol permissions, excluded by the same policy. */
export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const EXCHANGE_EXCLUSIONS = new Set(['eas.accessasuser.all', 'ews.accessasuser.all', 'imap.accessasuser.all', 'pop.accessasuser.all']);

const exact = new Set(RECOMMENDED_POLICY_EXCLUSIONS.filter((p) => !p.endsWith('.*')).map((p) => p.toLowerCase()));
const prefixes = RECOMMENDED_POLICY_EXCLUSIONS.filter((p) => p.endsWith('.*')).map((p) => p.slice(0, -1).toLowerCase());

export function excludedByRecommendedPolicy(resource: ResourceRef, scope: string): boolean {
  const v = scope.toLowerCase();
  if (resource.appId === EXCHANGE_ONLINE_APP_ID) return EXCHANGE_EXCLUSIONS.has(v);
  if (!resource.isGraph) return false;
  return exact.has(v) || prefixes.some((p) => v.startsWith(p));
}

export function isLowImpact(resource: ResourceRef, scope: string): boolean {
  return resource.isGraph && LOW_IMPACT_GRAPH_SCOPES.has(scope.toLowerCase());
}

/** Why a user may not consent to a user-consentable delegated scope; undefined when they may. */
export type PolicyBlock = 'user-consent-disabled' | 'not-low-impact' | 'unverified-publisher' | 'excluded-by-policy';

export function userConsentBlock(
  setting: UserConsentSetting,
  resource: ResourceRef,
  scope: string,
  client: { verifiedPublisher: boolean; homeTenantId: string },
  tenantId: string,
): PolicyBlock | undefined {
  switch (setting) {
    case 'none':
      return 'user-consent-disabled';
    case 'all':
      return undefined;
    case 'low-impact':
      if (!client.verifiedPublisher && client.homeTenantId !== tenantId) return 'unverified-publisher';
      return isLowImpact(resource, scope) ? undefined : 'not-low-impact';
    case 'microsoft-recommended':
      return excludedByRecommendedPolicy(resource, scope) ? 'excluded-by-policy' : undefined;
  }
}

const R = DIRECTORY_ROLES;
/** May consent to anything for the organization. */
export const FULL_CONSENT_ROLES = new Set([R['Global Administrator']!, R['Privileged Role Administrator']!]);
/** May consent to anything except Microsoft Graph app roles. */
export const APP_ADMIN_CONSENT_ROLES = new Set([R['Cloud Application Administrator']!, R['Application Administrator']!]);

export function adminConsentPower(roleTemplateIds: readonly string[]): 'all' | 'except-graph-app-roles' | 'none' {
  if (roleTemplateIds.some((r) => FULL_CONSENT_ROLES.has(r.toLowerCase()))) return 'all';
  if (roleTemplateIds.some((r) => APP_ADMIN_CONSENT_ROLES.has(r.toLowerCase()))) return 'except-graph-app-roles';
  return 'none';
}
