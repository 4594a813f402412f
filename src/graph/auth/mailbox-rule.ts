import type { UserRecord } from '../../store/types.js';
import { graphErrors } from '../errors.js';
import { checkApplicationAccessPolicies, describeApplicationAccessPolicy, isCoveredByApplicationAccessPolicies } from './application-access-policy.js';
import { checkDelegatedMailboxAccess, type MailboxFolder, type MailboxNeed } from './delegated-mailbox-access.js';
import type { ResourceRef, ResourceRule } from './resource-rules.js';

// The default rule for Outlook resources (a user's or room's mailbox: calendar, mail, contacts),
// covering semantics doc §4.1 steps 4-6 in order:
//   4. the mailbox exists and is enabled (404 ErrorInvalidUser / MailboxNotEnabledForRESTAPI),
//   5. app-only: Exchange application access policies (403 "Access to OData is disabled."),
//   6. delegated: the user's own mailbox, or another one with a `.Shared` scope AND sharing
//      (folder permission, delegation or FullAccess) (403 ErrorAccessDenied).
// It names the mailbox for Outlook throttling. The calendar area may register further rules for
// the `mailbox` kind (they run after this one) or replace it.

export interface MailboxResource extends ResourceRef {
  kind: 'mailbox';
  /** User or room id, UPN or SMTP address; 'me' for the signed-in user. */
  id: string;
  need: MailboxNeed;
  folder: MailboxFolder;
}

export function mailbox(id: string, opts: { need?: MailboxNeed; folder?: MailboxFolder } = {}): MailboxResource {
  return { kind: 'mailbox', id, need: opts.need ?? 'read', folder: opts.folder ?? 'calendar' };
}

export const mailboxRule: ResourceRule<MailboxResource> = {
  name: 'mailbox',

  // A `.Shared` scope reaches mailboxes shared with the user (§1.2.2): for each accepted own-mailbox
  // scope (no suffix), its `.Shared` twin when Microsoft's catalog defines one.
  widen(accepted, { s, principal }) {
    if (principal.scheme !== 'delegated') return [];
    return accepted
      .filter((p) => !/\.(all|shared)$/i.test(p))
      .map((p) => `${p}.Shared`)
      .map((p) => s.catalog.permission(p))
      .filter((info) => info?.delegated)
      .map((info) => info!.name);
  },

  async check({ s, principal, tenant, resource, allowing }) {
    const key = resource.id.toLowerCase() === 'me' ? principal.userId! : resource.id;
    const user: UserRecord | undefined = await s.stores.directory.getUser(tenant.id, key);
    if (!user) return { allow: false, error: graphErrors.invalidUser(resource.id) };
    if (!user.mailbox) return { allow: false, error: graphErrors.mailboxNotEnabled() };

    if (principal.scheme === 'application') {
      const permission = allowing[0]!;
      if (isCoveredByApplicationAccessPolicies(permission)) {
        const decision = await checkApplicationAccessPolicies(s, tenant.id, principal.appId, user.id);
        if (decision.result === 'Denied') {
          return {
            allow: false,
            policy: decision.policy ? describeApplicationAccessPolicy(decision.policy) : 'ApplicationAccessPolicy',
            error: graphErrors.applicationAccessPolicyDenied({
              details: [{ code: 'tenantbox.applicationAccessPolicy', message: `Denied: ${decision.reason}.`, target: user.mail ?? user.userPrincipalName }],
            }),
          };
        }
      }
      return { allow: true, target: user, throttleMailboxId: user.id };
    }

    const access = await checkDelegatedMailboxAccess(s, {
      tenantId: tenant.id,
      userId: principal.userId!,
      mailboxId: user.id,
      need: resource.need,
      folder: resource.folder,
      grantedLower: principal.grantedLower,
    });
    if (!access.allowed) {
      return {
        allow: false,
        missing: access.missingScopes,
        policy: access.missingScopes.length ? undefined : `Mailbox sharing (role ${access.role})`,
        error: graphErrors.outlookDenied({
          details: [{ code: 'tenantbox.mailboxAccess', message: `Denied: ${access.reason}.`, target: user.mail ?? user.userPrincipalName }],
        }),
      };
    }
    // Another user's mailbox is reached through the `.Shared` scope; one's own through the plain one.
    const own = access.via === 'owner';
    const permission = allowing.find((p) => /\.shared$/i.test(p) !== own) ?? allowing[0];
    return { allow: true, permission, target: user, throttleMailboxId: user.id };
  },
};
