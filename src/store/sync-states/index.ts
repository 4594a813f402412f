import type { SqliteConnection } from '../sqlite/connection.js';
import { SqliteSyncStateStore } from './sqlite-sync-state-store.js';
import type { SyncStateStore } from './types.js';

export type * from './types.js';
export type { CalendarDeltaState, CalendarDeltaStore } from './calendar-view.js';
export { calendarViewStates } from './calendar-view.js';
export { syncStatesMigration } from './migration.js';

// '013-calendar-delta' (src/store/calendar-delta/migration.ts) stays where it shipped: data dirs
// have run it, and '014-sync-states' (./migration.ts) moves its rows here.

/** The delta sync-state store on the main connection (table sync_states, migration '014-sync-states'). */
export function createSqliteSyncStateStore(conn: SqliteConnection<any>): SyncStateStore {
  return new SqliteSyncStateStore(conn);
}
