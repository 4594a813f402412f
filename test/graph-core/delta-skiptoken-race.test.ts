import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStateStore } from '../../src/store/sync-states/types.js';
import { createGraphFixture, DOMAIN, userRecord, type GraphFixture } from './fixture.js';

// A directory $skiptoken is single use, also when two requests bring it at the same time. The
// sync-state store is wrapped so that the first store call each request makes for that token's
// state waits until both requests have made it: whatever a handler does between reading a state
// and deleting it, both requests are then inside that window together (as they could be on a
// store whose calls are truly asynchronous, or queued behind an open transaction).

let f: GraphFixture;

beforeAll(async () => {
  f = await createGraphFixture({
    seed: async (stores) => {
      // Enough users for a second page (page size 100).
      for (let i = 0; i < 110; i++) {
        const n = String(i).padStart(3, '0');
        await stores.directory.putUser(userRecord(`4ace0000-0000-4000-8000-000000000${n}`, `race${n}@${DOMAIN}`));
      }
    },
  });
});
afterAll(() => f?.close());

/** The store, with calls reaching state `id` held until `n` of them have arrived. */
function withBarrier(inner: SyncStateStore, id: string, n: number): SyncStateStore {
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const hold = async () => {
    if (++arrived === n) open();
    await gate;
  };
  return {
    get: async (t, k, i) => (i === id && arrived < n ? (await hold(), inner.get(t, k, i)) : inner.get(t, k, i)),
    take: async (t, k, i) => (i === id && arrived < n ? (await hold(), inner.take(t, k, i)) : inner.take(t, k, i)),
    put: (s, keep) => inner.put(s, keep),
    delete: (t, k, i) => inner.delete(t, k, i),
    prune: (t, k, b) => inner.prune(t, k, b),
  } as SyncStateStore;
}

describe('users/delta $skiptoken under concurrency', () => {
  it('two requests with the same $skiptoken at once: exactly one is served, the other gets invalidSkipToken', async () => {
    const t = await f.appToken(['User.Read.All']);
    const first = await f.call('GET', '/users/delta?$select=displayName', t);
    expect(first.status).toBe(200);
    expect(first.body.value).toHaveLength(100);
    const next = new URL(first.body['@odata.nextLink']);
    const token = next.searchParams.get('$skiptoken')!;
    const stateId = token.split('.')[0]!;

    const real = f.stores.syncStates;
    (f.stores as { syncStates: SyncStateStore }).syncStates = withBarrier(real, stateId, 2);
    let answers;
    try {
      answers = await Promise.all([f.call('GET', `${next.pathname}${next.search}`, t), f.call('GET', `${next.pathname}${next.search}`, t)]);
    } finally {
      (f.stores as { syncStates: SyncStateStore }).syncStates = real;
    }
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, JSON.stringify(answers.map((a) => a.body))).toEqual([200, 400]);
    const served = answers.find((a) => a.status === 200)!;
    expect(served.body.value.length).toBeGreaterThan(0);
    expect(served.body['@odata.deltaLink']).toBeDefined();
    const refused = answers.find((a) => a.status === 400)!;
    expect(refused.body.error.code).toBe('Request_BadRequest');
    // The same answer as for a token used once already.
    const again = await f.call('GET', `${next.pathname}${next.search}`, t);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: refused.body.error.code, message: refused.body.error.message });
  });
});
