import { sql, type Kysely } from 'kysely';
import { LookupCache, key } from '../sqlite/cache.js';
import type { SqliteConnection } from '../sqlite/connection.js';
import type { GoogleDB } from './sqlite-schema.js';

// The `google_objects` table: small records stored whole as JSON, addressed by (tenant, kind, id)
// and by a secondary natural key (`lookup`). Reads are cached (the pipeline reads a user, a
// calendar and its ACL on every request); any write clears the cache, since this process is the
// only writer and writes are rare next to reads. Cached records are frozen: copy before changing.

export type ObjectKind =
  | 'customer'
  | 'user'
  | 'group'
  | 'building'
  | 'resource'
  | 'serviceAccount'
  | 'dwd'
  | 'oauthClient'
  | 'grant'
  | 'calendar'
  | 'acl'
  | 'calendarList';

type Row = { data: string };

export class ObjectTable {
  private readonly one = new LookupCache<unknown>();
  private readonly many = new LookupCache<unknown[]>();
  private readonly q;

  constructor(private readonly c: SqliteConnection<any>) {
    c.registerCache(this.one);
    c.registerCache(this.many);
    const k = c.k as unknown as Kysely<GoogleDB>;
    type T = { tenantId: string; kind: string };
    this.q = {
      get: c.prepare<T & { id: string }>((p) =>
        k.selectFrom('google_objects').select('data').where('tenant_id', '=', p('tenantId')).where('kind', '=', p('kind')).where('id', '=', p('id')),
      ),
      byLookup: c.prepare<T & { lookup: string }>((p) =>
        k
          .selectFrom('google_objects')
          .select('data')
          .where('tenant_id', '=', p('tenantId'))
          .where('kind', '=', p('kind'))
          .where('lookup', '=', p('lookup'))
          .orderBy(sql`rowid`),
      ),
      list: c.prepare<T>((p) =>
        k.selectFrom('google_objects').select('data').where('tenant_id', '=', p('tenantId')).where('kind', '=', p('kind')).orderBy(sql`rowid`),
      ),
      listKind: c.prepare<{ kind: string }>((p) => k.selectFrom('google_objects').select('data').where('kind', '=', p('kind')).orderBy(sql`rowid`)),
      globalByLookup: c.prepare<{ kind: string; lookup: string }>((p) =>
        k.selectFrom('google_objects').select('data').where('kind', '=', p('kind')).where('lookup', '=', p('lookup')).limit(1),
      ),
      globalById: c.prepare<{ kind: string; id: string }>((p) =>
        k.selectFrom('google_objects').select('data').where('kind', '=', p('kind')).where('id', '=', p('id')).limit(1),
      ),
      put: c.prepare<T & { id: string; lookup: string | null; data: string }>((p) =>
        k
          .insertInto('google_objects')
          .values({ tenant_id: p('tenantId'), kind: p('kind'), id: p('id'), lookup: p('lookup'), data: p('data') })
          .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'id']).doUpdateSet((eb) => ({ lookup: eb.ref('excluded.lookup'), data: eb.ref('excluded.data') }))),
      ),
      delete: c.prepare<T & { id: string }>((p) =>
        k.deleteFrom('google_objects').where('tenant_id', '=', p('tenantId')).where('kind', '=', p('kind')).where('id', '=', p('id')),
      ),
      deleteByLookup: c.prepare<T & { lookup: string }>((p) =>
        k.deleteFrom('google_objects').where('tenant_id', '=', p('tenantId')).where('kind', '=', p('kind')).where('lookup', '=', p('lookup')),
      ),
    };
  }

  get<V>(tenantId: string, kind: ObjectKind, id: string): V | undefined | Promise<V | undefined> {
    return this.c.run(() => this.one.get(key('id', tenantId, kind, id), () => parse(this.q.get.get({ tenantId, kind, id }))) as V | undefined);
  }

  /** First record whose lookup key matches. */
  getByLookup<V>(tenantId: string, kind: ObjectKind, lookup: string): V | undefined | Promise<V | undefined> {
    return this.c.run(
      () => this.one.get(key('lookup', tenantId, kind, lookup), () => parse(this.q.byLookup.all({ tenantId, kind, lookup })[0])) as V | undefined,
    );
  }

  listByLookup<V>(tenantId: string, kind: ObjectKind, lookup: string): V[] | Promise<V[]> {
    return this.c.run(() => (this.many.get(key('lookup', tenantId, kind, lookup), () => this.q.byLookup.all({ tenantId, kind, lookup }).map(parseRow)) ?? []) as V[]);
  }

  list<V>(tenantId: string, kind: ObjectKind): V[] | Promise<V[]> {
    return this.c.run(() => (this.many.get(key('list', tenantId, kind), () => this.q.list.all({ tenantId, kind }).map(parseRow)) ?? []) as V[]);
  }

  listKind<V>(kind: ObjectKind): V[] | Promise<V[]> {
    return this.c.run(() => this.q.listKind.all({ kind }).map(parseRow) as V[]);
  }

  /** Across tenants (service accounts by email, OAuth clients by id). */
  findGlobal<V>(kind: ObjectKind, by: 'id' | 'lookup', value: string): V | undefined | Promise<V | undefined> {
    return this.c.run(
      () =>
        this.one.get(key('global', kind, by, value), () =>
          parse(by === 'id' ? this.q.globalById.get({ kind, id: value }) : this.q.globalByLookup.get({ kind, lookup: value })),
        ) as V | undefined,
    );
  }

  put(tenantId: string, kind: ObjectKind, id: string, lookup: string | null, record: unknown): void | Promise<void> {
    return this.c.run(() => {
      this.q.put.run({ tenantId, kind, id, lookup, data: JSON.stringify(record) });
      this.clear();
    });
  }

  delete(tenantId: string, kind: ObjectKind, id: string): boolean | Promise<boolean> {
    return this.c.run(() => {
      const changed = this.q.delete.run({ tenantId, kind, id }).changes > 0;
      this.clear();
      return changed;
    });
  }

  deleteByLookup(tenantId: string, kind: ObjectKind, lookup: string): number | Promise<number> {
    return this.c.run(() => {
      const n = this.q.deleteByLookup.run({ tenantId, kind, lookup }).changes;
      this.clear();
      return n;
    });
  }

  private clear(): void {
    this.one.clear();
    this.many.clear();
  }
}

function parse(row: Row | undefined): unknown {
  return row ? JSON.parse(row.data) : undefined;
}

function parseRow(row: Row): unknown {
  return JSON.parse(row.data);
}
