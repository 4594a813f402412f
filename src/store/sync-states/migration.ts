import type { Kysely, Migration } from 'kysely';
import { calendarDeltaMigration } from '../calendar-delta/migration.js';

// '014-sync-states': the delta sync states of every area in one table (kind = which delta query).
// It replaces '013-calendar-delta''s calendar_delta_states: a data dir that already has that table
// gets its rows copied over (kind 'calendarView', same ids, chains and payloads, so calendarView
// deltaLinks handed out before the upgrade keep working), then the old table is dropped. Fresh
// data dirs run 013 then 014 (name order), which ends the same way. Looked up by (tenant, kind,
// id); pruned per chain (newest few kept, by seq) and by age.
export const syncStatesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sync_states')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('chain', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('created_ms', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_states_pk', ['tenant_id', 'kind', 'id'])
      .execute();
    await db.schema.createIndex('sync_states_chain').on('sync_states').columns(['tenant_id', 'kind', 'chain', 'seq']).execute();
    await db.schema.createIndex('sync_states_created').on('sync_states').columns(['tenant_id', 'kind', 'created_ms']).execute();
    await db
      .insertInto('sync_states')
      .columns(['tenant_id', 'kind', 'id', 'chain', 'seq', 'created_ms', 'data'])
      .expression((eb) =>
        eb.selectFrom('calendar_delta_states').select((s) => ['tenant_id', s.val('calendarView').as('kind'), 'id', 'lineage', 'seq', 'created_ms', 'data']),
      )
      .execute();
    await db.schema.dropTable('calendar_delta_states').execute();
  },
  async down(db: Kysely<any>) {
    // Back to 013's (empty) table: states are disposable, clients start a new round.
    await db.schema.dropTable('sync_states').execute();
    await calendarDeltaMigration.up(db);
  },
};
