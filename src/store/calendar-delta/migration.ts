import type { Kysely, Migration } from 'kysely';

// calendarView delta sync states (registered as '013-calendar-delta' in ../migrations/index.ts).
// Looked up by token id; pruned per lineage (newest few kept) and by age.
export const calendarDeltaMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('calendar_delta_states')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('lineage', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('created_ms', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('calendar_delta_states_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('calendar_delta_states_lineage').on('calendar_delta_states').columns(['tenant_id', 'lineage', 'seq']).execute();
    await db.schema.createIndex('calendar_delta_states_created').on('calendar_delta_states').columns(['tenant_id', 'created_ms']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('calendar_delta_states').execute();
  },
};
