import type { Kysely, Migration } from 'kysely';

// Tenants, users (people and rooms), groups (and room lists) and memberships.
export const directoryMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('domain', 'text', (c) => c.notNull().unique())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('upn', 'text', (c) => c.notNull())
      .addColumn('mail', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('users_upn').on('users').columns(['tenant_id', 'upn']).unique().execute();
    await db.schema.createIndex('users_mail').on('users').columns(['tenant_id', 'mail']).execute();

    await db.schema
      .createTable('groups')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('mail', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('groups_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('groups_mail').on('groups').columns(['tenant_id', 'mail']).execute();

    await db.schema
      .createTable('group_members')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('relation', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('member_type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('group_members_pk', ['tenant_id', 'group_id', 'relation', 'member_id'])
      .execute();
    // memberOf and the upward walk of transitive membership start from the member; with group_id
    // in it the index covers those queries (without it SQLite prefers the primary key and scans
    // the tenant's memberships).
    await db.schema.createIndex('group_members_member').on('group_members').columns(['tenant_id', 'member_id', 'relation', 'group_id']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['group_members', 'groups', 'users', 'tenants']) await db.schema.dropTable(t).execute();
  },
};
