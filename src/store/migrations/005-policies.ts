import type { Kysely, Migration } from 'kysely';

// Exchange mailbox/folder permissions, Exchange application access policies, Teams application
// access policies. Policy tables are small per tenant and read whole (then cached).
export const policiesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('mailbox_permissions')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('mailbox_id', 'text', (c) => c.notNull())
      .addColumn('grantee_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mailbox_permissions_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('mailbox_permissions_mailbox').on('mailbox_permissions').columns(['tenant_id', 'mailbox_id']).execute();
    await db.schema.createIndex('mailbox_permissions_grantee').on('mailbox_permissions').columns(['tenant_id', 'grantee_id']).execute();

    for (const table of ['application_access_policies', 'teams_access_policies']) {
      await db.schema
        .createTable(table)
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['tenant_id', 'id'])
        .execute();
    }
  },
  async down(db: Kysely<any>) {
    for (const t of ['teams_access_policies', 'application_access_policies', 'mailbox_permissions']) await db.schema.dropTable(t).execute();
  },
};
