import type { MailboxPermissionRecord, UserRecord } from '../../store/types.js';
import { checkApplicationAccessPolicies, describeApplicationAccessPolicy, isCoveredByApplicationAccessPolicies } from '../auth/application-access-policy.js';
import type { ResourceRef, ResourceRule, RuleOutcome } from '../auth/resource-rules.js';
import { graphErrors } from '../errors.js';

// Sending mail from a mailbox (sendMail, sending a draft). Reading and writing mail use the core
// `mailbox` rule; sending needs its own, because the shared scope is Mail.Send.Shared and the
// Exchange right is to send as / on behalf of the mailbox, not a folder permission:
// - app-only: Mail.Send reaches any mailbox, narrowed by Exchange application access policies
//   (Mail.Send is covered, semantics doc §5.1.4): 403 "Access to OData is disabled.";
// - delegated, own mailbox: Mail.Send;
// - delegated, another mailbox: Mail.Send.Shared **and** a right on that mailbox (§4.2 [I]).
//   The tenant file records FullAccess and calendar delegates only, so those count: Exchange gives
//   a delegate Send on Behalf; FullAccess standing in for Send As is tenantbox's simplification [I].
//   Missing either is 403 ErrorAccessDenied, as for the other .Shared scopes (§4.3).

export interface MailSendResource extends ResourceRef {
  kind: 'mailSend';
  /** 'me', or a user's id, UPN or address. */
  id: string;
}

export const mailSend = (id: string): MailSendResource => ({ kind: 'mailSend', id });

const isSend = (p: string) => /^mail\.send$/i.test(p);
const isSendShared = (p: string) => /^mail\.send\.shared$/i.test(p);

export function canSendFor(perms: readonly MailboxPermissionRecord[]): boolean {
  return perms.some((p) => (p.scope === 'mailbox' && p.rights === 'FullAccess') || (p.scope === 'calendar' && p.sharingPermissionFlags.includes('Delegate')));
}

export const mailSendRule: ResourceRule<MailSendResource> = {
  name: 'mailSend',

  widen(accepted, { s, principal }) {
    if (principal.scheme !== 'delegated' || !accepted.some(isSend)) return [];
    const shared = s.catalog.permission('Mail.Send.Shared');
    return shared?.delegated ? [shared.name] : [];
  },

  async check({ s, principal, tenant, resource, allowing }): Promise<RuleOutcome> {
    const key = resource.id.toLowerCase() === 'me' ? principal.userId! : resource.id;
    const user: UserRecord | undefined = await s.stores.directory.getUser(tenant.id, key);
    if (!user) return { allow: false, error: graphErrors.invalidUser(resource.id) };
    if (!user.mailbox) return { allow: false, error: graphErrors.mailboxNotEnabled() };
    const target = user.mail ?? user.userPrincipalName;

    if (principal.scheme === 'application') {
      const permission = allowing[0]!;
      if (isCoveredByApplicationAccessPolicies(permission)) {
        const decision = await checkApplicationAccessPolicies(s, tenant.id, principal.appId, user.id);
        if (decision.result === 'Denied') {
          return {
            allow: false,
            policy: decision.policy ? describeApplicationAccessPolicy(decision.policy) : 'ApplicationAccessPolicy',
            error: graphErrors.applicationAccessPolicyDenied({ details: [{ code: 'tenantbox.applicationAccessPolicy', message: `Denied: ${decision.reason}.`, target }] }),
          };
        }
      }
      return { allow: true, target: user, throttleMailboxId: user.id };
    }

    const deny = (message: string, missing: string[], policy?: string): RuleOutcome => ({
      allow: false,
      missing,
      policy,
      error: graphErrors.outlookDenied({ details: [{ code: 'tenantbox.mailboxAccess', message: `Denied: ${message}.`, target }] }),
    });
    if (user.id.toLowerCase() === principal.userId!.toLowerCase()) {
      const own = allowing.find(isSend);
      if (!own) return deny('sending as the signed-in user needs Mail.Send; Mail.Send.Shared reaches only other mailboxes', ['Mail.Send']);
      return { allow: true, permission: own, target: user, throttleMailboxId: user.id };
    }
    const shared = allowing.find(isSendShared);
    const rights = canSendFor(await s.stores.policies.listMailboxPermissions(tenant.id, { mailboxId: user.id, granteeId: principal.userId! }));
    if (!shared) {
      return deny(`sending from another user's mailbox needs Mail.Send.Shared in the token${rights ? ', even with the right to send for it' : ''}`, ['Mail.Send.Shared']);
    }
    if (!rights) {
      return deny('the signed-in user has no right to send for this mailbox (FullAccess or a calendar delegate with Send on Behalf)', [], 'Mailbox sharing (no send right)');
    }
    return { allow: true, permission: shared, target: user, throttleMailboxId: user.id };
  },
};
