import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationRecord, ServicePrincipalRecord, Stores } from '../types.js';
import { T, tempStores } from './test-records.js';

const application = (id: string, appId: string, over: Partial<ApplicationRecord> = {}): ApplicationRecord => ({
  tenantId: T,
  id,
  appId,
  displayName: id,
  signInAudience: 'AzureADMyOrg',
  isFallbackPublicClient: false,
  redirectUris: { web: [], spa: [], publicClient: [] },
  passwordCredentials: [],
  keyCredentials: [],
  requiredResourceAccess: [],
  identifierUris: [],
  api: { oauth2PermissionScopes: [], knownClientApplications: [], preAuthorizedApplications: [] },
  verifiedPublisher: false,
  createdDateTime: '2026-01-01T00:00:00.000Z',
  ...over,
});

const sp = (id: string, appId: string, tenantId = T): ServicePrincipalRecord => ({
  tenantId,
  id,
  appId,
  displayName: id,
  accountEnabled: true,
  appRoleAssignmentRequired: false,
  appOwnerOrganizationId: T,
  servicePrincipalType: 'Application',
  servicePrincipalNames: [appId],
  createdDateTime: '2026-01-01T00:00:00.000Z',
});

describe('SqliteAppStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('finds an application by object id or appId, in its tenant or across tenants by appId', async () => {
    await stores.apps.putApplication(application('obj-1', 'app-1'));
    expect((await stores.apps.getApplication(T, 'obj-1'))?.appId).toBe('app-1');
    expect((await stores.apps.getApplication(T, 'APP-1'))?.id).toBe('obj-1');
    expect(await stores.apps.getApplication('other-tenant', 'app-1')).toBeUndefined();
    expect((await stores.apps.findApplicationByAppId('app-1'))?.id).toBe('obj-1');
    expect(await stores.apps.findApplicationByAppId('app-2')).toBeUndefined();
  });

  it('finds an application by identifier URI case-insensitively and follows URI changes', async () => {
    await stores.apps.putApplication(application('api', 'app-api', { identifierUris: ['api://Booking.contoso.test'] }));
    expect((await stores.apps.findApplicationByIdentifierUri('api://booking.contoso.test'))?.id).toBe('api');
    await stores.apps.putApplication(application('api', 'app-api', { identifierUris: ['api://app-api'] }));
    expect(await stores.apps.findApplicationByIdentifierUri('api://booking.contoso.test')).toBeUndefined();
    expect((await stores.apps.findApplicationByIdentifierUri('api://app-api'))?.id).toBe('api');
    // Two registrations cannot hold one URI.
    await expect(stores.apps.putApplication(application('other', 'app-other', { identifierUris: ['API://app-api'] }))).rejects.toThrow(/UNIQUE|PRIMARY/);
    expect(await stores.apps.getApplication(T, 'other')).toBeUndefined();
    expect(await stores.apps.deleteApplication(T, 'api')).toBe(true);
    expect(await stores.apps.findApplicationByIdentifierUri('api://app-api')).toBeUndefined();
    expect(await stores.apps.listApplications(T)).toEqual([]);
  });

  it('keeps one service principal per app per tenant, found by id or appId', async () => {
    await stores.apps.putServicePrincipal(sp('sp-1', 'app-1'));
    await stores.apps.putServicePrincipal(sp('sp-2', 'app-1', 'tenant-2'));
    expect((await stores.apps.getServicePrincipal(T, 'app-1'))?.id).toBe('sp-1');
    expect((await stores.apps.getServicePrincipal('tenant-2', 'app-1'))?.id).toBe('sp-2');
    expect((await stores.apps.getServicePrincipal(T, 'sp-1'))?.appId).toBe('app-1');
    await expect(stores.apps.putServicePrincipal(sp('sp-3', 'app-1'))).rejects.toThrow(/UNIQUE/);
    await stores.apps.putServicePrincipal({ ...sp('sp-1', 'app-1'), accountEnabled: false });
    expect((await stores.apps.getServicePrincipal(T, 'app-1'))?.accountEnabled).toBe(false);
    expect((await stores.apps.listServicePrincipals(T)).map((s) => s.id)).toEqual(['sp-1']);
    expect(await stores.apps.deleteServicePrincipal(T, 'sp-1')).toBe(true);
    expect(await stores.apps.getServicePrincipal(T, 'app-1')).toBeUndefined();
  });
});
