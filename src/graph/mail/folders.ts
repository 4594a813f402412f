import { createHash } from 'node:crypto';
import type { Services } from '../../shared/services.js';
import type { FolderCounts, MailFolderRecord } from '../../store/mail/types.js';
import { graphErrors } from '../errors.js';
import type { CollectionSpec, PropertySpec, Resource } from '../odata/collection.js';
import { mailStoreOf } from './stores.js';

// Mail folders. A mailbox gets Exchange's default folders the first time any mail route touches
// it (ids derived from the mailbox, so two requests racing create the same rows). Graph addresses
// the default folders by well-known name as well as by id (graph-docs mailfolder.md).

/** Well-known name → display name of the default top-level folders (Exchange Online, en-US). */
export const DEFAULT_FOLDERS: Readonly<Record<string, string>> = {
  archive: 'Archive',
  conversationhistory: 'Conversation History',
  deleteditems: 'Deleted Items',
  drafts: 'Drafts',
  inbox: 'Inbox',
  junkemail: 'Junk Email',
  outbox: 'Outbox',
  sentitems: 'Sent Items',
};
const ROOT = 'msgfolderroot';

export const isWellKnownName = (name: string): boolean => name.toLowerCase() === ROOT || name.toLowerCase() in DEFAULT_FOLDERS;

/** An Exchange-looking item id ("AAMk…"), opaque and URL-safe. */
export function exchangeId(seed: string | null, random: () => string): string {
  const body = seed === null ? random() : createHash('sha256').update(seed).digest('base64url');
  return `AAMk${body.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 43)}`;
}

export async function ensureMailbox(s: Services, tenantId: string, mailboxId: string): Promise<void> {
  const store = mailStoreOf(s);
  if (await store.findWellKnownFolder(tenantId, mailboxId, ROOT)) return;
  const now = s.clock.nowDate().toISOString();
  const id = (name: string) => exchangeId(`${tenantId}:${mailboxId}:${name}`, () => '');
  const root: MailFolderRecord = { tenantId, id: id(ROOT), mailboxId, parentFolderId: null, wellKnownName: ROOT, displayName: 'Top of Information Store', isHidden: false, createdDateTime: now };
  const children = Object.entries(DEFAULT_FOLDERS).map(
    ([name, displayName]): MailFolderRecord => ({ tenantId, id: id(name), mailboxId, parentFolderId: root.id, wellKnownName: name, displayName, isHidden: false, createdDateTime: now }),
  );
  await store.putFolders([root, ...children]);
}

/** A folder of the mailbox by id or well-known name; 404 ErrorItemNotFound otherwise. */
export async function resolveFolder(s: Services, tenantId: string, mailboxId: string, idOrName: string): Promise<MailFolderRecord> {
  await ensureMailbox(s, tenantId, mailboxId);
  const store = mailStoreOf(s);
  const f = isWellKnownName(idOrName) ? await store.findWellKnownFolder(tenantId, mailboxId, idOrName.toLowerCase()) : await store.getFolder(tenantId, mailboxId, idOrName);
  if (!f) throw graphErrors.itemNotFound();
  return f;
}

export async function wellKnownFolder(s: Services, tenantId: string, mailboxId: string, name: keyof typeof DEFAULT_FOLDERS | 'msgfolderroot'): Promise<MailFolderRecord> {
  return resolveFolder(s, tenantId, mailboxId, name);
}

const num: PropertySpec = { filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] };
export const FOLDER_SPEC: CollectionSpec = {
  type: 'mailFolder',
  resourceName: 'mailFolder',
  entitySet: 'mailFolders',
  properties: {
    id: { filter: ['eq'] },
    displayName: { filter: ['eq', 'ne', 'startswith'], orderby: 'basic' },
    parentFolderId: { filter: ['eq'] },
    childFolderCount: num,
    unreadItemCount: num,
    totalItemCount: num,
    sizeInBytes: num,
    isHidden: { filter: ['eq', 'ne'] },
  },
  pageSize: 10,
  maxTop: 1000,
  skip: true,
  count: true,
  search: false,
  directoryAdvancedQueries: false,
  defaultOrder: (a, b) => String(a.displayName).localeCompare(String(b.displayName), 'en', { sensitivity: 'base' }),
};

export function folderView(f: MailFolderRecord, counts: Map<string, FolderCounts>): Resource {
  const c = counts.get(f.id);
  return {
    id: f.id,
    displayName: f.displayName,
    parentFolderId: f.parentFolderId,
    childFolderCount: c?.childFolderCount ?? 0,
    unreadItemCount: c?.unreadItemCount ?? 0,
    totalItemCount: c?.totalItemCount ?? 0,
    sizeInBytes: c?.sizeInBytes ?? 0,
    isHidden: f.isHidden,
  };
}

/** `@odata.context` entity set for a mailbox's folders: `users('{id}')/mailFolders`. */
export const foldersEntitySet = (mailboxId: string, suffix = 'mailFolders'): string => `users('${mailboxId}')/${suffix}`;
