import type { SqliteConnection } from '../sqlite/connection.js';
import { SqliteConditionalAccessStore } from './sqlite-conditional-access-store.js';
import type { ConditionalAccessStore } from './types.js';

export type * from './types.js';
export { conditionalAccessMigration } from './migration.js';
export { policyId } from './policy-id.js';

/** The Conditional Access store on the main connection (migration '016-conditional-access'). */
export function createSqliteConditionalAccessStore(conn: SqliteConnection<any>): ConditionalAccessStore {
  return new SqliteConditionalAccessStore(conn);
}
