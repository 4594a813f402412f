import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { staticProvider } from '../migrations/index.js';
import { onlineMeetingsMigration } from '../meetings/migration.js';
import { SqliteOnlineMeetingStore } from '../meetings/sqlite-online-meeting-store.js';
import type { OnlineMeetingStore } from '../meetings/types.js';
import { SqliteConnection } from '../sqlite/connection.js';
import { mailMigration } from './migration.js';
import { SqliteSensitivityLabelStore } from './sqlite-label-store.js';
import { SqliteMailStore } from './sqlite-mail-store.js';
import type { MailStore, SensitivityLabelStore } from './types.js';

export type * from './types.js';
export { mailMigration } from './migration.js';
export { seedSensitivityLabels } from './seed-labels.js';

/**
 * The mail and label stores on an open tenantbox connection (the main state database, whose
 * migrations include '011-mail'). In open-sqlite.ts: `...createSqliteMailStores(main)`.
 */
export function createSqliteMailStores(conn: SqliteConnection<any>): { mail: MailStore; sensitivityLabels: SensitivityLabelStore } {
  return { mail: new SqliteMailStore(conn), sensitivityLabels: new SqliteSensitivityLabelStore(conn) };
}

export interface WorkloadStores {
  mail: MailStore;
  sensitivityLabels: SensitivityLabelStore;
  onlineMeetings: OnlineMeetingStore;
}

/**
 * Mail, label and online-meeting stores on a database of their own: tests, and a tenantbox whose
 * Stores are not wired yet (assign the members onto `Stores`).
 */
export async function openStandaloneWorkloadStores(file = ':memory:'): Promise<WorkloadStores & { close(): void }> {
  const db = new Database(file);
  const k = new Kysely<any>({ dialect: new SqliteDialect({ database: db }) });
  const { error } = await new Migrator({ db: k, provider: staticProvider({ '011-mail': mailMigration, '012-online-meetings': onlineMeetingsMigration }) }).migrateToLatest();
  if (error) throw error;
  const conn = new SqliteConnection<any>(db, k);
  return { ...createSqliteMailStores(conn), onlineMeetings: new SqliteOnlineMeetingStore(conn), close: () => db.close() };
}
