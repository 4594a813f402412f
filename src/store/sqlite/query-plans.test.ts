import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { auditMigrations, migrations, staticProvider } from '../migrations/index.js';
import { SqliteConnection } from './connection.js';
import { storesOn } from './open-sqlite.js';
import type { AuditDB, DB } from './schema.js';

// Every statement the stores prepare (all stores, as openSqliteStores builds them) must reach its
// rows through an index, in a fresh database without statistics: no full scan of a table, and no lookup that narrows only to the tenant when it names a key column (which is how
// an OR across key columns ends up: a scan of the tenant). A plan that regresses fails here,
// without timing anything.

const KEY_COLUMNS = /"(id|upn|mail|app_id|owner_id|member_id|group_id|calendar_id|hash|client_id|principal_id|resource_id|mailbox_id|grantee_id|uri|ical_uid|user_code|kid|natural_key|key)" (=|in|<|>)/;

async function connection<S>(set: typeof migrations): Promise<SqliteConnection<S>> {
  const db = new Database(':memory:');
  const k = new Kysely<S>({ dialect: new SqliteDialect({ database: db }) });
  const { error } = await new Migrator({ db: k, provider: staticProvider(set) }).migrateToLatest();
  if (error) throw error;
  return new SqliteConnection<S>(db, k);
}

describe('query plans', () => {
  it('use an index for every prepared statement', async () => {
    // Every store, as openSqliteStores builds them: statements are prepared when a store is made.
    const main = await connection<DB>(migrations);
    const audit = await connection<AuditDB>(auditMigrations);
    storesOn(main, audit);
    const checked: string[] = [];
    const problems: string[] = [];
    for (const c of [main, audit] as SqliteConnection<unknown>[]) {
      for (const sqlText of c.preparedSql) {
        if (/^insert/i.test(sqlText) && !/select/i.test(sqlText)) continue;
        const where = sqlText.split(/\swhere\s/i)[1];
        const params = Array.from(sqlText.matchAll(/\?/g), () => null);
        const plan = (c.db.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params) as { detail: string }[]).map((r) => r.detail);
        // A statement without a filter (listTenants) reads the whole table by design.
        // Scanning json_each is walking the bound list of ids (one statement for any number of calendars).
        const bad = plan.filter((line) => (where !== undefined && /^SCAN (?!up\b|json_each VIRTUAL TABLE)/.test(line)) || (KEY_COLUMNS.test(where ?? '') && /\(tenant_id=\?\)$/.test(line)));
        if (bad.length) problems.push(`${sqlText}\n  → ${plan.join(' | ')}`);
        checked.push(sqlText);
      }
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(50);
  });
});
