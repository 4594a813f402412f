import type { SqliteConnection } from '../sqlite/connection.js';
import type { SyncState, SyncStateKind, SyncStateStore } from './types.js';

// States stored with their payload as JSON. `seq` orders a chain's states (the clock may stand
// still in tests, so creation time cannot); max(seq)+1 is read and written in one synchronous
// store call, so two requests extending the same chain cannot take the same number.
type Row = { chain: string; created_ms: number; data: string };

// Besides each chain's own bound (`keep`), at most this many states per tenant and kind: a client
// that starts a new round on every call (a health check, a client that restarts from scratch)
// opens a new chain each time, and a directory round holds a snapshot of every user or group.
// The oldest go first; a client whose state went this way starts a new round, as every delta
// client must be able to (its token answers 400/410).
const MAX_STATES_PER_KIND = 500;

export class SqliteSyncStateStore implements SyncStateStore {
  constructor(private readonly c: SqliteConnection<any>) {}

  async get<T>(tenantId: string, kind: SyncStateKind, id: string): Promise<SyncState<T> | undefined> {
    return this.c.run(() => {
      const q = this.c.k.selectFrom('sync_states').select(['chain', 'created_ms', 'data']).where('tenant_id', '=', tenantId).where('kind', '=', kind).where('id', '=', id);
      const row = (this.c.all(q) as Row[])[0];
      return row ? { tenantId, kind, id, chain: row.chain, createdMs: row.created_ms, data: JSON.parse(row.data) as T } : undefined;
    });
  }

  async put(s: SyncState, keep: number) {
    return this.c.run(() => {
      const k = this.c.k;
      const last = this.c.all(
        k.selectFrom('sync_states').select('seq').where('tenant_id', '=', s.tenantId).where('kind', '=', s.kind).where('chain', '=', s.chain).orderBy('seq', 'desc').limit(1),
      ) as { seq: number }[];
      const seq = (last[0]?.seq ?? 0) + 1;
      this.c.exec(k.insertInto('sync_states').values({ tenant_id: s.tenantId, kind: s.kind, id: s.id, chain: s.chain, seq, created_ms: s.createdMs, data: JSON.stringify(s.data) }));
      this.c.exec(k.deleteFrom('sync_states').where('tenant_id', '=', s.tenantId).where('kind', '=', s.kind).where('chain', '=', s.chain).where('seq', '<=', seq - keep));
      const n = (this.c.all(k.selectFrom('sync_states').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', s.tenantId).where('kind', '=', s.kind)) as { n: number }[])[0]!.n;
      if (n > MAX_STATES_PER_KIND) {
        const oldest = k.selectFrom('sync_states').select('rowid').where('tenant_id', '=', s.tenantId).where('kind', '=', s.kind).orderBy('created_ms').orderBy('rowid').limit(n - MAX_STATES_PER_KIND);
        this.c.exec(k.deleteFrom('sync_states').where('rowid', 'in', oldest));
      }
    });
  }

  async delete(tenantId: string, kind: SyncStateKind, id: string) {
    return this.c.run(() => Number(this.c.exec(this.c.k.deleteFrom('sync_states').where('tenant_id', '=', tenantId).where('kind', '=', kind).where('id', '=', id)).changes) > 0);
  }

  async take<T>(tenantId: string, kind: SyncStateKind, id: string): Promise<SyncState<T> | undefined> {
    // Read and delete in one synchronous store call: no other request runs in between.
    return this.c.run(() => {
      const k = this.c.k;
      const row = (this.c.all(k.selectFrom('sync_states').select(['chain', 'created_ms', 'data']).where('tenant_id', '=', tenantId).where('kind', '=', kind).where('id', '=', id)) as Row[])[0];
      if (!row) return undefined;
      this.c.exec(k.deleteFrom('sync_states').where('tenant_id', '=', tenantId).where('kind', '=', kind).where('id', '=', id));
      return { tenantId, kind, id, chain: row.chain, createdMs: row.created_ms, data: JSON.parse(row.data) as T };
    });
  }

  async prune(tenantId: string, kind: SyncStateKind, beforeMs: number) {
    return this.c.run(() =>
      Number(this.c.exec(this.c.k.deleteFrom('sync_states').where('tenant_id', '=', tenantId).where('kind', '=', kind).where('created_ms', '<', beforeMs)).changes),
    );
  }
}
