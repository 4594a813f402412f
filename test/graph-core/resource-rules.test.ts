import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { directoryArea } from '../../src/graph/directory/index.js';
import { addOwner } from '../../src/graph/directory/ownership.js';
import { createGraphFixture, ids, TID, type GraphFixture } from './fixture.js';
import { testMailboxArea } from './test-areas.js';

// Resource rules after the permission check: what the signed-in user can reach in the directory,
// delegated access to other mailboxes (.Shared scope AND sharing), the Teams application access
// policy, and the special cases of consent management.

let f: GraphFixture;
beforeAll(async () => {
  f = await createGraphFixture({ areas: [directoryArea, testMailboxArea] });
});
afterAll(() => f.close());

const GRAPH_USER_READ_ALL_ROLE = 'df021288-bdef-4463-88db-98f22de89214';

describe('directory: a delegated caller reaches only what the user could', () => {
  it('User.Read reaches the own profile only; another user → 403 naming the .All scopes', async () => {
    const t = await f.userToken(ids.alice, ['User.Read']);
    expect((await f.call('GET', `/users/${ids.alice}`, t)).status).toBe(200);
    const r = await f.call('GET', `/users/${ids.bob}`, t);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Authorization_RequestDenied');
    expect(r.body.error.details[0].message).toContain("reaches only the signed-in user's own profile");
  });

  it('guests cannot enumerate users or groups, but can read one user by id', async () => {
    const t = await f.userToken(ids.gina, ['User.Read.All', 'Group.Read.All']);
    expect((await f.call('GET', '/users', t)).status).toBe(403);
    expect((await f.call('GET', '/groups', t)).status).toBe(403);
    expect((await f.call('GET', '/users/delta', t)).status).toBe(403);
    expect((await f.call('GET', `/users/${ids.alice}`, t)).status).toBe(200);
    // A member with the same scopes can.
    expect((await f.call('GET', '/users', await f.userToken(ids.alice, ['User.Read.All']))).status).toBe(200);
  });

  it('creating users takes an admin role; the denial names the roles', async () => {
    const body = { accountEnabled: true, displayName: 'X', mailNickname: 'x', userPrincipalName: 'x1@contoso.test', passwordProfile: { password: 'P@ss!1234' } };
    const r = await f.call('POST', '/users', await f.userToken(ids.alice, ['User.ReadWrite.All']), { body });
    expect(r.status).toBe(403);
    expect(r.body.error.details[0].message).toContain('User Administrator');
    expect((await f.call('POST', '/users', await f.userToken(ids.admin, ['User.ReadWrite.All']), { body })).status).toBe(201);
  });

  it('any member may create a group and becomes its owner; only owners and admins may change it', async () => {
    const alice = await f.userToken(ids.alice, ['Group.ReadWrite.All']);
    const created = await f.call('POST', '/groups', alice, { body: { displayName: 'Alice team', mailEnabled: false, mailNickname: 'aliceteam', securityEnabled: true } });
    expect(created.status).toBe(201);
    const owners = await f.call('GET', `/groups/${created.body.id}/owners`, await f.userToken(ids.alice, ['Group.Read.All', 'User.Read.All']));
    expect(owners.body.value.map((o: { id: string }) => o.id)).toEqual([ids.alice]);
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, alice, { body: { description: 'x' } })).status).toBe(403);
    expect((await f.call('PATCH', `/groups/${ids.staffGroup}`, await f.userToken(ids.bob, ['Group.ReadWrite.All']), { body: { description: 'x' } })).status).toBe(204);
  });

  it('User.ReadBasic.All shows other users only their basic profile', async () => {
    const basic = await f.call('GET', `/users/${ids.bob}?$select=displayName,jobTitle`, await f.userToken(ids.alice, ['User.ReadBasic.All']));
    expect(basic.body).toMatchObject({ displayName: 'Bob', jobTitle: null });
    const full = await f.call('GET', `/users/${ids.bob}?$select=displayName,jobTitle`, await f.userToken(ids.alice, ['User.ReadBasic.All', 'User.Read.All']));
    expect(full.body).toMatchObject({ displayName: 'Bob', jobTitle: 'Manager' });
  });

  it('members of a type the caller cannot read show only @odata.type and id (status 200)', async () => {
    const r = await f.call('GET', `/groups/${ids.staffGroup}/members`, await f.appToken(['GroupMember.Read.All']));
    expect(r.status).toBe(200);
    expect(r.body.value).toContainEqual(expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: ids.alice, displayName: null }));
    const full = await f.call('GET', `/groups/${ids.staffGroup}/members`, await f.appToken(['GroupMember.Read.All', 'User.Read.All']));
    expect(full.body.value).toContainEqual(expect.objectContaining({ id: ids.alice, displayName: 'Alice' }));
  });
});

