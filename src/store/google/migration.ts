import type { Kysely, Migration } from 'kysely';

// The Google Workspace tables (registered as '010-google' in ../migrations/index.ts).
// - google_objects: the small aggregates (customer, users, groups, buildings, resources, service
//   accounts, DWD entries, OAuth clients, grants, calendars, ACL rules, calendar-list entries),
//   one row per record, `data` = the record as JSON. `lookup` is the secondary natural key
//   (an email, a calendar id) that lookups and lists use.
// - google_events: the big table; range and sync queries need real columns.
// - google_tokens: access tokens, refresh tokens, codes, sign-in flows, by hash.
// - google_key_material: service-account keys. No tenant_id column on purpose: `reset` keeps it,
//   so key files already given to apps keep working.
export const googleMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('google_objects')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('lookup', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('google_objects_pk', ['tenant_id', 'kind', 'id'])
      .execute();
    await db.schema.createIndex('google_objects_lookup').on('google_objects').columns(['tenant_id', 'kind', 'lookup']).execute();
    await db.schema.createIndex('google_objects_global').on('google_objects').columns(['kind', 'lookup']).execute();

    await db.schema
      .createTable('google_events')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('calendar_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('start_ms', 'integer', (c) => c.notNull())
      .addColumn('end_ms', 'integer', (c) => c.notNull())
      .addColumn('recurring_event_id', 'text')
      .addColumn('ical_uid', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('google_events_pk', ['tenant_id', 'calendar_id', 'id'])
      .execute();
    await db.schema.createIndex('google_events_range').on('google_events').columns(['tenant_id', 'calendar_id', 'start_ms']).execute();
    await db.schema.createIndex('google_events_seq').on('google_events').columns(['tenant_id', 'calendar_id', 'seq']).execute();
    await db.schema.createIndex('google_events_id').on('google_events').columns(['tenant_id', 'id']).execute();
    await db.schema.createIndex('google_events_recurring').on('google_events').columns(['tenant_id', 'calendar_id', 'recurring_event_id']).execute();

    await db.schema
      .createTable('google_tokens')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'integer', (c) => c.notNull())
      .addColumn('consumed_at', 'integer')
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('google_tokens_expires').on('google_tokens').column('expires_at').execute();

    await db.schema
      .createTable('google_key_material')
      .addColumn('client_email', 'text', (c) => c.primaryKey())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['google_key_material', 'google_tokens', 'google_events', 'google_objects']) await db.schema.dropTable(t).execute();
  },
};
