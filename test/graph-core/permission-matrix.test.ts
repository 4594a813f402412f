import { afterAll, beforeAll, expect } from 'vitest';
import { getCatalog, type Scheme } from '../../src/catalog/index.js';
import { rankByPrivilege } from '../../src/graph/auth/authorize.js';
import { catalogPath, lookupPermissions } from '../../src/graph/auth/catalog-lookup.js';
import { addOwner } from '../../src/graph/directory/ownership.js';
import { permissionMatrix, type MatrixPermissions } from '../harness/permission-matrix.js';
import { createGraphFixture, groupRecord, ids, TID, userRecord, type GraphFixture } from './fixture.js';

// The permission matrix: every emulated directory route × scheme. From Microsoft's own catalog:
// a token holding only the least-privileged permission succeeds; one holding an unrelated
// permission gets 403 naming what was missing; one holding a higher-privileged permission succeeds.
// The delegated caller is a Global Administrator, so the user's own directory rights never decide
// here (resource-rules.test.ts covers those).

const catalog = getCatalog();
let f: GraphFixture;
let n = 0;
const uid = () => `${(++n).toString(16).padStart(8, '0')}-1111-4111-8111-${Date.now().toString(16).padStart(12, '0').slice(-12)}`;

beforeAll(async () => {
  f = await createGraphFixture();
});
afterAll(() => f.close());

interface Case {
  name: string;
  method: string;
  /** The request URL (after /v1.0); `self` is the delegated caller's (or the app's) own id. */
  url: (t: Target) => string;
  /** Where Microsoft's data has no entry for the operation: the one the route borrows. */
  catalogAs?: { method: string; path: string };
  body?: (t: Target) => unknown;
  schemes: Scheme[];
  status: number;
  setup?: (scheme: Scheme) => Promise<Partial<Target>>;
}

interface Target {
  self: string;
  user: string;
  group: string;
  app: string;
  sp: string;
  assignment: string;
  grant: string;
}

const both: Scheme[] = ['delegated', 'application'];

async function freshUser(): Promise<string> {
  const id = uid();
  await f.stores.directory.putUser(userRecord(id, `u${id.slice(0, 8)}@contoso.test`, { managerId: ids.bob }));
  return id;
}
async function freshGroup(withMember = false): Promise<string> {
  const id = uid();
  await f.stores.directory.putGroup(groupRecord(id, `G${id.slice(0, 8)}`));
  if (withMember) {
    await f.stores.directory.addMember(TID, id, ids.alice, 'user');
    await f.stores.directory.addMember(TID, id, ids.alice, 'user', 'owner');
  }
  return id;
}
async function freshApp(owned: boolean): Promise<{ app: string; appId: string }> {
  const app = uid();
  const appId = uid();
  await f.stores.apps.putApplication({
    tenantId: TID, id: app, appId, displayName: `App ${app.slice(0, 8)}`, signInAudience: 'AzureADMyOrg', isFallbackPublicClient: false,
    redirectUris: { web: [], spa: [], publicClient: [] }, passwordCredentials: [], keyCredentials: [], requiredResourceAccess: [], identifierUris: [],
    api: { oauth2PermissionScopes: [{ id: uid(), value: 'Things.Read', type: 'User', adminConsentDisplayName: 'Read things', userConsentDisplayName: 'Read things', isEnabled: true }], knownClientApplications: [], preAuthorizedApplications: [] },
    verifiedPublisher: false, createdDateTime: new Date().toISOString(),
  });
  if (owned) await addOwner(f.s, TID, app, ids.clientSp);
  return { app, appId };
}
async function freshSp(owned: boolean): Promise<string> {
  const { appId } = await freshApp(false);
  const id = uid();
  await f.stores.apps.putServicePrincipal({ tenantId: TID, id, appId, displayName: `SP ${id.slice(0, 8)}`, accountEnabled: true, appRoleAssignmentRequired: false, appOwnerOrganizationId: TID, servicePrincipalType: 'Application', servicePrincipalNames: [appId], createdDateTime: new Date().toISOString() });
  if (owned) await addOwner(f.s, TID, id, ids.clientSp);
  return id;
}

