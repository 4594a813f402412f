import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAudit } from '../../src/admin/routes/audit.js';
import { followLog, formatRecord } from '../../src/cli/commands/log.js';
import { directoryArea } from '../../src/graph/directory/index.js';
import { TokenBucket } from '../../src/graph/throttle/token-bucket.js';
import type { AuditRecord } from '../../src/store/types.js';
import { createGraphFixture, ids, TID, type GraphFixture } from './fixture.js';
import { slowGate, testMailboxArea } from './test-areas.js';

// Outlook throttling (per app and mailbox: requests per 10 minutes, concurrent requests) and the
// audit log: its records, the admin API that serves them and `tenantbox log`.

describe('token bucket', () => {
  it('admits a burst of `capacity`, then refills at capacity per window, on the given clock', () => {
    const b = new TokenBucket(3, 600_000, 0);
    expect([b.take(0).ok, b.take(0).ok, b.take(0).ok]).toEqual([true, true, true]);
    const no = b.take(0);
    expect(no).toEqual({ ok: false, retryAfterMs: 200_000 });
    expect(b.take(199_999).ok).toBe(false);
    expect(b.take(200_000).ok).toBe(true);
    expect(b.isFull(200_000 + 600_000)).toBe(true);
  });
});

describe('Outlook throttling through the pipeline', () => {
  let f: GraphFixture;
  beforeAll(async () => {
    f = await createGraphFixture({ areas: [directoryArea, testMailboxArea], throttling: { enabled: true, requestsPer10Minutes: 3, concurrentRequests: 2 } });
  });
  afterAll(() => f.close());

  it('the fourth request in 10 minutes to one mailbox → 429 TooManyRequests with Retry-After; other mailboxes are unaffected; time refills it', async () => {
    const t = await f.appToken(['Calendars.Read']);
    for (let i = 0; i < 3; i++) expect((await f.call('GET', `/users/${ids.room1}/calendarView`, t)).status).toBe(200);
    const r = await f.call('GET', `/users/${ids.room1}/calendarView`, t);
    expect(r.status).toBe(429);
    expect(r.body.error).toMatchObject({ code: 'TooManyRequests', message: 'Please retry again later.' });
    expect(Number(r.headers['retry-after'])).toBe(200); // 1 of 3 tokens per 600 s
    expect((await f.call('GET', `/users/${ids.room2}/calendarView`, t)).status).toBe(200);
    // Another app has its own budget for the same mailbox.
    expect((await f.call('GET', `/users/${ids.room1}/calendarView`, await f.appToken(['Calendars.Read'], { appid: ids.otherAppId, oid: ids.otherSp }))).status).toBe(200);
    f.clock.advance(200_000);
    expect((await f.call('GET', `/users/${ids.room1}/calendarView`, t)).status).toBe(200);
    const audit = (await f.stores.audit.query({ limit: 10_000 })).find((a) => a.requestId === r.headers['request-id']);
    expect(audit).toMatchObject({ status: 429, policy: expect.stringContaining('Throttling') });
  });

  it('more concurrent requests than allowed → 429; a slot frees when a response ends', async () => {
    const t = await f.appToken(['Calendars.Read']);
    const held = [f.call('GET', `/slow/${ids.alice}`, t), f.call('GET', `/slow/${ids.alice}`, t)];
    while (slowGate.pending() < 2) await new Promise((r) => setImmediate(r));
    const third = await f.call('GET', `/users/${ids.alice}/calendarView`, t);
    expect(third.status).toBe(429);
    expect(third.body.error.details[0].message).toContain('concurrent');
    slowGate.releaseAll();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    expect((await f.call('GET', `/users/${ids.alice}/calendarView`, t)).status).toBe(200);
  });

  it('is off when the tenant switches it off', async () => {
    const tenant = (await f.stores.directory.getTenant(TID))!;
    await f.stores.directory.putTenant({ ...tenant, throttling: { ...tenant.throttling, enabled: false } });
    const t = await f.appToken(['Calendars.Read']);
    for (let i = 0; i < 6; i++) expect((await f.call('GET', `/users/${ids.bob}/calendarView`, t)).status).toBe(200);
    await f.stores.directory.putTenant(tenant);
  });
});

