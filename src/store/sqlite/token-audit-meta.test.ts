import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord, SigningKeyRecord, Stores, TokenGrantRecord } from '../types.js';
import { T, tempStores } from './test-records.js';

const grant = (hash: string, over: Partial<TokenGrantRecord> = {}): TokenGrantRecord => ({
  hash,
  kind: 'authorization_code',
  tenantId: T,
  clientId: 'app',
  userId: 'megan',
  data: { scope: 'User.Read', redirectUri: 'http://localhost:3000/auth' },
  createdAt: 1_000,
  expiresAt: 61_000,
  consumedAt: null,
  ...over,
});

const audit = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  time: '2026-01-05T08:00:00.000Z',
  service: 'graph',
  tenantId: T,
  appId: 'app-a',
  userId: null,
  scheme: 'application',
  method: 'GET',
  path: '/v1.0/users',
  template: '/users',
  permission: 'User.Read.All',
  missing: [],
  policy: null,
  status: 200,
  requestId: 'r1',
  granted: ['User.Read.All'],
  ...over,
});

describe('SqliteTokenStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('stores a grant by hash and consumes it once, even under concurrent redemption', async () => {
    await stores.tokens.put(grant('h1'));
    expect(await stores.tokens.get('h1')).toEqual(grant('h1'));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => stores.tokens.consume('h1', 5_000 + i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await stores.tokens.get('h1'))?.consumedAt).toBe(5_000);
    expect(await stores.tokens.consume('missing', 1)).toBe(false);
  });

  it('updates data, expiry and consumption, and finds device codes by user code', async () => {
    await stores.tokens.put(grant('d1', { kind: 'device_code', data: { userCode: 'ABCD-EFGH', status: 'pending' } }));
    expect((await stores.tokens.findByUserCode('ABCD-EFGH'))?.hash).toBe('d1');
    await stores.tokens.update('d1', { data: { userCode: 'WXYZ-0000', status: 'approved', userId: 'megan' }, expiresAt: 99_000 });
    expect(await stores.tokens.findByUserCode('ABCD-EFGH')).toBeUndefined();
    expect(await stores.tokens.findByUserCode('WXYZ-0000')).toMatchObject({ hash: 'd1', expiresAt: 99_000, data: { status: 'approved' } });
    await stores.tokens.update('d1', { consumedAt: 7 });
    expect((await stores.tokens.get('d1'))?.consumedAt).toBe(7);
    await stores.tokens.update('d1', { consumedAt: null });
    expect((await stores.tokens.get('d1'))?.consumedAt).toBeNull();
    await expect(stores.tokens.update('nope', { expiresAt: 1 })).rejects.toThrow(/does not exist/);
  });

  it('deletes expired grants only', async () => {
    await stores.tokens.put(grant('old', { expiresAt: 10 }));
    await stores.tokens.put(grant('edge', { expiresAt: 20 }));
    await stores.tokens.put(grant('new', { expiresAt: 30 }));
    expect(await stores.tokens.deleteExpired(20)).toBe(1);
    expect(await stores.tokens.get('old')).toBeUndefined();
    expect(await stores.tokens.get('edge')).toBeDefined();
  });
});

