// Exchange mailbox content (mail folders, messages), the mail activity the usage reports count, and
// the tenant's sensitivity labels (Microsoft Purview, read through Graph's informationProtection).
// Records belong to a tenant; a mailbox is a user's or room's directory object id.

export interface MailFolderRecord {
  tenantId: string;
  id: string;
  mailboxId: string;
  /** null for the mailbox root ("msgfolderroot"), whose children are the top-level folders. */
  parentFolderId: string | null;
  /** Graph's well-known folder name ("inbox", "sentitems"…), null for folders users create. */
  wellKnownName: string | null;
  displayName: string;
  isHidden: boolean;
  createdDateTime: string;
}

/**
 * A message in one mailbox folder. `data` is Graph's message resource without `id`,
 * `parentFolderId` and `@odata.etag` (those come from the record). A copy delivered to another
 * mailbox is another record (its own id), as in Exchange.
 */
export interface MessageRecord {
  tenantId: string;
  id: string;
  mailboxId: string;
  folderId: string;
  /** receivedDateTime in epoch ms (drafts: when created): the default order, newest first. */
  receivedMs: number;
  data: Record<string, unknown>;
}

export type MailActivityKind = 'send' | 'receive' | 'read';

/** One counted mail action of a user (the Email activity report reads these). */
export interface MailActivityRecord {
  tenantId: string;
  userId: string;
  kind: MailActivityKind;
  atMs: number;
}

export interface FolderCounts {
  totalItemCount: number;
  unreadItemCount: number;
  childFolderCount: number;
  sizeInBytes: number;
}

export interface MailStore {
  getFolder(tenantId: string, mailboxId: string, id: string): Promise<MailFolderRecord | undefined>;
  findWellKnownFolder(tenantId: string, mailboxId: string, wellKnownName: string): Promise<MailFolderRecord | undefined>;
  /** The folders of a mailbox; with `parentFolderId`, only that folder's children. */
  listFolders(tenantId: string, mailboxId: string, parentFolderId?: string): Promise<MailFolderRecord[]>;
  /** Upserts folders in one transaction. */
  putFolders(folders: MailFolderRecord[]): Promise<void>;
  /** Deletes a folder, its descendants and every message in them. */
  deleteFolderTree(tenantId: string, mailboxId: string, folderId: string): Promise<void>;
  /** Item counts per folder id of one mailbox (folders without items are absent). */
  folderCounts(tenantId: string, mailboxId: string): Promise<Map<string, FolderCounts>>;

  getMessage(tenantId: string, mailboxId: string, id: string): Promise<MessageRecord | undefined>;
  /** Messages of a mailbox (or of some of its folders), newest first. */
  listMessages(tenantId: string, mailboxId: string, folderIds?: readonly string[]): Promise<MessageRecord[]>;
  /** Upserts messages in one transaction (a delivery writes every recipient's copy at once). */
  putMessages(messages: MessageRecord[]): Promise<void>;
  deleteMessage(tenantId: string, mailboxId: string, id: string): Promise<boolean>;

  appendActivity(records: MailActivityRecord[]): Promise<void>;
  /** Activity with since <= atMs < until. */
  listActivity(tenantId: string, sinceMs: number, untilMs: number): Promise<MailActivityRecord[]>;
  /** Per mailbox: item count and bytes, and the same for its Deleted Items folder. */
  mailboxUsage(tenantId: string): Promise<Map<string, { items: number; bytes: number; deletedItems: number; deletedBytes: number }>>;
}

/** A sensitivity label as the tenant file defines it (Graph: microsoft.graph.security.sensitivityLabel). */
export interface SensitivityLabelRecord {
  tenantId: string;
  id: string;
  name: string;
  description: string;
  color: string;
  /** Higher is more sensitive. */
  sensitivity: number;
  tooltip: string;
  parentId: string | null;
  isActive: boolean;
}

export interface SensitivityLabelStore {
  list(tenantId: string): Promise<SensitivityLabelRecord[]>;
  get(tenantId: string, id: string): Promise<SensitivityLabelRecord | undefined>;
  put(label: SensitivityLabelRecord): Promise<void>;
}
