import type Database from 'better-sqlite3';
import type { AuditRecord, AuditStore } from '../types.js';
import type { SqliteConnection } from './connection.js';
import type { AuditDB } from './schema.js';

// The audit log. `append` is a synchronous prepared insert, durable when it returns (WAL with
// synchronous=NORMAL survives a killed process): an acknowledged request is never missing from
// the log. It has its own connection and database file, so it never waits for, nor joins, a
// transaction open on the main database (see open-sqlite.ts).

type Filter = { appId?: string; tenantId?: string; since?: string; until?: string; afterSeq?: number; limit?: number };

const MAX_LIMIT = 10_000;

/** toISOString's form: what every caller passes, already canonical. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** ISO text compares in time order only in one canonical form. */
function canonicalTime(t: string): string {
  if (CANONICAL.test(t)) return t;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

const INSERT_ORDER = 'time,tenantId,appId,data';

export class SqliteAuditStore implements AuditStore {
  /** The compiled insert, bound positionally (time, tenant_id, app_id, data): one native call per append. */
  private readonly insert: Database.Statement;

  constructor(private readonly c: SqliteConnection<AuditDB>) {
    const prepared = c.prepare<{ time: string; tenantId: string | null; appId: string | null; data: string }>((p) =>
      c.k.insertInto('audit').values({ time: p('time'), tenant_id: p('tenantId'), app_id: p('appId'), data: p('data') }),
    );
    if (prepared.names.join() !== INSERT_ORDER) throw new Error(`tenantbox: audit insert binds ${prepared.names.join()}`);
    this.insert = prepared.statement;
  }

  append(r: AuditRecord): void {
    // `seq` is the row's; records come without one (JSON leaves an undefined key out), so the
    // record itself is serialized rather than a copy without it.
    const data = r.seq === undefined ? JSON.stringify(r) : JSON.stringify({ ...r, seq: undefined });
    this.insert.run(canonicalTime(r.time), r.tenantId ?? null, r.appId ?? null, data);
  }

  /** Nothing is buffered: every append is written before it returns. */
  async flush(): Promise<void> {}

  /** Oldest first. `since` is inclusive and `until` exclusive; at most 10,000 rows (default 1,000). */
  async query(filter: Filter): Promise<AuditRecord[]> {
    let q = this.c.k.selectFrom('audit').select(['seq', 'data']);
    if (filter.tenantId !== undefined) q = q.where('tenant_id', '=', filter.tenantId);
    if (filter.appId !== undefined) q = q.where('app_id', '=', filter.appId);
    if (filter.since !== undefined) q = q.where('time', '>=', canonicalTime(filter.since));
    if (filter.until !== undefined) q = q.where('time', '<', canonicalTime(filter.until));
    if (filter.afterSeq !== undefined) q = q.where('seq', '>', filter.afterSeq);
    const limit = Math.min(Math.max(1, filter.limit ?? 1000), MAX_LIMIT);
    return this.c.all(q.orderBy('seq').limit(limit)).map((row: { seq: number; data: string }) => ({ ...JSON.parse(row.data), seq: row.seq }) as AuditRecord);
  }

  /** Part of clearTenantState. */
  clear(): void {
    this.c.db.exec('DELETE FROM audit');
  }
}
