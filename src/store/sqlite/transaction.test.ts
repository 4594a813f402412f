import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../types.js';
import { T, tempStores, user } from './test-records.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describe('Stores.transaction', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('commits what the function wrote and returns its result', async () => {
    const out = await stores.transaction(async () => {
      await stores.directory.putUser(user('u1', 'u1@contoso.test'));
      return 42;
    });
    expect(out).toBe(42);
    expect(await stores.directory.getUser(T, 'u1')).toBeDefined();
  });

  it('rolls back on a throw, including what reads inside it had cached', async () => {
    await expect(
      stores.transaction(async () => {
        await stores.directory.putUser(user('u1', 'u1@contoso.test'));
        expect(await stores.directory.getUser(T, 'u1@contoso.test')).toBeDefined(); // now cached
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await stores.directory.getUser(T, 'u1@contoso.test')).toBeUndefined();
    expect(await stores.directory.listUsers(T)).toEqual([]);
  });

  it('makes calls from outside wait: they neither see nor join the open transaction', async () => {
    const g = gate();
    const tx = stores.transaction(async () => {
      await stores.directory.putUser(user('inside', 'inside@contoso.test'));
      await g.wait;
      throw new Error('abort');
    });
    await tick();
    let written = false;
    const outsideWrite = stores.directory.putUser(user('outside', 'outside@contoso.test')).then(() => (written = true));
    const outsideRead = stores.directory.getUser(T, 'inside');
    await tick();
    expect(written).toBe(false);
    g.open();
    await expect(tx).rejects.toThrow('abort');
    await outsideWrite;
    expect(await outsideRead).toBeUndefined(); // never saw the uncommitted row
    expect(await stores.directory.getUser(T, 'outside')).toBeDefined(); // not rolled back with it
  });

  it('runs concurrent transactions one after the other', async () => {
    const order: string[] = [];
    const g = gate();
    const first = stores.transaction(async () => {
      order.push('first:start');
      await g.wait;
      order.push('first:end');
    });
    const second = stores.transaction(async () => {
      order.push('second:start');
    });
    await tick();
    g.open();
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'first:end', 'second:start']);
  });

  it('nests as a savepoint: an inner failure the outer catches undoes only the inner writes', async () => {
    await stores.transaction(async () => {
      await stores.directory.putUser(user('outer', 'outer@contoso.test'));
      await expect(
        stores.transaction(async () => {
          await stores.directory.putUser(user('inner', 'inner@contoso.test'));
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
      await stores.directory.putUser(user('after', 'after@contoso.test'));
    });
    expect((await stores.directory.listUsers(T)).map((u) => u.id)).toEqual(['outer', 'after']);
  });

  it('keeps an audit row appended during another request’s transaction that rolls back', async () => {
    const g = gate();
    const tx = stores.transaction(async () => {
      await stores.directory.putUser(user('u1', 'u1@contoso.test'));
      await g.wait;
      throw new Error('abort');
    });
    await tick();
    stores.audit.append({
      time: '2026-01-05T08:00:00.000Z', service: 'graph', tenantId: T, appId: 'a', userId: null, scheme: 'application',
      method: 'GET', path: '/v1.0/users', template: '/users', permission: null, missing: [], policy: null, status: 200, requestId: 'during-tx', granted: [],
    });
    g.open();
    await expect(tx).rejects.toThrow('abort');
    expect((await stores.audit.query({})).map((r) => r.requestId)).toEqual(['during-tx']);
  });
});
