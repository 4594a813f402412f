import type { Kysely, Migration } from 'kysely';

// The admin consent workflow (registered as '015-consent-requests' in ../migrations/index.ts):
// the policy per tenant, app requests by (app, consent type), user requests by app request.
// Records are stored whole as JSON next to the columns their lookups use.
export const consentRequestsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('admin_consent_request_policies')
      .addColumn('tenant_id', 'text', (c) => c.notNull().primaryKey())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('app_consent_requests')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('consent_type', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('app_consent_requests_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('app_consent_requests_app').on('app_consent_requests').columns(['tenant_id', 'app_id', 'consent_type']).execute();
    await db.schema
      .createTable('user_consent_requests')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('app_request_id', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_consent_requests_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('user_consent_requests_app_request').on('user_consent_requests').columns(['tenant_id', 'app_request_id', 'created_ms']).execute();
    await db.schema.createIndex('user_consent_requests_app').on('user_consent_requests').columns(['tenant_id', 'app_id', 'created_ms']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('user_consent_requests').execute();
    await db.schema.dropTable('app_consent_requests').execute();
    await db.schema.dropTable('admin_consent_request_policies').execute();
  },
};
