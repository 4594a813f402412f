import type { Kysely, Migration } from 'kysely';

// App registrations (global by appId) and service principals (one per app per tenant).
export const appsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('applications')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('applications_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('applications_app_id').on('applications').column('app_id').unique().execute();

    // identifierUris are unique across registrations (AADSTS error on a duplicate); the token
    // endpoint resolves `scope=api://…/.default` through this table.
    await db.schema
      .createTable('app_identifier_uris')
      .addColumn('uri', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('app_identifier_uris_app').on('app_identifier_uris').columns(['tenant_id', 'application_id']).execute();

    await db.schema
      .createTable('service_principals')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_principals_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('service_principals_app_id').on('service_principals').columns(['tenant_id', 'app_id']).unique().execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['service_principals', 'app_identifier_uris', 'applications']) await db.schema.dropTable(t).execute();
  },
};
