import type { Services } from '../../shared/services.js';
import type { MailActivityRecord, MessageRecord } from '../../store/mail/types.js';
import type { TenantRecord, UserRecord } from '../../store/types.js';
import { graphErrors } from '../errors.js';
import { ensureMailbox, exchangeId, wellKnownFolder } from './folders.js';
import type { Recipient } from './message-body.js';
import { mailStoreOf } from './stores.js';

// Sending a message inside the tenant, as Exchange transport does it: every recipient (To, Cc,
// Bcc) whose address is a mailbox of the tenant gets its own copy in its Inbox, unread; a
// mail-enabled group is expanded to its members (nested groups too). Addresses outside the tenant
// are accepted and go nowhere (there is no internet here). The sender's copy goes to Sent Items
// when asked. Everything, and the activity the usage reports count, is written in one transaction.

export interface Outgoing {
  /** The mailbox the message is sent from (its owner is `from`). */
  mailbox: UserRecord;
  /** The message body (from newMessageData or a stored draft). */
  data: Record<string, unknown>;
  saveToSentItems: boolean;
  /** Sending a stored draft: it becomes the Sent Items copy (or is removed without one). */
  draft?: MessageRecord;
}

export async function deliver(s: Services, tenant: TenantRecord, out: Outgoing): Promise<{ delivered: string[] }> {
  const recipients = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap((k) => (out.data[k] as Recipient[] | undefined) ?? []);
  if (recipients.length === 0) throw graphErrors.mailInvalidRecipients();
  const store = mailStoreOf(s);
  const now = s.clock.nowDate();
  const iso = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sent = { ...out.data, isDraft: false, sentDateTime: iso, receivedDateTime: iso, lastModifiedDateTime: iso, changeKey: s.ids.token(12) };

  const mailboxes = new Map<string, UserRecord>();
  for (const r of recipients) for (const u of await mailboxesFor(s, tenant.id, r.emailAddress.address)) mailboxes.set(u.id, u);

  const writes: MessageRecord[] = [];
  const activity: MailActivityRecord[] = [{ tenantId: tenant.id, userId: out.mailbox.id, kind: 'send', atMs: now.getTime() }];
  for (const u of mailboxes.values()) {
    await ensureMailbox(s, tenant.id, u.id);
    const inbox = await wellKnownFolder(s, tenant.id, u.id, 'inbox');
    // Recipients do not see the Bcc line; the copy is unread and was never a draft.
    writes.push({
      tenantId: tenant.id,
      id: exchangeId(null, () => s.ids.token(32)),
      mailboxId: u.id,
      folderId: inbox.id,
      receivedMs: now.getTime(),
      data: { ...sent, bccRecipients: [], isRead: false, createdDateTime: iso, changeKey: s.ids.token(12), flag: { flagStatus: 'notFlagged' }, categories: [] },
    });
    activity.push({ tenantId: tenant.id, userId: u.id, kind: 'receive', atMs: now.getTime() });
  }

  await s.stores.transaction(async () => {
    if (out.saveToSentItems) {
      const sentItems = await wellKnownFolder(s, tenant.id, out.mailbox.id, 'sentitems');
      writes.push({
        tenantId: tenant.id,
        id: out.draft?.id ?? exchangeId(null, () => s.ids.token(32)),
        mailboxId: out.mailbox.id,
        folderId: sentItems.id,
        receivedMs: now.getTime(),
        data: { ...sent, isRead: true },
      });
    } else if (out.draft) {
      await store.deleteMessage(tenant.id, out.mailbox.id, out.draft.id);
    }
    await store.putMessages(writes);
    await store.appendActivity(activity);
  });
  return { delivered: [...mailboxes.keys()] };
}

/** The tenant mailboxes an address reaches: a user or room with a mailbox, or a mail-enabled group's members. */
async function mailboxesFor(s: Services, tenantId: string, address: string): Promise<UserRecord[]> {
  const { directory } = s.stores;
  const user = await directory.getUser(tenantId, address);
  if (user) return user.mailbox ? [user] : [];
  const group = await directory.getGroup(tenantId, address);
  return group?.mailEnabled ? groupMailboxes(s, tenantId, group.id, new Set()) : [];
}

async function groupMailboxes(s: Services, tenantId: string, groupId: string, seen: Set<string>): Promise<UserRecord[]> {
  if (seen.has(groupId)) return [];
  seen.add(groupId);
  const { directory } = s.stores;
  const out: UserRecord[] = [];
  for (const m of await directory.listMembers(tenantId, groupId)) {
    if (m.type === 'group') out.push(...(await groupMailboxes(s, tenantId, m.id, seen)));
    else {
      const u = await directory.getUser(tenantId, m.id);
      if (u?.mailbox) out.push(u);
    }
  }
  return out;
}
