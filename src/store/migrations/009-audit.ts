import type { Kysely, Migration } from 'kysely';

// The audit log: one row per request, written before the request is answered (see audit-store.ts).
// In SQLite it lives in its own database file (see ../sqlite/open-sqlite.ts); in PostgreSQL it
// is one more table of the same database.
export const auditMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('audit')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text')
      .addColumn('app_id', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_tenant').on('audit').columns(['tenant_id', 'seq']).execute();
    await db.schema.createIndex('audit_app').on('audit').columns(['app_id', 'seq']).execute();
    await db.schema.createIndex('audit_time').on('audit').column('time').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('audit').execute();
  },
};