describe('audit log', () => {
  let f: GraphFixture;
  beforeAll(async () => {
    f = await createGraphFixture();
  });
  afterAll(() => f.close());

  it('records who, what, the allowing permission or the missing ones, and the status', async () => {
    const ok = await f.call('GET', `/users/${ids.bob}`, await f.userToken(ids.alice, ['User.Read.All', 'User.ReadBasic.All']));
    const denied = await f.call('GET', '/users', await f.appToken(['Calendars.Read']));
    const unauth = await f.call('GET', '/users', null);
    const log = await f.stores.audit.query({ limit: 10_000 });
    const find = (r: { headers: Record<string, unknown> }) => log.find((a) => a.requestId === r.headers['request-id']);
    expect(find(ok)).toMatchObject({
      service: 'graph', tenantId: TID, appId: ids.clientAppId, appDisplayName: 'Room Signage', userId: ids.alice, scheme: 'delegated',
      method: 'GET', path: `/v1.0/users/${ids.bob}`, template: '/users/{id}', permission: 'User.ReadBasic.All', missing: [], policy: null, status: 200,
      granted: ['User.Read.All', 'User.ReadBasic.All'],
    });
    expect(find(denied)).toMatchObject({ scheme: 'application', userId: null, template: '/users', permission: null, status: 403, granted: ['Calendars.Read'] });
    expect(find(denied)!.missing.slice(0, 2)).toEqual(['User.ReadBasic.All', 'User.ReadWrite.All']);
    expect(find(unauth)).toMatchObject({ tenantId: null, appId: null, status: 401 });
  });

  it('GET /_tenantbox/audit serves JSON lines filtered by app, time and sequence', async () => {
    const admin = Fastify();
    registerAudit(admin, f.s);
    await f.call('GET', '/users', await f.appToken(['User.Read.All'], { appid: ids.otherAppId, oid: ids.otherSp }));
    const all = await admin.inject({ method: 'GET', url: '/audit?limit=10000' });
    expect(all.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const records = all.payload.trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    expect(records.length).toBeGreaterThan(2);
    const other = (await admin.inject({ method: 'GET', url: `/audit?app=${ids.otherAppId}` })).payload.trim().split('\n').map((l) => JSON.parse(l));
    expect(other.every((r) => r.appId === ids.otherAppId)).toBe(true);
    expect(other.length).toBeGreaterThan(0);
    const last = records.at(-1)!.seq!;
    expect((await admin.inject({ method: 'GET', url: `/audit?after=${last}` })).payload).toBe('');
    expect((await admin.inject({ method: 'GET', url: `/audit?after=${last - 1}` })).payload.trim().split('\n')).toHaveLength(1);
    const future = new Date(f.clock.now() + 3600_000).toISOString();
    expect((await admin.inject({ method: 'GET', url: `/audit?since=${future}` })).payload).toBe('');
    expect((await admin.inject({ method: 'GET', url: '/audit?since=yesterday' })).statusCode).toBe(400);
    await admin.close();
  });

  it('tenantbox log prints each record once, and --follow picks up new ones after the last seq', async () => {
    const admin = Fastify();
    registerAudit(admin, f.s);
    const client = {
      call: async <T>(_m: string, path: string) => {
        const res = await admin.inject({ method: 'GET', url: path });
        const text = res.payload;
        try {
          return JSON.parse(text) as T;
        } catch {
          return (text || undefined) as T;
        }
      },
    };
    const printed: AuditRecord[] = [];
    const before = (await f.stores.audit.query({ appId: ids.clientAppId, limit: 10_000 })).length;
    const token = await f.userToken(ids.alice, ['User.Read']);
    let later: Promise<{ headers: Record<string, unknown> }> | undefined;
    await followLog(client, { app: ids.clientAppId }, (r) => printed.push(r), {
      follow: true,
      pollMs: 1,
      shouldStop: () => {
        // After the first round has printed the log so far, a new request arrives.
        later ??= f.call('GET', '/me', token);
        return printed.length > before;
      },
    });
    const seqs = printed.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(printed).toHaveLength(before + 1);
    expect(printed.at(-1)!.requestId).toBe((await later!).headers['request-id']);
    expect(printed.every((r) => r.appId === ids.clientAppId)).toBe(true);
    expect(formatRecord(printed[0]!)).toMatch(/^\S+ {2}\d{3} {2}GET \/v1\.0\//);
    await admin.close();
  });
});
