import type { Kysely, Migration } from 'kysely';

// Delegated permission grants (oauth2PermissionGrant) and app role assignments.
export const grantsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('delegated_grants')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('delegated_grants_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('delegated_grants_client').on('delegated_grants').columns(['tenant_id', 'client_id', 'resource_id']).execute();
    await db.schema.createIndex('delegated_grants_resource').on('delegated_grants').columns(['tenant_id', 'resource_id']).execute();

    await db.schema
      .createTable('app_role_assignments')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('app_role_assignments_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('app_role_assignments_principal').on('app_role_assignments').columns(['tenant_id', 'principal_id']).execute();
    await db.schema.createIndex('app_role_assignments_resource').on('app_role_assignments').columns(['tenant_id', 'resource_id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('app_role_assignments').execute();
    await db.schema.dropTable('delegated_grants').execute();
  },
};
