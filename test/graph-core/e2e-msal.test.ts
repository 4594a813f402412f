import { join } from 'node:path';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// The whole product: a running tenantbox from a tenant file, tokens from unmodified msal-node,
// Graph called with the unmodified Graph JS client. Consent managed through Graph (as admins script
// it) changes what the next token carries, because Graph writes the records the identity platform
// reads.

const YAML = `
tenant:
  domain: contoso.test
  displayName: Contoso
  userConsent: microsoft-recommended
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "Passw0rd!", roles: [Global Administrator] }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "Passw0rd!" }
groups:
  - { mail: staff@contoso.test, displayName: Staff, mailEnabled: true, securityEnabled: true, members: [megan@contoso.test] }
apps:
  - displayName: Directory Reader
    secrets: ["reader-secret"]
    requiredResourceAccess: { graph: { application: [User.Read.All] } }
  - displayName: Consent Admin
    secrets: ["admin-secret"]
    requiredResourceAccess: { graph: { application: [AppRoleAssignment.ReadWrite.All, Application.Read.All] } }
  - displayName: Room Display
    publicClient: true
    redirectUris: ["http://localhost:3000/auth"]
    requiredResourceAccess: { graph: { delegated: [User.Read, User.ReadBasic.All, offline_access] } }
consents:
  - { app: Directory Reader, adminConsent: true }
  - { app: Consent Admin, adminConsent: true }
  - { app: Room Display, adminConsent: true }
`;

let tb: TestTenantbox;
const appId = (name: string) => tb.tenants[0]!.apps.find((a) => a.displayName === name)!.appId;
const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: YAML });
});
afterAll(async () => {
  await tb?.cleanup();
});

const graph = (token: string) =>
  Client.init({ baseUrl: `${tb.url}/`, defaultVersion: 'v1.0', customHosts: new Set([new URL(tb.url).hostname]), authProvider: (done) => done(null, token) });

async function appToken(name: string, secret: string, skipCache = false): Promise<string> {
  const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId: appId(name), clientSecret: secret }));
  return (await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, skipCache }))!.accessToken;
}

describe('tokens from msal-node against the running server', () => {
  it('an app-only token reads users and is refused groups, naming the missing permission', async () => {
    const c = graph(await appToken('Directory Reader', 'reader-secret'));
    const users = await c.api('/users').select('userPrincipalName').get();
    expect(users.value.map((u: { userPrincipalName: string }) => u.userPrincipalName).sort()).toEqual(['adele@contoso.test', 'megan@contoso.test']);
    const e = (await c.api('/groups').get().catch((x: unknown) => x)) as GraphError;
    expect(e).toBeInstanceOf(GraphError);
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('Authorization_RequestDenied');
    expect(JSON.parse(e.body as string).details[0].message).toContain('GroupMember.Read.All');
  });

  it('consent granted through Graph (appRoleAssignedTo) shows in the next client-credentials token', async () => {
    const admin = graph(await appToken('Consent Admin', 'admin-secret'));
    const [graphSp] = (await admin.api('/servicePrincipals').filter("appId eq '00000003-0000-0000-c000-000000000000'").select('id,appRoles').get()).value;
    const [reader] = (await admin.api('/servicePrincipals').filter(`appId eq '${appId('Directory Reader')}'`).select('id').get()).value;
    const role = graphSp.appRoles.find((r: { value: string }) => r.value === 'GroupMember.Read.All');
    const assignment = await admin.api(`/servicePrincipals/${graphSp.id}/appRoleAssignedTo`).post({ principalId: reader.id, resourceId: graphSp.id, appRoleId: role.id });
    expect(assignment).toMatchObject({ principalId: reader.id, appRoleId: role.id });

    const fresh = await appToken('Directory Reader', 'reader-secret', true);
    const groups = await graph(fresh).api('/groups').select('displayName').get();
    expect(groups.value).toEqual([{ displayName: 'Staff' }]);

    // Removing it: the token already issued keeps the role until it expires; a new one does not.
    await admin.api(`/servicePrincipals/${graphSp.id}/appRoleAssignedTo/${assignment.id}`).delete();
    expect((await graph(fresh).api('/groups').get()).value).toHaveLength(1);
    const after = await appToken('Directory Reader', 'reader-secret', true);
    expect((await graph(after).api('/groups').get().catch((x: GraphError) => x)).statusCode).toBe(403);
  });

  it('a delegated token (username/password) reads /me and other users as User.ReadBasic.All allows', async () => {
    const pca = new PublicClientApplication(msalConfigFor(tb, { appId: appId('Room Display') }));
    const r = await pca.acquireTokenByUsernamePassword({ username: 'megan@contoso.test', password: 'Passw0rd!', scopes: ['User.Read', 'User.ReadBasic.All'] });
    const c = graph(r!.accessToken);
    expect(await c.api('/me').select('displayName').get()).toMatchObject({ displayName: 'Megan Bowen' });
    const adele = await c.api('/users/adele@contoso.test').get();
    expect(adele.displayName).toBe('Adele Vance');
    await tb.stores.audit.flush();
    const log = await tb.stores.audit.query({ appId: appId('Room Display') });
    expect(log.map((a) => [a.template, a.permission, a.status])).toEqual([
      ['/me', 'User.Read', 200],
      ['/users/{id}', 'User.ReadBasic.All', 200],
    ]);
  });

  it('a request is in the audit log file by the time its answer arrives, without anyone flushing it', async () => {
    const token = await appToken('Directory Reader', 'reader-secret');
    const answers = await Promise.all([1, 2, 3].map(() => tb.fetch('/v1.0/users?$top=1', { headers: { authorization: `Bearer ${token}` } })));
    // Another connection to the file sees only what is committed to it.
    const reader = new Database(join(tb.dataDir, 'tenantbox-audit.db'), { readonly: true });
    try {
      const onDisk = new Set((reader.prepare('SELECT data FROM audit').all() as { data: string }[]).map((r) => JSON.parse(r.data).requestId));
      for (const a of answers) expect(onDisk.has(a.headers.get('request-id')), a.headers.get('request-id')!).toBe(true);
    } finally {
      reader.close();
    }
  });
});