const CASES: Case[] = [
  // Users
  { name: 'GET /me', method: 'GET', url: () => '/me', schemes: ['delegated'], status: 200 },
  { name: 'GET /me/memberOf', method: 'GET', url: () => '/me/memberOf', schemes: ['delegated'], status: 200 },
  { name: 'GET /users', method: 'GET', url: () => '/users', schemes: both, status: 200 },
  { name: 'GET /users/{id}', method: 'GET', url: () => `/users/${ids.bob}`, schemes: both, status: 200 },
  { name: 'GET /users/{upn}', method: 'GET', url: () => '/users/bob@contoso.test', schemes: both, status: 200 },
  { name: 'GET /users/delta', method: 'GET', url: () => '/users/delta', schemes: both, status: 200 },
  { name: 'POST /users', method: 'POST', url: () => '/users', body: () => ({ accountEnabled: true, displayName: 'New', mailNickname: 'new', userPrincipalName: `new${uid().slice(0, 8)}@contoso.test`, passwordProfile: { password: 'P@ssw0rd!' } }), schemes: both, status: 201 },
  { name: 'PATCH /users/{id}', method: 'PATCH', url: (t) => `/users/${t.user}`, body: () => ({ jobTitle: 'Updated' }), schemes: both, status: 204, setup: async () => ({ user: await freshUser() }) },
  { name: 'DELETE /users/{id}', method: 'DELETE', url: (t) => `/users/${t.user}`, schemes: both, status: 204, setup: async () => ({ user: await freshUser() }) },
  { name: 'GET /users/{id}/memberOf', method: 'GET', url: (t) => `/users/${t.self}/memberOf`, schemes: both, status: 200 },
  { name: 'GET /users/{id}/manager', method: 'GET', url: () => `/users/${ids.alice}/manager`, schemes: both, status: 200 },
  { name: 'PUT /users/{id}/manager/$ref', method: 'PUT', url: (t) => `/users/${t.user}/manager/$ref`, body: () => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${ids.alice}` }), schemes: both, status: 204, setup: async () => ({ user: await freshUser() }) },
  { name: 'DELETE /users/{id}/manager/$ref', method: 'DELETE', url: (t) => `/users/${t.user}/manager/$ref`, schemes: both, status: 204, setup: async () => ({ user: await freshUser() }) },
  { name: 'POST /users/{id}/revokeSignInSessions', method: 'POST', url: (t) => `/users/${t.user}/revokeSignInSessions`, schemes: both, status: 200, setup: async () => ({ user: await freshUser() }) },
  // Groups
  { name: 'GET /groups', method: 'GET', url: () => '/groups', schemes: both, status: 200 },
  { name: 'GET /groups/{id}', method: 'GET', url: () => `/groups/${ids.staffGroup}`, schemes: both, status: 200 },
  { name: 'GET /groups/delta', method: 'GET', url: () => '/groups/delta', schemes: both, status: 200 },
  { name: 'POST /groups', method: 'POST', url: () => '/groups', body: () => ({ displayName: 'Team', mailEnabled: false, mailNickname: `team${uid().slice(0, 6)}`, securityEnabled: true }), schemes: both, status: 201 },
  { name: 'PATCH /groups/{id}', method: 'PATCH', url: (t) => `/groups/${t.group}`, body: () => ({ description: 'updated' }), schemes: both, status: 204, setup: async () => ({ group: await freshGroup() }) },
  { name: 'DELETE /groups/{id}', method: 'DELETE', url: (t) => `/groups/${t.group}`, schemes: both, status: 204, setup: async () => ({ group: await freshGroup() }) },
  { name: 'GET /groups/{id}/members', method: 'GET', url: () => `/groups/${ids.staffGroup}/members`, schemes: both, status: 200 },
  { name: 'GET /groups/{id}/owners', method: 'GET', url: () => `/groups/${ids.staffGroup}/owners`, schemes: both, status: 200 },
  { name: 'POST /groups/{id}/members/$ref', method: 'POST', url: (t) => `/groups/${t.group}/members/$ref`, catalogAs: { method: 'DELETE', path: '/groups/{id}/members/{id}' }, body: () => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ids.bob}` }), schemes: both, status: 204, setup: async () => ({ group: await freshGroup() }) },
  { name: 'DELETE /groups/{id}/members/{id}/$ref', method: 'DELETE', url: (t) => `/groups/${t.group}/members/${ids.alice}/$ref`, schemes: both, status: 204, setup: async () => ({ group: await freshGroup(true) }) },
  { name: 'POST /groups/{id}/owners/$ref', method: 'POST', url: (t) => `/groups/${t.group}/owners/$ref`, body: () => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${ids.bob}` }), schemes: both, status: 204, setup: async () => ({ group: await freshGroup() }) },
  { name: 'DELETE /groups/{id}/owners/{id}/$ref', method: 'DELETE', url: (t) => `/groups/${t.group}/owners/${ids.alice}/$ref`, schemes: both, status: 204, setup: async () => ({ group: await freshGroup(true) }) },
  // Organization
  { name: 'GET /organization', method: 'GET', url: () => '/organization', schemes: both, status: 200 },
  { name: 'GET /organization/{id}', method: 'GET', url: () => `/organization/${TID}`, schemes: both, status: 200 },
  // Applications
  { name: 'GET /applications', method: 'GET', url: () => '/applications', schemes: both, status: 200 },
  { name: 'GET /applications/{id}', method: 'GET', url: () => `/applications/${ids.clientApp}`, schemes: both, status: 200 },
  { name: 'POST /applications', method: 'POST', url: () => '/applications', body: () => ({ displayName: 'Scripted app' }), schemes: both, status: 201 },
  { name: 'PATCH /applications/{id}', method: 'PATCH', url: (t) => `/applications/${t.app}`, body: () => ({ displayName: 'Renamed' }), schemes: both, status: 204, setup: async () => ({ app: (await freshApp(true)).app }) },
  { name: 'DELETE /applications/{id}', method: 'DELETE', url: (t) => `/applications/${t.app}`, schemes: both, status: 204, setup: async () => ({ app: (await freshApp(true)).app }) },
  // Service principals
  { name: 'GET /servicePrincipals', method: 'GET', url: () => `/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'`, schemes: both, status: 200 },
  { name: 'GET /servicePrincipals/{id}', method: 'GET', url: () => `/servicePrincipals/${ids.graphSp}`, schemes: both, status: 200 },
  { name: 'POST /servicePrincipals', method: 'POST', url: () => '/servicePrincipals', body: (t) => ({ appId: t.app }), schemes: both, status: 201, setup: async () => ({ app: (await freshApp(false)).appId }) },
  { name: 'PATCH /servicePrincipals/{id}', method: 'PATCH', url: (t) => `/servicePrincipals/${t.sp}`, body: () => ({ appRoleAssignmentRequired: true }), schemes: both, status: 204, setup: async () => ({ sp: await freshSp(true) }) },
  { name: 'DELETE /servicePrincipals/{id}', method: 'DELETE', url: (t) => `/servicePrincipals/${t.sp}`, schemes: both, status: 204, setup: async () => ({ sp: await freshSp(true) }) },
  // Consent records
  { name: 'GET /servicePrincipals/{id}/appRoleAssignments', method: 'GET', url: () => `/servicePrincipals/${ids.clientSp}/appRoleAssignments`, schemes: both, status: 200 },
  { name: 'GET /servicePrincipals/{id}/appRoleAssignedTo', method: 'GET', url: () => `/servicePrincipals/${ids.graphSp}/appRoleAssignedTo`, schemes: both, status: 200 },
  {
    name: 'POST /servicePrincipals/{id}/appRoleAssignedTo', method: 'POST', url: () => `/servicePrincipals/${ids.otherSp}/appRoleAssignedTo`,
    body: (t) => ({ principalId: t.sp, resourceId: ids.otherSp, appRoleId: '00000000-0000-0000-0000-000000000000' }), schemes: both, status: 201,
    setup: async () => ({ sp: await freshSp(false) }),
  },
  {
    name: 'POST /servicePrincipals/{id}/appRoleAssignments', method: 'POST', url: (t) => `/servicePrincipals/${t.sp}/appRoleAssignments`,
    body: (t) => ({ principalId: t.sp, resourceId: ids.otherSp, appRoleId: '00000000-0000-0000-0000-000000000000' }), schemes: both, status: 201,
    setup: async () => ({ sp: await freshSp(false) }),
  },
  {
    name: 'DELETE /servicePrincipals/{id}/appRoleAssignedTo/{id}', method: 'DELETE', url: (t) => `/servicePrincipals/${ids.otherSp}/appRoleAssignedTo/${t.assignment}`, schemes: both, status: 204,
    setup: async () => {
      const sp = await freshSp(false);
      const assignment = uid();
      await f.stores.grants.putAppRoleAssignment({ tenantId: TID, id: assignment, principalId: sp, principalType: 'ServicePrincipal', principalDisplayName: 'x', resourceId: ids.otherSp, resourceDisplayName: 'Other App', appRoleId: '00000000-0000-0000-0000-000000000000', createdDateTime: new Date().toISOString() });
      return { assignment };
    },
  },
  { name: 'GET /oauth2PermissionGrants', method: 'GET', url: () => '/oauth2PermissionGrants', schemes: both, status: 200 },
  {
    name: 'GET /oauth2PermissionGrants/{id}', method: 'GET', url: (t) => `/oauth2PermissionGrants/${t.grant}`, schemes: both, status: 200,
    setup: async () => {
      const grant = uid();
      await f.stores.grants.putDelegatedGrant({ tenantId: TID, id: grant, clientId: await freshSp(false), consentType: 'AllPrincipals', principalId: null, resourceId: ids.graphSp, scope: 'User.Read' });
      return { grant };
    },
  },
  {
    name: 'POST /oauth2PermissionGrants', method: 'POST', url: () => '/oauth2PermissionGrants', schemes: both, status: 201,
    body: (t) => ({ clientId: t.sp, consentType: 'AllPrincipals', resourceId: ids.graphSp, scope: 'User.Read Calendars.Read' }),
    setup: async () => ({ sp: await freshSp(false) }),
  },
  {
    name: 'PATCH /oauth2PermissionGrants/{id}', method: 'PATCH', url: (t) => `/oauth2PermissionGrants/${t.grant}`, body: () => ({ scope: 'User.Read Mail.Read' }), schemes: both, status: 204,
    setup: async () => {
      const grant = uid();
      await f.stores.grants.putDelegatedGrant({ tenantId: TID, id: grant, clientId: await freshSp(false), consentType: 'AllPrincipals', principalId: null, resourceId: ids.graphSp, scope: 'User.Read' });
      return { grant };
    },
  },
  {
    name: 'DELETE /oauth2PermissionGrants/{id}', method: 'DELETE', url: (t) => `/oauth2PermissionGrants/${t.grant}`, schemes: both, status: 204,
    setup: async () => {
      const grant = uid();
      await f.stores.grants.putDelegatedGrant({ tenantId: TID, id: grant, clientId: await freshSp(false), consentType: 'AllPrincipals', principalId: null, resourceId: ids.graphSp, scope: 'User.Read' });
      return { grant };
    },
  },
];

