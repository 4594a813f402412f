import type { Kysely, Migration } from 'kysely';

// Online meetings (registered as '012-online-meetings' in ../migrations/index.ts). Looked up by id,
// by organizer, by join URL and by createOrGet's externalId; ranged by creation for the reports.
export const onlineMeetingsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('online_meetings')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organizer_id', 'text', (c) => c.notNull())
      .addColumn('join_web_url', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('created_ms', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('online_meetings_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('online_meetings_organizer').on('online_meetings').columns(['tenant_id', 'organizer_id', 'external_id']).execute();
    await db.schema.createIndex('online_meetings_join_url').on('online_meetings').columns(['tenant_id', 'join_web_url']).execute();
    await db.schema.createIndex('online_meetings_created').on('online_meetings').columns(['tenant_id', 'created_ms']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('online_meetings').execute();
  },
};
