import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import { ALSO_CLEARED_ON_RESET, KEPT_ON_RESET, auditMigrations, migrations, staticProvider } from '../migrations/index.js';
import { createSqliteConsentRequestStore } from '../consent-requests/index.js';
import { createSqliteConditionalAccessStore } from '../conditional-access/index.js';
import { createSqliteGoogleStores } from '../google/index.js';
import { createSqliteMailStores } from '../mail/index.js';
import { createSqliteOnlineMeetingStore } from '../meetings/index.js';
import { createSqliteSubscriptionStore } from '../subscriptions/index.js';
import { createSqliteTeamsStore } from '../teams/index.js';
import { createSqliteSyncStateStore } from '../sync-states/index.js';
import type { Stores } from '../types.js';
import { SqliteAppStore } from './app-store.js';
import { SqliteAuditStore } from './audit-store.js';
import { SqliteConnection } from './connection.js';
import { SqliteDirectoryStore } from './directory-store.js';
import { SqliteEventStore } from './event-store.js';
import { SqliteGrantStore } from './grant-store.js';
import { SqliteKeyStore } from './key-store.js';
import { SqliteMetaStore, SqliteStableIdStore } from './meta-store.js';
import { SqlitePolicyStore } from './policy-store.js';
import type { AuditDB, DB } from './schema.js';
import { SqliteTokenStore } from './token-store.js';

export interface OpenSqliteOptions {
  /** Database file, or ':memory:'. Its folder is created if missing. */
  file: string;
  /** The audit log's file; default: next to `file`, e.g. state.db → state-audit.db (':memory:' with ':memory:'). */
  auditFile?: string;
}

// Two database files: the state, and the audit log. The audit log is written on every turn of the
// event loop that answered requests, and must be durable before those answers leave; on the state
// connection such an insert would join whatever transaction another request has open (and vanish
// with its rollback), and it cannot wait for it, being synchronous. A second connection to the same file
// would block the event loop on the write lock. A file of its own has neither problem, and a
// per-request insert never contends with the state's writers.
//
// Durability: WAL with synchronous=NORMAL. A commit is written to the WAL before COMMIT returns,
// so a killed process (SIGKILL) loses nothing committed; only an OS crash or power loss can lose
// the last transactions, which is fine for an emulator. No foreign keys are declared: the stores
// keep their own integrity (a delete removes what hangs off the record), and bulk seeding of a
// million events stays fast.
export async function openSqliteStores(opts: OpenSqliteOptions): Promise<Stores> {
  const auditFile = opts.auditFile ?? defaultAuditFile(opts.file);
  const main = await openDatabase<DB>(opts.file, migrations);
  let audit: SqliteConnection<AuditDB>;
  try {
    audit = await openDatabase<AuditDB>(auditFile, auditMigrations);
    // The audit log is written on every busy turn: checkpoint its WAL (an fsync, on the event loop)
    // every ~4,000 pages instead of SQLite's default 1,000. Durability against SIGKILL is unchanged:
    // a record is committed to the WAL before its request is answered.
    if (auditFile !== ':memory:') audit.db.pragma('wal_autocheckpoint = 4000');
  } catch (e) {
    main.db.close();
    throw e;
  }

  return storesOn(main, audit);
}

/** Every store on the two connections (also what the query-plan test inspects). */
export function storesOn(main: SqliteConnection<DB>, audit: SqliteConnection<AuditDB>): Stores {
  const auditStore = new SqliteAuditStore(audit);
  return {
    directory: new SqliteDirectoryStore(main),
    apps: new SqliteAppStore(main),
    grants: new SqliteGrantStore(main),
    policies: new SqlitePolicyStore(main),
    events: new SqliteEventStore(main),
    keys: new SqliteKeyStore(main),
    tokens: new SqliteTokenStore(main),
    audit: auditStore,
    meta: new SqliteMetaStore(main),
    stableIds: new SqliteStableIdStore(main),
    teams: createSqliteTeamsStore(main),
    subscriptions: createSqliteSubscriptionStore(main),
    google: createSqliteGoogleStores(main),
    ...createSqliteMailStores(main),
    onlineMeetings: createSqliteOnlineMeetingStore(main),
    syncStates: createSqliteSyncStateStore(main),
    consentRequests: createSqliteConsentRequestStore(main),
    conditionalAccess: createSqliteConditionalAccessStore(main),
    transaction: (fn) => main.transaction(fn),
    // Inside a transaction (reset = clear + seed) the state tables roll back with it; the audit
    // log, in its own file, is emptied at once either way.
    async clearTenantState() {
      await main.run(() => {
        const tables = tenantTables(main.db);
        main.db.transaction(() => {
          for (const t of tables) main.db.prepare(`DELETE FROM "${t}"`).run();
        })();
        main.clearCaches();
      });
      auditStore.clear();
    },
    async close() {
      await auditStore.flush();
      await main.exclusive(() => {
        main.db.pragma('optimize');
        main.db.close();
        audit.db.close();
      });
    },
  };
}

function defaultAuditFile(file: string): string {
  if (file === ':memory:') return ':memory:';
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}-audit${ext || '.db'}`);
}

async function openDatabase<S>(file: string, set: Record<string, Migration>): Promise<SqliteConnection<S>> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536'); // 64 MiB of page cache: range scans over a million events stay in memory
    const k = new Kysely<S>({ dialect: new SqliteDialect({ database: db }) });
    // Each migration creates one aggregate's tables and none depends on another's, so a data dir
    // may run one numbered lower than those it already has (aggregates land in parallel; two
    // files share a number today): run whatever is pending, in name order.
    const { error, results } = await new Migrator({ db: k, provider: staticProvider(set), allowUnorderedMigrations: true }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(
        `cannot open the data dir database ${file}: ${failed ? `migration ${failed} failed` : 'migrations failed'}: ${why}` +
          (/missing/.test(why) ? ' (was it written by a newer tenantbox? use a fresh --data-dir)' : ''),
      );
    }
    return new SqliteConnection<S>(db, k);
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Every table with a tenant_id column is tenant state, except those kept on reset (migrations/index.ts). */
function tenantTables(db: Database.Database): string[] {
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  const hasTenantId = (t: string) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]).includes('tenant_id');
  return names.filter((t) => ALSO_CLEARED_ON_RESET.includes(t) || (!KEPT_ON_RESET.includes(t) && hasTenantId(t)));
}
