import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores, UserRecord } from '../types.js';
import { T, group, tempStores, tenant, user } from './test-records.js';

describe('SqliteDirectoryStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('finds a tenant by id or domain, in any letter case', async () => {
    await stores.directory.putTenant(tenant());
    expect((await stores.directory.getTenant(T))?.displayName).toBe('Contoso');
    expect((await stores.directory.getTenant(T.toUpperCase()))?.id).toBe(T);
    expect((await stores.directory.getTenant('CONTOSO.test'))?.id).toBe(T);
    expect(await stores.directory.getTenant('fabrikam.test')).toBeUndefined();
    await stores.directory.putTenant(tenant({ displayName: 'Contoso Ltd' }));
    expect((await stores.directory.getTenant('contoso.test'))?.displayName).toBe('Contoso Ltd');
    expect(await stores.directory.listTenants()).toHaveLength(1);
  });

  it('finds a user by id, upn or mail case-insensitively, and forgets old keys after an update', async () => {
    await stores.directory.putUser(user('a1', 'adele@contoso.test', { mail: 'adele.vance@contoso.test' }));
    await stores.directory.putUser(user('r1', 'orion@contoso.test', { kind: 'room' }));
    for (const k of ['a1', 'ADELE@contoso.test', 'adele@CONTOSO.TEST', 'Adele.Vance@contoso.test']) {
      expect((await stores.directory.getUser(T, k))?.id, k).toBe('a1');
    }
    expect(await stores.directory.getUser('other-tenant', 'adele@contoso.test')).toBeUndefined();
    expect(await stores.directory.getUser(T, 'nobody@contoso.test')).toBeUndefined();

    // The cached miss and the cached hit both change with the write.
    await stores.directory.putUser(user('a1', 'adele.v@contoso.test', { mail: null }));
    expect(await stores.directory.getUser(T, 'adele@contoso.test')).toBeUndefined();
    expect((await stores.directory.getUser(T, 'adele.v@contoso.test'))?.mail).toBeNull();

    expect((await stores.directory.listUsers(T)).map((u) => u.id)).toEqual(['a1', 'r1']);
    expect((await stores.directory.listUsers(T, { kind: 'room' })).map((u) => u.id)).toEqual(['r1']);
  });

  it('refuses two users with one upn in a tenant', async () => {
    await stores.directory.putUser(user('a1', 'adele@contoso.test'));
    await expect(stores.directory.putUser(user('a2', 'ADELE@contoso.test'))).rejects.toThrow(/UNIQUE/);
  });

  it('hands out cached records frozen, so no caller can change them for the others', async () => {
    await stores.directory.putUser(user('a1', 'adele@contoso.test'));
    const u = await stores.directory.getUser(T, 'a1');
    expect(Object.isFrozen(u)).toBe(true);
    expect(() => {
      (u as UserRecord).displayName = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps members and owners, direct memberOf, and deletes memberships with the object', async () => {
    await stores.directory.putUser(user('u1', 'u1@contoso.test'));
    await stores.directory.putUser(user('u2', 'u2@contoso.test'));
    await stores.directory.putGroup(group('g1', 'team@contoso.test'));
    await stores.directory.addMember(T, 'g1', 'u1', 'user');
    await stores.directory.addMember(T, 'g1', 'u1', 'user'); // idempotent
    await stores.directory.addMember(T, 'g1', 'u2', 'user', 'owner');
    expect(await stores.directory.listMembers(T, 'g1')).toEqual([{ id: 'u1', type: 'user' }]);
    expect(await stores.directory.listMembers(T, 'g1', 'owner')).toEqual([{ id: 'u2', type: 'user' }]);
    expect(await stores.directory.listMemberOf(T, 'u1')).toEqual(['g1']);
    expect(await stores.directory.listMemberOf(T, 'u2')).toEqual([]); // owners are not members
    expect((await stores.directory.getGroup(T, 'TEAM@contoso.test'))?.id).toBe('g1');

    expect(await stores.directory.removeMember(T, 'g1', 'u1')).toBe(true);
    expect(await stores.directory.removeMember(T, 'g1', 'u1')).toBe(false);
    await stores.directory.addMember(T, 'g1', 'u1', 'user');
    expect(await stores.directory.deleteUser(T, 'u1')).toBe(true);
    expect(await stores.directory.deleteUser(T, 'u1')).toBe(false);
    expect(await stores.directory.listMembers(T, 'g1')).toEqual([]);
    expect(await stores.directory.deleteGroup(T, 'g1')).toBe(true);
    expect(await stores.directory.getGroup(T, 'g1')).toBeUndefined();
    expect(await stores.directory.listMembers(T, 'g1', 'owner')).toEqual([]);
  });

  it('follows nested groups for transitive membership, survives cycles, and sees changes at once', async () => {
    await stores.directory.putUser(user('room', 'orion@contoso.test', { kind: 'room' }));
    for (const g of ['outer', 'middle', 'inner', 'other']) await stores.directory.putGroup(group(g, `${g}@contoso.test`));
    await stores.directory.addMember(T, 'outer', 'middle', 'group');
    await stores.directory.addMember(T, 'middle', 'inner', 'group');
    await stores.directory.addMember(T, 'inner', 'room', 'user');
    await stores.directory.addMember(T, 'inner', 'outer', 'group'); // a cycle
    await stores.directory.addMember(T, 'other', 'room', 'user', 'owner'); // ownership is not membership

    expect(await stores.directory.isTransitiveMember(T, 'inner', 'room')).toBe(true);
    expect(await stores.directory.isTransitiveMember(T, 'outer', 'room')).toBe(true);
    expect(await stores.directory.isTransitiveMember(T, 'other', 'room')).toBe(false);
    expect(await stores.directory.isTransitiveMember('another-tenant', 'outer', 'room')).toBe(false);

    await stores.directory.removeMember(T, 'middle', 'inner');
    expect(await stores.directory.isTransitiveMember(T, 'outer', 'room')).toBe(false);
    await stores.directory.addMember(T, 'middle', 'inner', 'group');
    expect(await stores.directory.isTransitiveMember(T, 'outer', 'room')).toBe(true);
    await stores.directory.deleteGroup(T, 'middle');
    expect(await stores.directory.isTransitiveMember(T, 'outer', 'room')).toBe(false);
  });
});
