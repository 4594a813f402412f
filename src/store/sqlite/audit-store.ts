import type Database from 'better-sqlite3';
import type { AuditRecord, AuditStore } from '../types.js';
import type { SqliteConnection } from './connection.js';
import type { AuditDB } from './schema.js';

// The audit log, written by group commit. `append` queues a record; every record queued during one
// turn of the event loop is inserted in one transaction when the turn ends (setImmediate), and
// then each append's `onWritten` runs. The Graph and Google pipelines hold a response back until
// its record is written, so an answered request is never missing from the log, even if the
// process is killed (WAL with synchronous=NORMAL: a commit is in the WAL when COMMIT returns).
// If the turn's transaction fails (one bad row, a full disk), each record is tried on its own, so
// only what cannot be written is lost, and its caller is told.
// One commit per turn instead of one per request: a commit rewrites the table's and each index's
// last page into the WAL, which was most of an append's cost (≈50 µs alone, ≈10 µs in a batch of
// 16; bench/tmp numbers in docs/benchmarks.md). Reads (`query`) write the queue first.
// The log has its own connection and database file, so it never waits for, nor joins, a
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

/** Captured at load: tests that fake timers must not stall the log. */
const later = setImmediate;

/**
 * Tells the appender. Callbacks run from a timer (or inside another caller's query): one that
 * throws must neither keep the others from running nor take the process down. Nobody waits for
 * an append without a callback, so its failure is reported as a warning.
 */
function done(q: Queued, err: Error | null): void {
  try {
    if (q.onWritten) q.onWritten(err);
    else if (err) process.emitWarning(`tenantbox: an audit record could not be written: ${err.message}`);
  } catch (e) {
    process.emitWarning(`tenantbox: an audit callback failed: ${(e as Error).message}`);
  }
}

type Written = (err: Error | null) => void;

interface Queued {
  row: unknown[];
  onWritten: Written | undefined;
}

export class SqliteAuditStore implements AuditStore {
  /** The compiled insert, bound positionally (time, tenant_id, app_id, data): one native call per append. */
  private readonly insert: Database.Statement;
  private readonly writeAll: (rows: Queued[]) => void;
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(private readonly c: SqliteConnection<AuditDB>) {
    const prepared = c.prepare<{ time: string; tenantId: string | null; appId: string | null; data: string }>((p) =>
      c.k.insertInto('audit').values({ time: p('time'), tenant_id: p('tenantId'), app_id: p('appId'), data: p('data') }),
    );
    if (prepared.names.join() !== INSERT_ORDER) throw new Error(`tenantbox: audit insert binds ${prepared.names.join()}`);
    this.insert = prepared.statement;
    const insert = this.insert;
    this.writeAll = c.db.transaction((rows: Queued[]) => {
      for (const q of rows) insert.run(q.row);
    });
  }

  append(r: AuditRecord, onWritten?: Written): void {
    // `seq` is the row's; records come without one (JSON leaves an undefined key out), so the
    // record itself is serialized rather than a copy without it.
    const data = r.seq === undefined ? JSON.stringify(r) : JSON.stringify({ ...r, seq: undefined });
    this.queue.push({ row: [canonicalTime(r.time), r.tenantId ?? null, r.appId ?? null, data], onWritten });
    if (!this.scheduled) {
      this.scheduled = true;
      later(() => this.write());
    }
  }

  /** Writes what is queued now; resolves once it is on disk. */
  async flush(): Promise<void> {
    this.write();
  }

  private write(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const rows = this.queue;
    this.queue = [];
    try {
      this.writeAll(rows);
      for (const q of rows) done(q, null);
    } catch {
      // One bad row (or a full disk) rolled the turn back: write each on its own, so only the
      // records that cannot be written are lost, and each caller learns about its own.
      for (const q of rows) {
        try {
          this.insert.run(q.row);
          done(q, null);
        } catch (e) {
          done(q, e as Error);
        }
      }
    }
  }

  /** Oldest first. `since` is inclusive and `until` exclusive; at most 10,000 rows (default 1,000). */
  async query(filter: Filter): Promise<AuditRecord[]> {
    this.write();
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
    this.write();
    this.c.db.exec('DELETE FROM audit');
  }
}
