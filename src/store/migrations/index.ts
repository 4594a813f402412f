import type { Migration, MigrationProvider } from 'kysely';
import { metaMigration } from './001-meta.js';
import { directoryMigration } from './002-directory.js';
import { appsMigration } from './003-apps.js';
import { grantsMigration } from './004-grants.js';
import { policiesMigration } from './005-policies.js';
import { eventsMigration } from './006-events.js';
import { keysMigration } from './007-keys.js';
import { tokensMigration } from './008-tokens.js';
import { auditMigration } from './009-audit.js';
import { googleMigration } from '../google/migration.js';
import { mailMigration } from '../mail/migration.js';
import { onlineMeetingsMigration } from '../meetings/migration.js';
import { subscriptionsMigration } from '../subscriptions/migration.js';
import { teamsMigration } from '../teams/migration.js';
import { calendarDeltaMigration } from '../calendar-delta/migration.js';
import { syncStatesMigration } from '../sync-states/migration.js';
import { consentRequestsMigration } from '../consent-requests/migration.js';
import { conditionalAccessMigration } from '../conditional-access/migration.js';

// Every schema change is a file `NNN-<aggregate>.ts` registered here; kysely's Migrator runs the
// ones a data dir has not seen yet, in name order, even one named lower than some it already ran
// (allowUnorderedMigrations: aggregates land in parallel). So a migration may touch only its own
// aggregate's tables, and a shipped one is never edited: changes are new files. Migrations use
// kysely's schema builder so PostgreSQL can run them too.
//
// Reset contract: `clearTenantState()` empties every table that has a `tenant_id` column, except
// those in KEPT_ON_RESET, plus those in ALSO_CLEARED_ON_RESET. A new aggregate's table with
// `tenant_id` is therefore tenant state (cleared by `tenantbox reset`) without further wiring; add
// it to KEPT_ON_RESET if it must survive.
export const migrations: Record<string, Migration> = {
  '001-meta': metaMigration,
  '002-directory': directoryMigration,
  '003-apps': appsMigration,
  '004-grants': grantsMigration,
  '005-policies': policiesMigration,
  '006-events': eventsMigration,
  '007-keys': keysMigration,
  '008-tokens': tokensMigration,
  '010-google': googleMigration,
  '011-mail': mailMigration,
  '012-online-meetings': onlineMeetingsMigration,
  '011-teams': teamsMigration,
  '012-subscriptions': subscriptionsMigration,
  '013-calendar-delta': calendarDeltaMigration,
  '014-sync-states': syncStatesMigration,
  '015-consent-requests': consentRequestsMigration,
  '016-conditional-access': conditionalAccessMigration,
};

/** The audit log's own migrations (a separate database file under SQLite). */
export const auditMigrations: Record<string, Migration> = {
  '009-audit': auditMigration,
};

/** Tables with a tenant_id that a reset keeps: signing keys, so tokens already handed out stay verifiable. */
export const KEPT_ON_RESET: readonly string[] = ['signing_keys'];

/** Tenant state without a tenant_id column: the tenants themselves. */
export const ALSO_CLEARED_ON_RESET: readonly string[] = ['tenants'];

export function staticProvider(set: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => set };
}