/** The accepted permissions for a case, least privileged first, and the ones a token needs together. */
function permissionsFor(c: Case, scheme: Scheme): MatrixPermissions {
  const path = c.catalogAs?.path ?? catalogPath(c.url({ self: '{id}', user: '{id}', group: '{id}', app: '{id}', sp: '{id}', assignment: '{id}', grant: '{id}' }).split('?')[0]!);
  const match = lookupPermissions(catalog, c.catalogAs?.method ?? c.method, path, scheme)!;
  const ranked = rankByPrivilege(catalog, match.permissions, match, scheme);
  const withCompanions = (p: string) => [p, ...(match.alsoRequires[p]?.slice(0, 1) ?? [])];
  const higherName = ranked.find((p) => /^directory\.readwrite\.all$/i.test(p)) ?? [...ranked].reverse().find((p) => !/ownedby|agentid|devicemanagement/i.test(p))!;
  return { least: withCompanions(ranked[0]!), higher: ranked.length > 1 ? withCompanions(higherName) : null, accepted: ranked };
}

const UNRELATED = ['Calendars.Read', 'Sites.Read.All'];

async function tokenFor(scheme: Scheme, perms: string[]): Promise<string> {
  return scheme === 'delegated' ? f.userToken(ids.admin, perms) : f.appToken(perms);
}

async function run(c: Case, scheme: Scheme, perms: string[]) {
  const target: Target = { self: scheme === 'delegated' ? ids.admin : ids.alice, user: '', group: '', app: '', sp: '', assignment: '', grant: '', ...(await c.setup?.(scheme)) };
  return f.call(c.method, c.url(target), await tokenFor(scheme, perms), c.body ? { body: c.body(target) } : {});
}

permissionMatrix({ cases: CASES, permissionsFor, run, unrelated: UNRELATED, refusal: {
  name: '403 Authorization_RequestDenied',
  check: (e) => expect([e.code, e.message]).toEqual(['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.']),
} });
