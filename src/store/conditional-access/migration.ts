import type { Kysely, Migration } from 'kysely';

// Conditional Access (registered as '016-conditional-access' in ../migrations/index.ts): policies
// stored whole as JSON, listed per tenant in insertion order; users without an MFA method (the
// exception: a user is registered unless listed). Both have tenant_id, so `reset` clears them.
export const conditionalAccessMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('conditional_access_policies')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('conditional_access_policies_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createTable('mfa_unregistered_users')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mfa_unregistered_users_pk', ['tenant_id', 'user_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('mfa_unregistered_users').execute();
    await db.schema.dropTable('conditional_access_policies').execute();
  },
};
