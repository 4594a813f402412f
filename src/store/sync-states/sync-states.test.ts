import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations, staticProvider } from '../migrations/index.js';
import { openSqliteStores } from '../sqlite/open-sqlite.js';
import type { Stores } from '../types.js';
import { calendarViewStates, type CalendarDeltaState } from './calendar-view.js';

const T = 'tenant-1';
let stores: Stores | undefined;
let dir: string | undefined;
afterEach(async () => {
  await stores?.close();
  stores = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const state = (id: string, chain: string, createdMs = 1000, kind: 'users' | 'groups' = 'users') => ({ tenantId: T, kind, id, chain, createdMs, data: { id } });

describe('sync-state store', () => {
  it('keeps the newest `keep` states of a chain; other chains and kinds are untouched', async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    const s = stores.syncStates;
    await s.put(state('other', 'b'), 3);
    await s.put(state('g1', 'a', 1000, 'groups'), 3);
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) await s.put(state(id, 'a'), 3);
    expect(await s.get(T, 'users', 'a1')).toBeUndefined();
    expect(await s.get(T, 'users', 'a2')).toBeUndefined();
    expect(await s.get(T, 'users', 'a3')).toEqual(state('a3', 'a'));
    expect(await s.get(T, 'users', 'a5')).toBeDefined();
    expect(await s.get(T, 'users', 'other')).toBeDefined();
    expect(await s.get(T, 'groups', 'g1')).toBeDefined();
    // A state is found only under its own kind and tenant.
    expect(await s.get(T, 'groups', 'a5')).toBeUndefined();
    expect(await s.get('tenant-2', 'users', 'a5')).toBeUndefined();
    expect(await s.delete(T, 'users', 'a5')).toBe(true);
    expect(await s.get(T, 'users', 'a5')).toBeUndefined();
  });

  it('keeps at most 500 states per tenant and kind, dropping the oldest: a client opening a new chain on every call cannot fill the disk', async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    const s = stores.syncStates;
    await s.put(state('g', 'g', 1000, 'groups'), 8);
    for (let i = 0; i < 520; i++) await s.put(state(`c${i}`, `chain-${i}`, 1000 + i), 8);
    expect(await s.get(T, 'users', 'c0')).toBeUndefined();
    expect(await s.get(T, 'users', 'c19')).toBeUndefined();
    expect(await s.get(T, 'users', 'c20')).toBeDefined();
    expect(await s.get(T, 'users', 'c519')).toBeDefined();
    // Another kind keeps its own.
    expect(await s.get(T, 'groups', 'g')).toBeDefined();
  });

  it('take removes and returns a state in one call: of concurrent takes exactly one gets it, even queued behind a transaction', async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    const s = stores.syncStates;
    await s.put(state('p1', 'a'), 8);
    await s.put(state('p2', 'a'), 8);
    const both = await Promise.all([s.take(T, 'users', 'p1'), s.take(T, 'users', 'p1')]);
    expect(both.filter(Boolean)).toEqual([state('p1', 'a')]);
    expect(await s.get(T, 'users', 'p1')).toBeUndefined();
    // While a transaction holds the connection, both calls wait for it, then still only one wins.
    let release!: () => void;
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const tx = stores.transaction(() => new Promise<void>((r) => ((release = r), started())));
    await inside;
    const queued = [s.take(T, 'users', 'p2'), s.take(T, 'users', 'p2')];
    release();
    await tx;
    expect((await Promise.all(queued)).filter(Boolean)).toEqual([state('p2', 'a')]);
    expect(await s.take(T, 'groups', 'p2')).toBeUndefined();
  });

  it('prunes one kind by age', async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    const s = stores.syncStates;
    await s.put(state('old', 'x', 100), 8);
    await s.put(state('new', 'x', 900), 8);
    await s.put(state('old-group', 'y', 100, 'groups'), 8);
    expect(await s.prune(T, 'users', 500)).toBe(1);
    expect(await s.get(T, 'users', 'old')).toBeUndefined();
    expect(await s.get(T, 'users', 'new')).toBeDefined();
    expect(await s.get(T, 'groups', 'old-group')).toBeDefined();
  });

  it('is tenant state: clearTenantState (reset) empties it', async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    await stores.syncStates.put(state('s', 'c'), 4);
    await stores.clearTenantState();
    expect(await stores.syncStates.get(T, 'users', 's')).toBeUndefined();
  });
});

describe("'014-sync-states' on a data dir that ran '013-calendar-delta'", () => {
  it('moves calendar_delta_states rows over (same ids, chains and seq) and drops the old table', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenantbox-sync-states-'));
    const file = join(dir, 'state.db');
    // The data dir as the previous release left it: every migration but 014, one calendar state.
    const db = new Database(file);
    const k = new Kysely<any>({ dialect: new SqliteDialect({ database: db }) });
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== '014-sync-states'));
    const { error } = await new Migrator({ db: k, provider: staticProvider(before), allowUnorderedMigrations: true }).migrateToLatest();
    expect(error).toBeUndefined();
    const cal: CalendarDeltaState = { tenantId: T, id: 'cal-state-1', lineage: 'lin', ownerId: 'o', calendarId: 'c', fromMs: 1, toMs: 2, seen: { i1: 'fp' }, createdMs: 5000 };
    db.prepare('INSERT INTO calendar_delta_states (tenant_id, id, lineage, seq, created_ms, data) VALUES (?, ?, ?, ?, ?, ?)').run(T, cal.id, 'lin', 7, 5000, JSON.stringify(cal));
    await k.destroy();

    stores = await openSqliteStores({ file });
    expect(await calendarViewStates(stores!.syncStates).get(T, cal.id)).toEqual(cal);
    expect(await stores.syncStates.get(T, 'calendarView', cal.id)).toMatchObject({ chain: 'lin', createdMs: 5000 });
    // The copied state counts in its chain: with keep 1 the next one pushes it out.
    await calendarViewStates(stores!.syncStates).put({ ...cal, id: 'cal-state-2' }, 1);
    expect(await calendarViewStates(stores!.syncStates).get(T, cal.id)).toBeUndefined();
    expect(await calendarViewStates(stores!.syncStates).get(T, 'cal-state-2')).toBeDefined();
    await stores.close();
    stores = undefined;
    const after = new Database(file, { readonly: true });
    expect(after.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'calendar_delta_states'`).all()).toEqual([]);
    after.close();
  });
});
