import { sql, type Kysely } from 'kysely';
import { LookupCache, key } from '../sqlite/cache.js';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { SubscriptionRecord, SubscriptionStore } from './types.js';

// SubscriptionStore on `graph_subscriptions`. Every event write asks "any subscriptions on this
// mailbox?", so lookups are cached and cleared on this store's writes (and by the connection on
// rollback and reset).

export class SqliteSubscriptionStore implements SubscriptionStore {
  private readonly cache = new LookupCache<unknown>();
  private readonly q;

  constructor(private readonly c: SqliteConnection<any>) {
    c.registerCache(this.cache);
    const k = c.k as Kysely<any>;
    this.q = {
      get: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.selectFrom('graph_subscriptions').select('data').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
      list: c.prepare<{ tenantId: string }>((p) =>
        k.selectFrom('graph_subscriptions').select('data').where('tenant_id', '=', p('tenantId')).orderBy(sql`rowid`),
      ),
      forMailbox: c.prepare<{ tenantId: string; mailboxId: string }>((p) =>
        k.selectFrom('graph_subscriptions').select('data').where('tenant_id', '=', p('tenantId')).where('mailbox_id', '=', p('mailboxId')).orderBy(sql`rowid`),
      ),
      any: c.prepare<{ tenantId: string }>((p) => k.selectFrom('graph_subscriptions').select('id').where('tenant_id', '=', p('tenantId')).limit(1)),
      put: c.prepare<{ tenantId: string; id: string; mailboxId: string; expirationMs: number; data: string }>((p) =>
        k
          .insertInto('graph_subscriptions')
          .values({ tenant_id: p('tenantId'), id: p('id'), mailbox_id: p('mailboxId'), expiration_ms: p('expirationMs'), data: p('data') })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
              mailbox_id: eb.ref('excluded.mailbox_id'),
              expiration_ms: eb.ref('excluded.expiration_ms'),
              data: eb.ref('excluded.data'),
            })),
          ),
      ),
      delete: c.prepare<{ tenantId: string; id: string }>((p) =>
        k.deleteFrom('graph_subscriptions').where('tenant_id', '=', p('tenantId')).where('id', '=', p('id')),
      ),
    };
  }

  async get(tenantId: string, id: string): Promise<SubscriptionRecord | undefined> {
    return this.c.run(() => this.cache.get(key('one', tenantId, id.toLowerCase()), () => parse(this.q.get.get({ tenantId, id: id.toLowerCase() }))) as SubscriptionRecord | undefined);
  }

  async list(tenantId: string): Promise<SubscriptionRecord[]> {
    return this.c.run(() => this.q.list.all({ tenantId }).map(parseRow));
  }

  async listForMailbox(tenantId: string, mailboxId: string): Promise<SubscriptionRecord[]> {
    return this.c.run(
      () => (this.cache.get(key('mailbox', tenantId, mailboxId), () => this.q.forMailbox.all({ tenantId, mailboxId }).map(parseRow)) ?? []) as SubscriptionRecord[],
    );
  }

  async any(tenantId: string): Promise<boolean> {
    return this.c.run(() => this.cache.get(key('any', tenantId), () => this.q.any.get({ tenantId }) !== undefined) as boolean);
  }

  async put(s: SubscriptionRecord): Promise<void> {
    return this.c.run(() => {
      this.q.put.run({ tenantId: s.tenantId, id: s.id.toLowerCase(), mailboxId: s.target.mailboxId, expirationMs: s.expirationMs, data: JSON.stringify(s) });
      this.cache.clear();
    });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return this.c.run(() => {
      const changed = this.q.delete.run({ tenantId, id: id.toLowerCase() }).changes > 0;
      this.cache.clear();
      return changed;
    });
  }
}

function parse(row: { data: string } | undefined): SubscriptionRecord | undefined {
  return row ? (JSON.parse(row.data) as SubscriptionRecord) : undefined;
}
function parseRow(row: { data: string }): SubscriptionRecord {
  return JSON.parse(row.data) as SubscriptionRecord;
}
