import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { staticProvider } from '../migrations/index.js';
import { SqliteConnection } from '../sqlite/connection.js';
import { googleMigration } from './migration.js';
import { SqliteGoogleCalendarStore } from './sqlite-calendars.js';
import { SqliteGoogleDirectoryStore } from './sqlite-directory.js';
import { ObjectTable } from './sqlite-objects.js';
import { SqliteGoogleKeyStore, SqliteGoogleTokenStore } from './sqlite-tokens.js';
import type { GoogleStores } from './types.js';

export type * from './types.js';
export { googleMigration } from './migration.js';

/**
 * The Google stores on an open tenantbox connection (the main state database, whose migrations
 * include '010-google'). In open-sqlite.ts: `google: createSqliteGoogleStores(main)`.
 */
export function createSqliteGoogleStores(conn: SqliteConnection<any>): GoogleStores {
  const objects = new ObjectTable(conn);
  return {
    directory: new SqliteGoogleDirectoryStore(objects),
    calendars: new SqliteGoogleCalendarStore(conn, objects),
    tokens: new SqliteGoogleTokenStore(conn),
    keys: new SqliteGoogleKeyStore(conn),
    transaction: (fn) => conn.transaction(fn),
  };
}

/**
 * Google stores on a database of their own (tests, and a tenantbox whose Stores are not wired
 * yet). `clear()` empties the tenant state (what `reset` clears), keeping key material.
 */
export async function openStandaloneGoogleStores(file = ':memory:'): Promise<GoogleStores & { clear(): void; close(): void }> {
  const db = new Database(file);
  const k = new Kysely<any>({ dialect: new SqliteDialect({ database: db }) });
  const { error } = await new Migrator({ db: k, provider: staticProvider({ '010-google': googleMigration }) }).migrateToLatest();
  if (error) throw error;
  const conn = new SqliteConnection<any>(db, k);
  return {
    ...createSqliteGoogleStores(conn),
    clear() {
      for (const t of ['google_objects', 'google_events', 'google_tokens']) db.prepare(`DELETE FROM ${t}`).run();
      conn.clearCaches();
    },
    close: () => db.close(),
  };
}
