import type { Kysely, Migration } from 'kysely';

// Facts about the data dir (schema version, seeded tenant-file hash, clock offset) and the ids the
// seeder generated for things the tenant file names without an id. Neither is cleared by a reset.
export const metaMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('stable_ids')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('natural_key', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('stable_ids_pk', ['scope', 'natural_key'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('stable_ids').execute();
    await db.schema.dropTable('meta').execute();
  },
};
