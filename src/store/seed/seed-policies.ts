import type { FolderRights } from '../types.js';
import { type SeedContext, SeedError, type TenantState, lookup } from './context.js';
import { type AppPlan, resolveApp } from './seed-apps.js';

// Exchange mailbox and calendar folder permissions, Exchange application access policies and
// Teams application access policies.

export async function seedPolicies(ctx: SeedContext, t: TenantState, plans: AppPlan[]): Promise<void> {
  const { policies } = ctx.stores;

  for (const m of t.spec.mailboxPermissions) {
    const mailbox = lookup(t, m.mailbox, m.source, 'mailbox', ['user', 'room']);
    if (mailbox.kind === 'user' && !mailbox.record.mailbox) throw new SeedError(m.source, `'${m.mailbox}' has no mailbox`);
    const grantee = lookup(t, m.grantee, m.source, 'grantee', ['user', 'group']);
    const scope = m.folder === 'Calendar' ? 'calendar' : 'mailbox';
    // Add-MailboxPermission grants FullAccess; Add-MailboxFolderPermission grants folder roles.
    if (scope === 'mailbox' && m.rights !== 'FullAccess') throw new SeedError(m.source, `'${m.rights}' is a folder role: add "folder: Calendar"`);
    if (scope === 'calendar' && m.rights === 'FullAccess') throw new SeedError(m.source, 'FullAccess is a mailbox permission: leave out "folder"');
    await policies.putMailboxPermission({
      tenantId: t.id,
      id: await ctx.id(`mailbox-permission:${t.domain}:${m.mailbox}:${m.grantee}:${scope}`),
      mailboxId: mailbox.record.id,
      granteeId: grantee.record.id,
      scope,
      rights: m.rights as 'FullAccess' | FolderRights,
      sharingPermissionFlags: m.sharingPermissionFlags ?? [],
    });
  }

  for (const p of t.spec.policies.applicationAccess) {
    const appId = p.app === '*' ? '*' : resolveApp(plans, t, p.app, p.source).appId;
    // PolicyScopeGroupId: a mail-enabled security group or a user mailbox (rooms are refused by Exchange).
    const scope = lookup(t, p.group, p.source, 'policy scope', ['user', 'group']);
    await policies.putApplicationAccessPolicy({
      tenantId: t.id,
      id: await ctx.id(`application-access-policy:${t.domain}:${appId}:${p.group}`),
      appId,
      accessRight: p.accessRight,
      scopeGroupId: scope.record.id,
      scopeName: scope.record.mail ?? p.group.toLowerCase(),
      description: p.description ?? null,
    });
  }

  for (const p of t.spec.policies.teamsApplicationAccess) {
    await policies.putTeamsAccessPolicy({
      tenantId: t.id,
      id: await ctx.id(`teams-access-policy:${t.domain}:${p.name}`),
      name: p.name,
      appIds: p.apps.map((a) => resolveApp(plans, t, a, p.source).appId),
      grantedTo: p.grantTo.map((u) => lookup(t, u, p.source, 'user', ['user']).record.id),
      global: p.global,
    });
  }
}
