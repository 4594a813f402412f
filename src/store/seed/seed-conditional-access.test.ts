import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTenantFile } from '../../tenant-file/load.js';
import { policyId } from '../conditional-access/policy-id.js';
import { tempStores } from '../sqlite/test-records.js';
import { GRAPH_APP_ID, type Stores } from '../types.js';
import { seedDeps } from './example-tenant.js';
import { seedTenants } from './seed-tenants.js';

// `conditionalAccess:` and `mfaRegistered` → the Conditional Access store, targets as ids.

const TID = '5eed0000-0000-4000-8000-0000000ca0f1';
const OTHER_APP = '0b1f0000-0000-4000-8000-000000000001';
const YAML = `tenant: { id: ${TID}, domain: contoso.test }
users:
  - { upn: megan@contoso.test, displayName: Megan }
  - { upn: nomfa@contoso.test, displayName: No Method, mfaRegistered: false }
groups:
  - { mail: sales@contoso.test, displayName: Sales, members: [megan@contoso.test] }
apps:
  - { displayName: Room Display, publicClient: true }
conditionalAccess:
  - name: MFA for sales
    users: { include: [Sales@contoso.test], exclude: [nomfa@contoso.test] }
    apps: { include: [room display, Microsoft Graph], exclude: [${OTHER_APP}] }
    grant: mfa
  - { name: Block all, state: reportOnly, users: { include: [all] }, apps: { include: [all] }, grant: block }
`;

describe('seedConditionalAccess', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('stores policies in file order with users, groups and apps resolved to ids, and who has no MFA method', async () => {
    const loaded = parseTenantFile(YAML, 'tenant.yaml', { now: new Date('2026-01-05T08:00:00Z') });
    await seedTenants(stores, loaded, seedDeps());
    const id = async (k: string) => (await stores.directory.getUser(TID, k))!.id;
    const sales = (await stores.directory.getGroup(TID, 'sales@contoso.test'))!.id;
    const room = (await stores.apps.listApplications(TID)).find((a) => a.displayName === 'Room Display')!.appId;
    const [mfa, block] = await stores.conditionalAccess.list(TID);
    expect(mfa).toEqual({
      tenantId: TID,
      id: policyId(TID, 'MFA for sales'),
      name: 'MFA for sales',
      state: 'enabled',
      users: { include: [sales], exclude: [await id('nomfa@contoso.test')] },
      apps: { include: [room, GRAPH_APP_ID], exclude: [OTHER_APP] },
      grant: 'mfa',
    });
    expect(block).toMatchObject({ name: 'Block all', state: 'reportOnly', users: { include: ['all'] }, apps: { include: ['all'] }, grant: 'block' });
    expect(await stores.conditionalAccess.isMfaRegistered(TID, await id('megan@contoso.test'))).toBe(true);
    expect(await stores.conditionalAccess.isMfaRegistered(TID, await id('nomfa@contoso.test'))).toBe(false);
  });
});
