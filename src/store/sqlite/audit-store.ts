import type { AuditRecord, AuditStore } from '../types.js';
import type { SqliteConnection } from './connection.js';
import type { AuditDB } from './schema.js';

// The audit log. `append` is a synchronous prepared insert, durable when it returns (WAL with
// synchronous=NORMAL survives a killed process): an acknowledged request is never missing from
// the log. It has its own connection and database file, so it never waits for, nor joins, a
// transaction open on the main database (see open-sqlite.ts).

type Filter = { appId?: string; tenantId?: string; since?: string; until?: string; afterSeq?: number; limit?: number };

const MAX_LIMIT = 10_000;

/** ISO text compares in time order only in one canonical form. */
function canonicalTime(t: string): string {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

export class SqliteAuditStore implements AuditStore {
  private readonly insert;

  constructor(private readonly c: SqliteConnection<AuditDB>) {
    this.insert = c.prepare<{ time: string; tenantId: string | null; appId: string | null; data: string }>((p) =>
      c.k.insertInto('audit').values({ time: p('time'), tenant_id: p('tenantId'), app_id: p('appId'), data: p('data') }),
    );
  }

  append(r: AuditRecord): void {
    const { seq: _seq, ...rest } = r;
    this.insert.run({ time: canonicalTime(r.time), tenantId: r.tenantId, appId: r.appId, data: JSON.stringify(rest) });
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
