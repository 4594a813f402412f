import type { Kysely, Migration } from 'kysely';

// Token signing keys per tenant. Kept across resets (tokens a client holds stay verifiable).
export const keysMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('signing_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('kid', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('signing_keys_pk', ['tenant_id', 'kid'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('signing_keys').execute();
  },
};
