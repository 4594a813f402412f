import { createHash, webcrypto } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadX509 } from '../../tls/x509.js';
import { tempStores } from '../sqlite/test-records.js';
import { GRAPH_APP_ID, type Stores } from '../types.js';
import { GRAPH_PERMISSION_IDS as P, app, contoso, loaded, seedDeps, src, user } from './example-tenant.js';
import { EXCHANGE_APP_ID, EXCHANGE_PERMISSIONS } from './resources.js';
import { seedTenants } from './seed-tenants.js';

async function selfSignedPem(): Promise<string> {
  const x509 = await loadX509();
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: '01', name: 'CN=daemon', notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z'), keys, signingAlgorithm: alg },
    webcrypto as unknown as Crypto,
  );
  return cert.toString('pem');
}

describe('seedTenants: apps, consents and policies', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('keeps certificates with their SHA-1 and SHA-256 thumbprints (x5t, x5t#S256)', async () => {
    const pem = await selfSignedPem();
    const t = contoso({ apps: [app('Daemon', { certificates: [{ pem }] })], consents: [], policies: { applicationAccess: [], teamsApplicationAccess: [] } });
    const { tenants } = await seedTenants(stores, loaded(t), seedDeps());
    const [daemon] = await stores.apps.listApplications(tenants[0]!.id);
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(daemon!.keyCredentials).toEqual([
      {
        keyId: expect.any(String),
        pem: expect.stringContaining('-----BEGIN CERTIFICATE-----'),
        thumbprintSha1: createHash('sha1').update(der).digest('base64url'),
        thumbprintSha256: createHash('sha256').update(der).digest('base64url'),
        startDateTime: '2026-01-01T00:00:00.000Z',
        endDateTime: '2027-01-01T00:00:00.000Z',
      },
    ]);
  });

  it('consents a multi-tenant app in a second tenant through a service principal created there', async () => {
    const home = contoso({
      apps: [app('Booking', { multiTenant: true, requiredResourceAccess: { graph: { delegated: ['User.Read'], application: ['Calendars.ReadWrite'] } } })],
      consents: [],
      policies: { applicationAccess: [], teamsApplicationAccess: [] },
      events: [],
    });
    const other = contoso({
      domain: 'fabrikam.test',
      displayName: 'Fabrikam',
      users: [user('ana@fabrikam.test', 'Ana')],
      rooms: [],
      groups: [],
      mailboxPermissions: [],
      apps: [],
      consents: [{ app: 'Booking', adminConsent: true, source: src('consents[0]') }],
      policies: { applicationAccess: [], teamsApplicationAccess: [] },
      events: [],
    });
    const { tenants } = await seedTenants(stores, loaded(home, other), seedDeps());
    const [contosoId, fabrikamId] = tenants.map((t) => t.id);
    expect(tenants[1]!.apps).toEqual([]); // registered in its home tenant only
    const booking = await stores.apps.findApplicationByAppId(tenants[0]!.apps[0]!.appId);
    expect(booking).toMatchObject({ tenantId: contosoId, signInAudience: 'AzureADMultipleOrgs' });
    const sp = await stores.apps.getServicePrincipal(fabrikamId!, booking!.appId);
    expect(sp).toMatchObject({ tenantId: fabrikamId, appOwnerOrganizationId: contosoId });
    const graph = await stores.apps.getServicePrincipal(fabrikamId!, GRAPH_APP_ID);
    expect(await stores.grants.listDelegatedGrants(fabrikamId!, { clientId: sp!.id, principalId: null })).toEqual([
      { tenantId: fabrikamId, id: expect.any(String), clientId: sp!.id, consentType: 'AllPrincipals', principalId: null, resourceId: graph!.id, scope: 'User.Read' },
    ]);
    expect((await stores.grants.listAppRoleAssignments(fabrikamId!, { principalId: sp!.id })).map((a) => a.appRoleId)).toEqual([P.application['Calendars.ReadWrite']]);
    expect(await stores.grants.listAppRoleAssignments(contosoId!)).toEqual([]);
  });

  it('resolves an API of the file by identifier URI, with its exposed scopes, and grants a user consent', async () => {
    const t = contoso({
      apps: [
        app('Booking API', { api: { identifierUri: 'api://booking.contoso.test', scopes: ['access_as_user'], knownClientApplications: ['Booking SPA'] } }),
        app('Booking SPA', {
          requiredResourceAccess: {
            'api://booking.contoso.test': { delegated: ['access_as_user'], application: [] },
            graph: { delegated: ['User.Read'], application: [] },
          },
        }),
      ],
      consents: [
        { app: 'Booking SPA', adminConsent: true, source: src('consents[0]') },
        { app: 'Booking SPA', adminConsent: false, user: 'megan@contoso.test', scopes: ['Calendars.Read.Shared', 'offline_access'], source: src('consents[1]') },
      ],
      policies: { applicationAccess: [], teamsApplicationAccess: [] },
    });
    const { tenants } = await seedTenants(stores, loaded(t), seedDeps());
    const tenantId = tenants[0]!.id;
    const api = await stores.apps.findApplicationByIdentifierUri('API://booking.contoso.test');
    const spa = (await stores.apps.listApplications(tenantId))[1]!;
    expect(api!.api.oauth2PermissionScopes).toEqual([expect.objectContaining({ value: 'access_as_user', type: 'User', isEnabled: true })]);
    expect(api!.api.knownClientApplications).toEqual([spa.appId]);
    expect(spa.requiredResourceAccess).toEqual([
      { resourceAppId: api!.appId, resourceAccess: [{ id: api!.api.oauth2PermissionScopes[0]!.id, type: 'Scope' }] },
      { resourceAppId: GRAPH_APP_ID, resourceAccess: [{ id: P.delegated['User.Read'], type: 'Scope' }] },
    ]);
    const spaSp = await stores.apps.getServicePrincipal(tenantId, spa.appId);
    const apiSp = await stores.apps.getServicePrincipal(tenantId, api!.appId);
    const graphSp = await stores.apps.getServicePrincipal(tenantId, GRAPH_APP_ID);
    const megan = await stores.directory.getUser(tenantId, 'megan@contoso.test');
    const grants = await stores.grants.listDelegatedGrants(tenantId, { clientId: spaSp!.id });
    expect(grants.map((g) => [g.consentType, g.principalId, g.resourceId, g.scope])).toEqual([
      ['AllPrincipals', null, apiSp!.id, 'access_as_user'],
      ['AllPrincipals', null, graphSp!.id, 'User.Read'],
      ['Principal', megan!.id, graphSp!.id, 'Calendars.Read.Shared offline_access'],
    ]);
  });

  it('seeds Exchange Online permissions and Teams application access policies', async () => {
    const t = contoso({
      apps: [app('Booking', { requiredResourceAccess: { [EXCHANGE_APP_ID]: { delegated: [], application: ['full_access_as_app'] } } })],
      consents: [{ app: 'Booking', adminConsent: true, source: src('consents[0]') }],
      policies: {
        applicationAccess: [],
        teamsApplicationAccess: [{ name: 'Meetings', apps: ['Booking'], grantTo: ['megan@contoso.test'], global: false, source: src('teams[0]') }],
      },
    });
    const { tenants } = await seedTenants(stores, loaded(t), seedDeps());
    const tenantId = tenants[0]!.id;
    const booking = (await stores.apps.listApplications(tenantId))[0]!;
    expect(booking.requiredResourceAccess).toEqual([{ resourceAppId: EXCHANGE_APP_ID, resourceAccess: [{ id: EXCHANGE_PERMISSIONS.application.full_access_as_app, type: 'Role' }] }]);
    const exchange = await stores.apps.getServicePrincipal(tenantId, EXCHANGE_APP_ID);
    expect((await stores.grants.listAppRoleAssignments(tenantId, { resourceId: exchange!.id })).map((a) => a.appRoleId)).toEqual([EXCHANGE_PERMISSIONS.application.full_access_as_app]);
    const megan = await stores.directory.getUser(tenantId, 'megan@contoso.test');
    expect(await stores.policies.listTeamsAccessPolicies(tenantId)).toEqual([
      { tenantId, id: expect.any(String), name: 'Meetings', appIds: [booking.appId], grantedTo: [megan!.id], global: false },
    ]);
  });

  it('refuses a single-tenant app consented in another tenant', async () => {
    const home = contoso({ consents: [], policies: { applicationAccess: [], teamsApplicationAccess: [] }, events: [] });
    const other = contoso({
      domain: 'fabrikam.test',
      users: [],
      rooms: [],
      groups: [],
      mailboxPermissions: [],
      apps: [],
      consents: [{ app: 'Room Signage', adminConsent: true, source: src('consents[0]', 7) }],
      policies: { applicationAccess: [], teamsApplicationAccess: [] },
      events: [],
    });
    await expect(seedTenants(stores, loaded(home, other), seedDeps())).rejects.toThrow(/tenant\.yaml:7: consents\[0\]: app 'Room Signage' is registered in contoso\.test as a single-tenant app/);
  });
});
