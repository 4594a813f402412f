import type { SqliteConnection } from '../sqlite/connection.js';
import { SqliteSubscriptionStore } from './sqlite-subscription-store.js';
import type { SubscriptionStore } from './types.js';

export type * from './types.js';
export { subscriptionsMigration } from './migration.js';

/**
 * The subscription store on the main state connection (whose migrations include the subscriptions
 * migration). In open-sqlite.ts: `subscriptions: createSqliteSubscriptionStore(main)`.
 */
export function createSqliteSubscriptionStore(conn: SqliteConnection<any>): SubscriptionStore {
  return new SqliteSubscriptionStore(conn);
}
