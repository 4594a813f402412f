import type { SqliteConnection } from '../sqlite/connection.js';
import { SqliteTeamsStore } from './sqlite-teams-store.js';
import type { TeamsStore } from './types.js';

export type * from './types.js';
export { teamsMigration } from './migration.js';
export { seedTeams, type SeedTeamsDeps } from './seed-teams.js';

/**
 * The Teams store on the main state connection (whose migrations include the teams migration).
 * In open-sqlite.ts: `teams: createSqliteTeamsStore(main)`.
 */
export function createSqliteTeamsStore(conn: SqliteConnection<any>): TeamsStore {
  return new SqliteTeamsStore(conn);
}
