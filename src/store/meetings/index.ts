import type { SqliteConnection } from '../sqlite/connection.js';
import { SqliteOnlineMeetingStore } from './sqlite-online-meeting-store.js';
import type { OnlineMeetingStore } from './types.js';

export type * from './types.js';
export { onlineMeetingsMigration } from './migration.js';

/** The online-meeting store on the main connection (migration '012-online-meetings'). */
export function createSqliteOnlineMeetingStore(conn: SqliteConnection<any>): OnlineMeetingStore {
  return new SqliteOnlineMeetingStore(conn);
}