describe('directory: applications and consent', () => {
  it('Application.ReadWrite.OwnedBy reaches only applications the app owns', async () => {
    const t = await f.appToken(['Application.ReadWrite.OwnedBy']);
    const created = await f.call('POST', '/applications', t, { body: { displayName: 'Made by the app' } });
    expect(created.status).toBe(201);
    expect((await f.call('PATCH', `/applications/${created.body.id}`, t, { body: { displayName: 'Renamed' } })).status).toBe(204);
    const other = await f.call('PATCH', `/applications/${ids.clientApp}`, t, { body: { displayName: 'Nope' } });
    expect(other.status).toBe(403);
    expect(other.body.error.details[0].message).toContain('OwnedBy');
    const list = await f.call('GET', '/applications', t);
    expect(list.body.value.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
  });

  it("granting Microsoft Graph's app roles needs AppRoleAssignment.ReadWrite.All (an app) or a privileged role (a user)", async () => {
    const body = { principalId: ids.otherSp, resourceId: ids.graphSp, appRoleId: GRAPH_USER_READ_ALL_ROLE };
    const url = `/servicePrincipals/${ids.graphSp}/appRoleAssignedTo`;
    const appRw = await f.call('POST', url, await f.appToken(['Application.ReadWrite.All']), { body });
    expect(appRw.status).toBe(403);
    expect(appRw.body.error.details[0].message).toContain('AppRoleAssignment.ReadWrite.All');
    const alice = await f.call('POST', url, await f.userToken(ids.alice, ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']), { body });
    expect(alice.status).toBe(403);
    expect(alice.body.error.details[0].message).toContain('Privileged Role Administrator');
    const ok = await f.call('POST', url, await f.appToken(['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']), { body });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ principalId: ids.otherSp, resourceId: ids.graphSp, appRoleId: GRAPH_USER_READ_ALL_ROLE, principalType: 'ServicePrincipal', resourceDisplayName: 'Microsoft Graph' });
    // Written where the identity platform reads consent from.
    const stored = await f.stores.grants.listAppRoleAssignments(TID, { principalId: ids.otherSp, resourceId: ids.graphSp });
    expect(stored.map((a) => a.appRoleId)).toContain(GRAPH_USER_READ_ALL_ROLE);
    const again = await f.call('POST', url, await f.appToken(['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']), { body });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe('Permission being assigned already exists on the object');
  });

  it('refuses an app role the resource does not define, and a delegated grant scope Graph does not have', async () => {
    const t = await f.appToken(['AppRoleAssignment.ReadWrite.All', 'Application.Read.All', 'DelegatedPermissionGrant.ReadWrite.All']);
    const badRole = await f.call('POST', `/servicePrincipals/${ids.graphSp}/appRoleAssignedTo`, t, { body: { principalId: ids.otherSp, resourceId: ids.graphSp, appRoleId: '11111111-1111-1111-1111-111111111111' } });
    expect(badRole.status).toBe(400);
    const badScope = await f.call('POST', '/oauth2PermissionGrants', t, { body: { clientId: ids.otherSp, consentType: 'AllPrincipals', resourceId: ids.graphSp, scope: 'User.Read Not.A.Scope' } });
    expect(badScope.status).toBe(400);
    expect(badScope.body.error.message).toContain('Not.A.Scope');
  });

  it("Graph's service principal publishes its app roles and scopes from the catalog", async () => {
    const r = await f.call('GET', `/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'&$select=id,appRoles,oauth2PermissionScopes`, await f.appToken(['Application.Read.All']));
    const sp = r.body.value[0];
    expect(sp.appRoles).toContainEqual(expect.objectContaining({ value: 'User.Read.All', id: GRAPH_USER_READ_ALL_ROLE, allowedMemberTypes: ['Application'] }));
    expect(sp.oauth2PermissionScopes).toContainEqual(expect.objectContaining({ value: 'User.Read', id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'User' }));
  });
});

describe('mailboxes: delegated access to another mailbox (§4.3)', () => {
  beforeEach(async () => {
    for (const p of await f.stores.policies.listMailboxPermissions(TID)) await f.stores.policies.deleteMailboxPermission(TID, p.id);
  });
  const grant = (mailboxId: string, granteeId: string, scope: 'mailbox' | 'calendar', rights: 'FullAccess' | 'Reviewer' | 'AvailabilityOnly' | 'Editor') =>
    f.stores.policies.putMailboxPermission({ tenantId: TID, id: `${mailboxId}-${granteeId}-${scope}`, mailboxId, granteeId, scope, rights, sharingPermissionFlags: [] });

  it('own mailbox with Calendars.Read; another one needs a .Shared scope AND sharing', async () => {
    const plain = await f.userToken(ids.alice, ['Calendars.Read']);
    expect((await f.call('GET', `/users/${ids.alice}/calendarView`, plain)).status).toBe(200);
    expect((await f.call('GET', '/me/calendarView', plain)).status).toBe(200);
    const noShared = await f.call('GET', `/users/${ids.bob}/calendarView`, plain);
    expect(noShared.status).toBe(403);
    expect(noShared.body.error).toMatchObject({ code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });
    expect(noShared.body.error.details[0].message).toContain('Calendars.Read.Shared');

    const shared = await f.userToken(ids.alice, ['Calendars.Read.Shared']);
    const notShared = await f.call('GET', `/users/${ids.bob}/calendarView`, shared);
    expect(notShared.status).toBe(403);
    expect(notShared.body.error.details[0].message).toContain('has not shared');
    await grant(ids.bob, ids.alice, 'calendar', 'AvailabilityOnly');
    expect((await f.call('GET', `/users/${ids.bob}/calendarView`, shared)).status).toBe(403);
    await grant(ids.bob, ids.alice, 'calendar', 'Reviewer');
    const ok = await f.call('GET', `/users/${ids.bob}/calendarView`, shared);
    expect(ok.status).toBe(200);
    expect(ok.body.permission).toBe('Calendars.Read.Shared');
  });

  it('FullAccess without a .Shared scope is still 403 (observed I4); with one it works, rooms included', async () => {
    await grant(ids.room1, ids.alice, 'mailbox', 'FullAccess');
    expect((await f.call('GET', `/users/room1@contoso.test/calendarView`, await f.userToken(ids.alice, ['Calendars.ReadWrite']))).status).toBe(403);
    expect((await f.call('GET', `/users/room1@contoso.test/calendarView`, await f.userToken(ids.alice, ['Calendars.ReadWrite.Shared']))).status).toBe(200);
  });

  it('unknown user → 404 ErrorInvalidUser; unlicensed → 404 MailboxNotEnabledForRESTAPI', async () => {
    const t = await f.appToken(['Calendars.Read']);
    const unknown = await f.call('GET', '/users/nobody@contoso.test/calendarView', t);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ErrorInvalidUser');
    const unlicensed = await f.call('GET', `/users/${ids.unlicensed}/calendarView`, t);
    expect(unlicensed.body.error).toMatchObject({ code: 'MailboxNotEnabledForRESTAPI', message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.' });
  });
});

describe('Teams application access policy (§4.6)', () => {
  beforeEach(async () => {
    for (const p of await f.stores.policies.listTeamsAccessPolicies(TID)) await f.stores.policies.deleteTeamsAccessPolicy(TID, p.id);
  });

  it('app-only online meetings are deny-by-default; a policy granted to the user or globally allows them', async () => {
    const t = await f.appToken(['OnlineMeetings.ReadWrite.All']);
    const none = await f.call('POST', `/users/${ids.alice}/onlineMeetings`, t, { body: {} });
    expect(none.status).toBe(403);
    expect(none.body.error).toMatchObject({ code: 'Forbidden', message: 'No application access policy found for this app' });
    await f.stores.policies.putTeamsAccessPolicy({ tenantId: TID, id: 'p1', name: 'Meeting-Bots', appIds: [ids.clientAppId], grantedTo: [ids.alice], global: false });
    expect((await f.call('POST', `/users/${ids.alice}/onlineMeetings`, t, { body: {} })).status).toBe(201);
    expect((await f.call('POST', `/users/${ids.bob}/onlineMeetings`, t, { body: {} })).status).toBe(403);
    await f.stores.policies.putTeamsAccessPolicy({ tenantId: TID, id: 'p2', name: 'Global', appIds: [ids.clientAppId], grantedTo: [], global: true });
    expect((await f.call('POST', `/users/${ids.bob}/onlineMeetings`, t, { body: {} })).status).toBe(201);
  });

  it('a Teams permission denial names what the API requires, as Teams does', async () => {
    const r = await f.call('POST', `/users/${ids.alice}/onlineMeetings`, await f.appToken(['Calendars.Read']), { body: {} });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe("Missing role permissions on the request. API requires one of 'OnlineMeetings.ReadWrite.All'. Roles on the request 'Calendars.Read'.");
  });

  it('owner tracking feeds the delegated rule for applications too', async () => {
    await addOwner(f.s, TID, ids.clientApp, ids.alice);
    expect((await f.call('PATCH', `/applications/${ids.clientApp}`, await f.userToken(ids.alice, ['Application.ReadWrite.All']), { body: { displayName: 'Alice renamed it' } })).status).toBe(204);
    expect((await f.call('PATCH', `/applications/${ids.clientApp}`, await f.userToken(ids.bob, ['Application.ReadWrite.All']), { body: { displayName: 'Bob cannot' } })).status).toBe(403);
  });
});
