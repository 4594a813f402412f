import { sql } from 'kysely';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { FolderCounts, MailActivityRecord, MailFolderRecord, MailStore, MessageRecord } from './types.js';

// SQLite implementation of the mail store. Folders are stored whole as JSON; messages keep the
// columns lists and counts need (folder, received time, read flag, size) next to the Graph body.
// Mail is read per mailbox and written a message at a time, so nothing is cached here.

type FolderRow = { data: string };
type MessageRow = { id: string; tenant_id: string; mailbox_id: string; folder_id: string; received_ms: number; data: string };

export class SqliteMailStore implements MailStore {
  constructor(private readonly c: SqliteConnection<any>) {}

  private get k() {
    return this.c.k;
  }

  async getFolder(tenantId: string, mailboxId: string, id: string) {
    return this.c.run(() => {
      const rows = this.c.all(
        this.k.selectFrom('mail_folders').select('data').where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).where('id', '=', id),
      ) as FolderRow[];
      return rows[0] ? (JSON.parse(rows[0].data) as MailFolderRecord) : undefined;
    });
  }

  async findWellKnownFolder(tenantId: string, mailboxId: string, wellKnownName: string) {
    return this.c.run(() => {
      const rows = this.c.all(
        this.k
          .selectFrom('mail_folders')
          .select('data')
          .where('tenant_id', '=', tenantId)
          .where('mailbox_id', '=', mailboxId)
          .where('well_known', '=', wellKnownName.toLowerCase()),
      ) as FolderRow[];
      return rows[0] ? (JSON.parse(rows[0].data) as MailFolderRecord) : undefined;
    });
  }

  async listFolders(tenantId: string, mailboxId: string, parentFolderId?: string) {
    return this.c.run(() => {
      let q = this.k.selectFrom('mail_folders').select('data').where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId);
      if (parentFolderId !== undefined) q = q.where('parent_id', '=', parentFolderId);
      return (this.c.all(q.orderBy(sql`rowid`)) as FolderRow[]).map((r) => JSON.parse(r.data) as MailFolderRecord);
    });
  }

  async putFolders(folders: MailFolderRecord[]) {
    await this.c.transaction(async () => {
      for (const f of folders) {
        this.c.exec(
          this.k
            .insertInto('mail_folders')
            .values({ tenant_id: f.tenantId, id: f.id, mailbox_id: f.mailboxId, parent_id: f.parentFolderId, well_known: f.wellKnownName, data: JSON.stringify(f) })
            .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ parent_id: eb.ref('excluded.parent_id'), data: eb.ref('excluded.data') }))),
        );
      }
    });
  }

  async deleteFolderTree(tenantId: string, mailboxId: string, folderId: string) {
    await this.c.transaction(async () => {
      const all = await this.listFolders(tenantId, mailboxId);
      const doomed = new Set([folderId]);
      // Descendants: repeat until no folder is added (trees are shallow).
      for (let grew = true; grew; ) {
        grew = false;
        for (const f of all) {
          if (f.parentFolderId && doomed.has(f.parentFolderId) && !doomed.has(f.id)) {
            doomed.add(f.id);
            grew = true;
          }
        }
      }
      const ids = [...doomed];
      this.c.exec(this.k.deleteFrom('mail_messages').where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).where('folder_id', 'in', ids));
      this.c.exec(this.k.deleteFrom('mail_folders').where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).where('id', 'in', ids));
    });
  }

  async folderCounts(tenantId: string, mailboxId: string) {
    return this.c.run(() => {
      const out = new Map<string, FolderCounts>();
      const entry = (id: string) => {
        let e = out.get(id);
        if (!e) out.set(id, (e = { totalItemCount: 0, unreadItemCount: 0, childFolderCount: 0, sizeInBytes: 0 }));
        return e;
      };
      const items = this.c.all(
        this.k
          .selectFrom('mail_messages')
          .select(['folder_id', sql<number>`count(*)`.as('total'), sql<number>`sum(case when is_read = 0 then 1 else 0 end)`.as('unread'), sql<number>`sum(size)`.as('bytes')])
          .where('tenant_id', '=', tenantId)
          .where('mailbox_id', '=', mailboxId)
          .groupBy('folder_id'),
      ) as { folder_id: string; total: number; unread: number; bytes: number }[];
      for (const r of items) Object.assign(entry(r.folder_id), { totalItemCount: r.total, unreadItemCount: r.unread, sizeInBytes: r.bytes });
      const children = this.c.all(
        this.k
          .selectFrom('mail_folders')
          .select(['parent_id', sql<number>`count(*)`.as('n')])
          .where('tenant_id', '=', tenantId)
          .where('mailbox_id', '=', mailboxId)
          .where('parent_id', 'is not', null)
          .groupBy('parent_id'),
      ) as { parent_id: string; n: number }[];
      for (const r of children) entry(r.parent_id).childFolderCount = r.n;
      return out;
    });
  }

  async getMessage(tenantId: string, mailboxId: string, id: string) {
    return this.c.run(() => {
      const rows = this.c.all(
        this.k.selectFrom('mail_messages').selectAll().where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).where('id', '=', id),
      ) as MessageRow[];
      return rows[0] ? toMessage(rows[0]) : undefined;
    });
  }

  async listMessages(tenantId: string, mailboxId: string, folderIds?: readonly string[]) {
    return this.c.run(() => {
      let q = this.k.selectFrom('mail_messages').selectAll().where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId);
      if (folderIds) {
        if (folderIds.length === 0) return [];
        q = q.where('folder_id', 'in', [...folderIds]);
      }
      return (this.c.all(q.orderBy('received_ms', 'desc').orderBy(sql`rowid`, 'desc')) as MessageRow[]).map(toMessage);
    });
  }

  async putMessages(messages: MessageRecord[]) {
    await this.c.transaction(async () => {
      for (const m of messages) {
        const data = JSON.stringify(m.data);
        const row = {
          tenant_id: m.tenantId,
          id: m.id,
          mailbox_id: m.mailboxId,
          folder_id: m.folderId,
          received_ms: m.receivedMs,
          is_read: m.data.isRead === true ? 1 : 0,
          size: data.length,
          data,
        };
        this.c.exec(
          this.k
            .insertInto('mail_messages')
            .values(row)
            .onConflict((oc) =>
              oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
                folder_id: eb.ref('excluded.folder_id'),
                received_ms: eb.ref('excluded.received_ms'),
                is_read: eb.ref('excluded.is_read'),
                size: eb.ref('excluded.size'),
                data: eb.ref('excluded.data'),
              })),
            ),
        );
      }
    });
  }

  async deleteMessage(tenantId: string, mailboxId: string, id: string) {
    return this.c.run(
      () => Number(this.c.exec(this.k.deleteFrom('mail_messages').where('tenant_id', '=', tenantId).where('mailbox_id', '=', mailboxId).where('id', '=', id)).changes) > 0,
    );
  }

  async appendActivity(records: MailActivityRecord[]) {
    if (records.length === 0) return;
    await this.c.transaction(async () => {
      for (const r of records) {
        this.c.exec(this.k.insertInto('mail_activity').values({ tenant_id: r.tenantId, user_id: r.userId, kind: r.kind, at_ms: r.atMs }));
      }
    });
  }

  async listActivity(tenantId: string, sinceMs: number, untilMs: number) {
    return this.c.run(() =>
      (
        this.c.all(
          this.k
            .selectFrom('mail_activity')
            .select(['user_id', 'kind', 'at_ms'])
            .where('tenant_id', '=', tenantId)
            .where('at_ms', '>=', sinceMs)
            .where('at_ms', '<', untilMs)
            .orderBy('at_ms'),
        ) as { user_id: string; kind: MailActivityRecord['kind']; at_ms: number }[]
      ).map((r) => ({ tenantId, userId: r.user_id, kind: r.kind, atMs: r.at_ms })),
    );
  }

  async mailboxUsage(tenantId: string) {
    return this.c.run(() => {
      const rows = this.c.all(
        this.k
          .selectFrom('mail_messages as m')
          .leftJoin('mail_folders as f', (j) => j.onRef('f.tenant_id', '=', 'm.tenant_id').onRef('f.id', '=', 'm.folder_id'))
          .select([
            'm.mailbox_id',
            sql<number>`count(*)`.as('items'),
            sql<number>`sum(m.size)`.as('bytes'),
            sql<number>`sum(case when f.well_known = 'deleteditems' then 1 else 0 end)`.as('deleted_items'),
            sql<number>`sum(case when f.well_known = 'deleteditems' then m.size else 0 end)`.as('deleted_bytes'),
          ])
          .where('m.tenant_id', '=', tenantId)
          .groupBy('m.mailbox_id'),
      ) as { mailbox_id: string; items: number; bytes: number; deleted_items: number; deleted_bytes: number }[];
      return new Map(rows.map((r) => [r.mailbox_id, { items: r.items, bytes: r.bytes, deletedItems: r.deleted_items, deletedBytes: r.deleted_bytes }]));
    });
  }
}

function toMessage(r: MessageRow): MessageRecord {
  return { tenantId: r.tenant_id, id: r.id, mailboxId: r.mailbox_id, folderId: r.folder_id, receivedMs: r.received_ms, data: JSON.parse(r.data) };
}
