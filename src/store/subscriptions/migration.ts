import type { Kysely, Migration } from 'kysely';

// Graph subscriptions (registered in ../migrations/index.ts): one row per subscription, the record
// as JSON, indexed by the mailbox it watches (every event write looks its subscriptions up).
export const subscriptionsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('graph_subscriptions')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('mailbox_id', 'text', (c) => c.notNull())
      .addColumn('expiration_ms', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('graph_subscriptions_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('graph_subscriptions_mailbox').on('graph_subscriptions').columns(['tenant_id', 'mailbox_id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('graph_subscriptions').execute();
  },
};
