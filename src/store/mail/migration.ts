import type { Kysely, Migration } from 'kysely';

// Mailbox content and labels (registered as '011-mail' in ../migrations/index.ts).
// - mail_folders: small, read per mailbox.
// - mail_messages: listed per (mailbox, folder) newest first; `data` is the Graph body.
// - mail_activity: one row per counted send / receive / read, ranged by time for the reports.
// - sensitivity_labels: the tenant file's labels.
// Every table has tenant_id, so `reset` clears them (migrations/index.ts).
export const mailMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('mail_folders')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('mailbox_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('well_known', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mail_folders_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('mail_folders_mailbox').on('mail_folders').columns(['tenant_id', 'mailbox_id', 'parent_id']).execute();

    await db.schema
      .createTable('mail_messages')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('mailbox_id', 'text', (c) => c.notNull())
      .addColumn('folder_id', 'text', (c) => c.notNull())
      .addColumn('received_ms', 'integer', (c) => c.notNull())
      .addColumn('is_read', 'integer', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mail_messages_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('mail_messages_folder').on('mail_messages').columns(['tenant_id', 'mailbox_id', 'folder_id', 'received_ms']).execute();
    await db.schema.createIndex('mail_messages_mailbox').on('mail_messages').columns(['tenant_id', 'mailbox_id', 'received_ms']).execute();

    await db.schema
      .createTable('mail_activity')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mail_activity_time').on('mail_activity').columns(['tenant_id', 'at_ms']).execute();

    await db.schema
      .createTable('sensitivity_labels')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sensitivity_labels_pk', ['tenant_id', 'id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['sensitivity_labels', 'mail_activity', 'mail_messages', 'mail_folders']) await db.schema.dropTable(t).execute();
  },
};
