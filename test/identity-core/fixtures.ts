import { getCatalog } from '../../src/catalog/index.js';
import { createClock } from '../../src/shared/clock.js';
import { hashSecret, systemIds } from '../../src/shared/ids.js';
import type { Services } from '../../src/shared/services.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import { GRAPH_APP_ID, type ApplicationRecord, type ServicePrincipalRecord, type TenantRecord, type UserRecord } from '../../src/store/types.js';
import { DIRECTORY_ROLES } from '../../src/tenant-file/directory-roles.js';

// In-memory stores with one tenant, for the pure-logic tests of the consent model and tokens
// (the end-to-end tests use the real server through test/harness/tenantbox.ts).

export const TID = '5eed0000-0000-4000-8000-0000000000aa';
export const OTHER_TID = '5eed0000-0000-4000-8000-0000000000bb';

export async function memoryServices(): Promise<Services> {
  const stores = await openSqliteStores({ file: ':memory:' });
  const clock = createClock({ real: () => Date.parse('2026-03-02T09:00:00Z') });
  return { stores, clock, ids: systemIds, catalog: getCatalog(), run: { dataDir: '', url: 'https://127.0.0.1:1', tenantFile: { path: '', hash: '' }, version: 'test', startedAt: 0 }, adminKey: 'k', reset: async () => undefined };
}

export function tenantRecord(over: Partial<TenantRecord> = {}): TenantRecord {
  return { id: TID, domain: 'contoso.test', displayName: 'Contoso', userConsent: 'microsoft-recommended', timeZone: 'UTC', throttling: { enabled: false, requestsPer10Minutes: 10000, concurrentRequests: 4 }, createdDateTime: '2026-01-01T00:00:00.000Z', ...over };
}

export function userRecord(id: string, upn: string, roles: string[] = [], over: Partial<UserRecord> = {}): UserRecord {
  return {
    tenantId: TID, id, kind: 'user', userPrincipalName: upn, mail: upn, displayName: upn.split('@')[0]!, givenName: null, surname: null, jobTitle: null, department: null, officeLocation: null, managerId: null,
    passwordHash: null, roles: roles.map((r) => DIRECTORY_ROLES[r]!), accountEnabled: true, mailbox: true, userType: 'Member', signInSessionsValidFromDateTime: null, room: null, createdDateTime: '2026-01-01T00:00:00.000Z', ...over,
  };
}

export function appRecord(appId: string, over: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    tenantId: TID, id: `obj-${appId}`, appId, displayName: `App ${appId.slice(0, 4)}`, signInAudience: 'AzureADMyOrg', isFallbackPublicClient: false,
    redirectUris: { web: [], spa: [], publicClient: [] }, passwordCredentials: [{ keyId: 'k1', hash: hashSecret('s3cret'), hint: 's3c', displayName: null, endDateTime: null }], keyCredentials: [],
    requiredResourceAccess: [], identifierUris: [], api: { oauth2PermissionScopes: [], knownClientApplications: [], preAuthorizedApplications: [] }, verifiedPublisher: false, createdDateTime: '2026-01-01T00:00:00.000Z', ...over,
  };
}

export function spRecord(tenantId: string, appId: string, over: Partial<ServicePrincipalRecord> = {}): ServicePrincipalRecord {
  return { tenantId, id: `sp-${tenantId.slice(-2)}-${appId}`, appId, displayName: appId === GRAPH_APP_ID ? 'Microsoft Graph' : `App ${appId.slice(0, 4)}`, accountEnabled: true, appRoleAssignmentRequired: false, appOwnerOrganizationId: tenantId, servicePrincipalType: 'Application', servicePrincipalNames: [appId], createdDateTime: '2026-01-01T00:00:00.000Z', ...over };
}

/** Ids of Graph permissions for requiredResourceAccess. */
export function graphAccess(delegated: string[], application: string[] = []) {
  const c = getCatalog();
  return {
    resourceAppId: GRAPH_APP_ID,
    resourceAccess: [
      ...delegated.map((n) => ({ id: c.permission(n)!.delegated!.id!, type: 'Scope' as const })),
      ...application.map((n) => ({ id: c.permission(n)!.application!.id!, type: 'Role' as const })),
    ],
  };
}
