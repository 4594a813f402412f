import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppOnlyScope, resolveScopeRequest } from '../../src/identity/consent/scopes.js';
import type { Services } from '../../src/shared/services.js';
import { appRecord, memoryServices, TID } from './fixtures.js';

let s: Services;
const API = appRecord('a0000000-0000-4000-8000-0000000000a1', {
  identifierUris: ['api://contoso.test/middle'],
  api: { oauth2PermissionScopes: [{ id: 'f0000000-0000-4000-8000-000000000001', value: 'access_as_user', type: 'User', adminConsentDisplayName: 'x', userConsentDisplayName: 'x', isEnabled: true }], knownClientApplications: [], preAuthorizedApplications: [] },
});
const CLIENT = appRecord('c0000000-0000-4000-8000-000000000001');

beforeAll(async () => {
  s = await memoryServices();
  await s.stores.apps.putApplication(API);
});
afterAll(() => s.stores.close());

describe('resolveScopeRequest', () => {
  it.each([
    ['User.Read openid profile offline_access', 'named', 'https://graph.microsoft.com', ['User.Read']],
    ['https://graph.microsoft.com/user.read https://graph.microsoft.com/Calendars.ReadWrite', 'named', 'https://graph.microsoft.com', ['User.Read', 'Calendars.ReadWrite']],
    ['00000003-0000-0000-c000-000000000000/.default', 'default', 'https://graph.microsoft.com', []],
    ['https://graph.microsoft.com//.default', 'default', 'https://graph.microsoft.com', []],
    ['openid profile', 'oidc-only', 'https://graph.microsoft.com', []],
    ['api://contoso.test/middle/access_as_user offline_access', 'named', 'api://contoso.test/middle', ['access_as_user']],
    [`${API.appId}/.default`, 'default', API.appId, []],
  ])('%s → %s on %s', async (scope, kind, audience, scopes) => {
    const r = await resolveScopeRequest(s, scope, CLIENT);
    expect(r.kind).toBe(kind);
    expect(r.resource.audience).toBe(audience);
    expect(r.scopes).toEqual(scopes);
  });

  it('knows the OIDC scopes', async () => {
    const r = await resolveScopeRequest(s, 'User.Read openid offline_access', CLIENT);
    expect([r.openid, r.offlineAccess, r.oidc]).toEqual([true, true, ['openid', 'offline_access']]);
    expect(r.requested).toEqual(['User.Read', 'openid', 'offline_access']);
  });

  it.each([
    ['', 70011],
    ['Not.A.Permission', 70011],
    ['https://graph.microsoft.com/.default User.Read', 70011],
    ['.default Mail.Read', 70011],
    ['User.Read api://contoso.test/middle/access_as_user', 28000],
    ['api://nobody.test/x/read', 500011],
    ['api://contoso.test/middle/nope', 70011],
  ])('%j is refused with AADSTS%d', async (scope, code) => {
    await expect(resolveScopeRequest(s, scope, CLIENT)).rejects.toMatchObject({ aadsts: code });
  });

  it('takes the first resource when asked to (refresh)', async () => {
    const r = await resolveScopeRequest(s, 'api://contoso.test/middle/access_as_user User.Read', CLIENT, { multipleResources: 'first' });
    expect(r.resource.appId).toBe(API.appId);
  });
});

describe('resolveAppOnlyScope', () => {
  it('accepts one <resource>/.default', async () => {
    expect((await resolveAppOnlyScope(s, 'https://graph.microsoft.com/.default', CLIENT, TID)).audience).toBe('https://graph.microsoft.com');
  });
  it.each([
    ['User.Read', 1002012],
    ['https://graph.microsoft.com/Calendars.Read', 1002012],
    ['https://graph.microsoft.com/.default api://contoso.test/middle/.default', 700022],
    ['', 900144],
  ])('%j is refused with AADSTS%d', async (scope, code) => {
    await expect(resolveAppOnlyScope(s, scope, CLIENT, TID)).rejects.toMatchObject({ aadsts: code });
  });
});
