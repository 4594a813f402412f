import type { Kysely, Migration } from 'kysely';

// The Teams tables (registered in ../migrations/index.ts). One table holds every Teams record as
// JSON, addressed by where it hangs: (tenant, team, kind, channel, parent, id) — `channel_id` is ''
// for team-level records (the team itself, installed apps, operations), `parent_id` is the root
// message id for replies and '' otherwise. `sort_ms` orders lists (creation time). Deleting a team
// or a channel is one range delete on the key prefix. `tenant_id` makes it tenant state: `reset`
// clears it.
export const teamsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('teams_objects')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('sort_ms', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('teams_objects_pk', ['tenant_id', 'team_id', 'kind', 'channel_id', 'parent_id', 'id'])
      .execute();
    await db.schema
      .createIndex('teams_objects_list')
      .on('teams_objects')
      .columns(['tenant_id', 'team_id', 'kind', 'channel_id', 'parent_id', 'sort_ms'])
      .execute();
    await db.schema.createIndex('teams_objects_kind').on('teams_objects').columns(['tenant_id', 'kind', 'sort_ms']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('teams_objects').execute();
  },
};
