import type { Services } from '../../shared/services.js';
import type { ApplicationAccessPolicyRecord } from '../../store/types.js';

// Exchange application access policies (New-ApplicationAccessPolicy; semantics doc §5.1). They
// narrow which mailboxes an app reaches with app-only Outlook permissions. Evaluation per
// (app, target mailbox), in Exchange's documented order [D X1]:
//   1. Deny beats Restrict.
//   2. A matching DenyAccess policy → denied.
//   3. A matching RestrictAccess policy → granted.
//   4. The app has RestrictAccess policies but the mailbox matches none → denied.
//   5. Otherwise → granted.
// A policy matches the mailbox when its scope is the mailbox itself (UserMailbox / MailUser) or a
// mail-enabled security group the mailbox is in, nested groups included (transitive membership).
// A policy with AppId `*` applies to every app.

/** Graph application permissions the policies cover [D G8] (plus EWS full_access_as_app). */
export const AAP_COVERED_PERMISSIONS: readonly string[] = [
  'Mail.Read',
  'Mail.ReadBasic',
  'Mail.ReadBasic.All',
  'Mail.ReadWrite',
  'Mail.Send',
  'MailboxSettings.Read',
  'MailboxSettings.ReadWrite',
  'Calendars.Read',
  'Calendars.ReadWrite',
  'Contacts.Read',
  'Contacts.ReadWrite',
];

const COVERED = new Set(AAP_COVERED_PERMISSIONS.map((p) => p.toLowerCase()));
// Newer members of the same Exchange permission families (e.g. Calendars.ReadBasic) postdate the
// documented list; they reach the same mailboxes, so they are covered too: no way around a policy [I].
const COVERED_FAMILY = /^(mail|mailboxsettings|calendars|contacts)\./i;

/** Whether an app-only call allowed by `permission` is subject to application access policies. */
export function isCoveredByApplicationAccessPolicies(permission: string): boolean {
  return COVERED.has(permission.toLowerCase()) || COVERED_FAMILY.test(permission);
}

export interface AapDecision {
  result: 'Granted' | 'Denied';
  /** The policy that decided, if any (what `Test-ApplicationAccessPolicy` would name). */
  policy: ApplicationAccessPolicyRecord | null;
  reason: string;
}

/** Is `mailboxId` in the policy's scope: the mailbox itself, or (transitively) in its group. */
export type ScopeMembership = (scopeGroupId: string, mailboxId: string) => Promise<boolean>;

export async function evaluateApplicationAccessPolicies(
  policies: readonly ApplicationAccessPolicyRecord[],
  appId: string,
  mailboxId: string,
  inScope: ScopeMembership,
): Promise<AapDecision> {
  const app = appId.toLowerCase();
  const mine = policies.filter((p) => p.appId === '*' || p.appId.toLowerCase() === app);
  if (mine.length === 0) return { result: 'Granted', policy: null, reason: 'no application access policy applies to this app' };

  const matches = async (p: ApplicationAccessPolicyRecord) =>
    p.scopeGroupId.toLowerCase() === mailboxId.toLowerCase() || (await inScope(p.scopeGroupId, mailboxId));

  // 1-2. Deny beats Restrict: any matching DenyAccess policy decides first.
  for (const p of mine) {
    if (p.accessRight === 'DenyAccess' && (await matches(p))) {
      return { result: 'Denied', policy: p, reason: `the mailbox is in ${p.scopeName}, which a DenyAccess policy excludes` };
    }
  }
  // 3. A matching RestrictAccess policy grants.
  const restrict = mine.filter((p) => p.accessRight === 'RestrictAccess');
  for (const p of restrict) {
    if (await matches(p)) return { result: 'Granted', policy: p, reason: `the mailbox is in ${p.scopeName}, which a RestrictAccess policy allows` };
  }
  // 4. Restricted app, mailbox outside every RestrictAccess scope.
  if (restrict.length > 0) {
    return {
      result: 'Denied',
      policy: restrict[0]!,
      reason: `the app is restricted to ${restrict.map((p) => p.scopeName).join(', ')} and the mailbox is in none of them`,
    };
  }
  // 5. Only DenyAccess policies, none matching.
  return { result: 'Granted', policy: null, reason: 'no DenyAccess policy matches the mailbox' };
}

/** Loads the tenant's policies and evaluates them with the directory's transitive membership. */
export async function checkApplicationAccessPolicies(s: Services, tenantId: string, appId: string, mailboxId: string): Promise<AapDecision> {
  const policies = await s.stores.policies.listApplicationAccessPolicies(tenantId);
  return evaluateApplicationAccessPolicies(policies, appId, mailboxId, (groupId, memberId) =>
    s.stores.directory.isTransitiveMember(tenantId, groupId, memberId),
  );
}

/** How the audit log names a policy: "ApplicationAccessPolicy RestrictAccess rooms@contoso.com (id)". */
export function describeApplicationAccessPolicy(p: ApplicationAccessPolicyRecord): string {
  return `ApplicationAccessPolicy ${p.accessRight} ${p.scopeName} (${p.id})`;
}
