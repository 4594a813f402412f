import type { SqliteConnection } from '../sqlite/connection.js';
import { SqliteConsentRequestStore } from './sqlite-consent-request-store.js';
import type { ConsentRequestStore } from './types.js';

export type * from './types.js';
export { consentRequestsMigration } from './migration.js';
export { seedAdminConsentWorkflow } from './seed.js';

/** The admin consent workflow store on the main connection (migration '015-consent-requests'). */
export function createSqliteConsentRequestStore(conn: SqliteConnection<any>): ConsentRequestStore {
  return new SqliteConsentRequestStore(conn);
}