describe('SqliteAuditStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  let auditFile: string;
  beforeEach(async () => {
    let file: string;
    ({ stores, cleanup, file } = await tempStores());
    auditFile = file.replace(/\.db$/, '-audit.db');
  });
  afterEach(() => cleanup());

  it('queues appends and queries by tenant, app, time and sequence, oldest first (a query writes the queue first)', async () => {
    stores.audit.append(audit({ requestId: 'r1', time: '2026-01-05T08:00:00Z' }));
    stores.audit.append(audit({ requestId: 'r2', appId: 'app-b', time: '2026-01-05T08:01:00.000Z' }));
    stores.audit.append(audit({ requestId: 'r3', tenantId: 'other', time: '2026-01-05T08:02:00.000Z', status: 403, missing: ['Calendars.Read'] }));
    stores.audit.append(audit({ requestId: 'r4', time: '2026-01-05T08:03:00.000Z' }));
    const ids = async (f: Parameters<Stores['audit']['query']>[0]) => (await stores.audit.query(f)).map((r) => r.requestId);
    expect(await ids({})).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(await ids({ tenantId: T })).toEqual(['r1', 'r2', 'r4']);
    expect(await ids({ appId: 'app-a', tenantId: T })).toEqual(['r1', 'r4']);
    expect(await ids({ since: '2026-01-05T08:01:00Z', until: '2026-01-05T08:03:00Z' })).toEqual(['r2', 'r3']);
    expect(await ids({ limit: 2 })).toEqual(['r1', 'r2']);
    const all = await stores.audit.query({});
    expect(await ids({ afterSeq: all[1]!.seq })).toEqual(['r3', 'r4']);
    expect(all[2]).toEqual({ ...audit({ requestId: 'r3', tenantId: 'other', time: '2026-01-05T08:02:00.000Z', status: 403, missing: ['Calendars.Read'] }), seq: all[2]!.seq });
    expect(all.map((r) => r.seq)).toEqual([...all.map((r) => r.seq)].sort((a, b) => a! - b!));
    await stores.audit.flush();
  });

  it('writes the records of one event-loop turn together, on disk before their onWritten runs', async () => {
    // Another connection to the file sees only what was committed to it.
    const reader = new Database(auditFile, { readonly: true });
    const onDisk = () => (reader.prepare('SELECT data FROM audit ORDER BY seq').all() as { data: string }[]).map((r) => JSON.parse(r.data).requestId);
    try {
      const written: string[][] = [];
      const done = Promise.all(
        ['a1', 'a2', 'a3'].map((id) => new Promise<void>((resolve, reject) => stores.audit.append(audit({ requestId: id }), (err) => (err ? reject(err) : (written.push(onDisk()), resolve()))))),
      );
      // Queued, not yet written: nothing is on disk within the turn that appended.
      expect(onDisk()).toEqual([]);
      await done;
      // Each callback saw all three: one commit for the turn, before any callback ran.
      expect(written).toEqual([['a1', 'a2', 'a3'], ['a1', 'a2', 'a3'], ['a1', 'a2', 'a3']]);
      stores.audit.append(audit({ requestId: 'b1' }));
      await stores.audit.flush();
      expect(onDisk()).toEqual(['a1', 'a2', 'a3', 'b1']);
    } finally {
      reader.close();
    }
  });

  it('a row that cannot be written costs only its own record; a callback that throws stops no other', async () => {
    const results: [string, string | null][] = [];
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      await new Promise<void>((resolve) => {
        stores.audit.append(audit({ requestId: 'ok1' }), (err) => results.push(['ok1', err?.message ?? null]));
        // No time: the NOT NULL column refuses the row, which rolls the turn's transaction back.
        stores.audit.append(audit({ requestId: 'bad', time: undefined as unknown as string }), (err) => results.push(['bad', err ? 'failed' : null]));
        stores.audit.append(audit({ requestId: 'ok2' }), () => {
          throw new Error('a careless caller');
        });
        stores.audit.append(audit({ requestId: 'ok3' }), (err) => {
          results.push(['ok3', err?.message ?? null]);
          resolve();
        });
      });
      expect(results).toEqual([['ok1', null], ['bad', 'failed'], ['ok3', null]]);
      expect((await stores.audit.query({})).map((r) => r.requestId)).toEqual(['ok1', 'ok2', 'ok3']);
      await new Promise((r) => setImmediate(r));
      expect(warnings.some((w) => w.includes('a careless caller'))).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('SqliteMetaStore, SqliteStableIdStore, SqliteKeyStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('keeps meta values', async () => {
    expect(await stores.meta.get('clockOffsetMs')).toBeUndefined();
    await stores.meta.set('clockOffsetMs', '3600000');
    await stores.meta.set('clockOffsetMs', '7200000');
    expect(await stores.meta.get('clockOffsetMs')).toBe('7200000');
  });

  it('hands out one id per natural key, once', async () => {
    let made = 0;
    const make = () => `id-${++made}`;
    const ids = await Promise.all([stores.stableIds.idFor('seed', 'user:contoso.test:megan', make), stores.stableIds.idFor('seed', 'user:contoso.test:megan', make)]);
    expect(ids).toEqual(['id-1', 'id-1']);
    expect(await stores.stableIds.idFor('other-scope', 'user:contoso.test:megan', make)).toBe('id-2');
    expect(made).toBe(2);
  });

  it('keeps signing keys per tenant', async () => {
    const key = (kid: string, status: SigningKeyRecord['status']): SigningKeyRecord => ({
      tenantId: T,
      kid,
      privateJwk: { kty: 'RSA', d: 'secret' },
      publicJwk: { kty: 'RSA', n: 'n', e: 'AQAB' },
      x5c: 'MII',
      x5t: 'thumb',
      status,
      createdDateTime: '2026-01-01T00:00:00.000Z',
    });
    expect(await stores.keys.listKeys(T)).toEqual([]);
    await stores.keys.putKey(key('k1', 'active'));
    await stores.keys.putKey(key('k2', 'active'));
    await stores.keys.putKey(key('k1', 'previous'));
    expect((await stores.keys.listKeys(T)).map((k) => [k.kid, k.status])).toEqual([
      ['k1', 'previous'],
      ['k2', 'active'],
    ]);
    expect(await stores.keys.listKeys('other')).toEqual([]);
  });
});
