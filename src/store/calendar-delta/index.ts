import type { SqliteConnection } from '../sqlite/connection.js';
import { SqliteCalendarDeltaStore } from './sqlite-calendar-delta-store.js';
import type { CalendarDeltaStore } from './types.js';

export type * from './types.js';
export { calendarDeltaMigration } from './migration.js';

/** The calendarView delta state store on the main connection (migration '013-calendar-delta'). */
export function createSqliteCalendarDeltaStore(conn: SqliteConnection<any>): CalendarDeltaStore {
  return new SqliteCalendarDeltaStore(conn);
}
