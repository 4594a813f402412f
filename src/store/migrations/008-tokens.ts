import type { Kysely, Migration } from 'kysely';

// Refresh tokens, authorization codes, device codes and sessions, stored by hash.
export const tokensMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('token_grants')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('user_code', 'text') // copied from data.userCode (device code flow)
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'integer', (c) => c.notNull())
      .addColumn('consumed_at', 'integer')
      .execute();
    await db.schema.createIndex('token_grants_user_code').on('token_grants').column('user_code').execute();
    await db.schema.createIndex('token_grants_expires').on('token_grants').column('expires_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('token_grants').execute();
  },
};
