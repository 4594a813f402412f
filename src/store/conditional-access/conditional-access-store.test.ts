import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../sqlite/open-sqlite.js';
import type { Stores } from '../types.js';
import { policyId } from './policy-id.js';
import type { CaPolicyRecord } from './types.js';

const T1 = 'tenant-1';
const T2 = 'tenant-2';
const policy = (tenantId: string, name: string, over: Partial<CaPolicyRecord> = {}): CaPolicyRecord => ({
  tenantId,
  id: policyId(tenantId, name),
  name,
  state: 'enabled',
  users: { include: ['all'], exclude: [] },
  apps: { include: ['all'], exclude: [] },
  grant: 'mfa',
  ...over,
});

let stores: Stores;
beforeEach(async () => {
  stores = await openSqliteStores({ file: ':memory:' });
});
afterEach(async () => {
  await stores.close();
});

describe('conditional access store', () => {
  it('lists a tenant’s policies in the order put; a put of the same id replaces it (and the cached list)', async () => {
    const ca = stores.conditionalAccess;
    await ca.put(policy(T1, 'B'));
    await ca.put(policy(T1, 'A'));
    await ca.put(policy(T2, 'C'));
    expect((await ca.list(T1)).map((p) => p.name)).toEqual(['B', 'A']);
    await ca.put(policy(T1, 'B', { grant: 'block' }));
    expect((await ca.list(T1)).map((p) => [p.name, p.grant])).toEqual([['B', 'block'], ['A', 'mfa']]);
    expect(await ca.list('other')).toEqual([]);
  });

  it('users are registered unless marked otherwise; writes clear the cached answer', async () => {
    const ca = stores.conditionalAccess;
    expect(await ca.isMfaRegistered(T1, 'u1')).toBe(true);
    await ca.setMfaRegistered(T1, 'u1', false);
    expect(await ca.isMfaRegistered(T1, 'u1')).toBe(false);
    expect(await ca.isMfaRegistered(T2, 'u1')).toBe(true);
    await ca.setMfaRegistered(T1, 'u1', true);
    expect(await ca.isMfaRegistered(T1, 'u1')).toBe(true);
  });

  it('a rolled-back write is not seen through the cache', async () => {
    const ca = stores.conditionalAccess;
    expect(await ca.list(T1)).toEqual([]);
    await expect(
      stores.transaction(async () => {
        await ca.put(policy(T1, 'A'));
        expect(await ca.list(T1)).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await ca.list(T1)).toEqual([]);
  });

  it('is tenant state: reset (clearTenantState) empties both tables', async () => {
    const ca = stores.conditionalAccess;
    await ca.put(policy(T1, 'A'));
    await ca.setMfaRegistered(T1, 'u1', false);
    await stores.clearTenantState();
    expect(await ca.list(T1)).toEqual([]);
    expect(await ca.isMfaRegistered(T1, 'u1')).toBe(true);
  });

  it('policy ids are stable GUIDs per tenant and name (case-insensitive)', () => {
    expect(policyId(T1, 'MFA')).toBe(policyId(T1, 'mfa'));
    expect(policyId(T1, 'MFA')).not.toBe(policyId(T2, 'MFA'));
    expect(policyId(T1, 'MFA')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
