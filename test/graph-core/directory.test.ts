import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphFixture, DOMAIN, ids, TID, type GraphFixture } from './fixture.js';

// The directory area's behaviour (shapes, writes, delta) with sufficient permissions; what is
// refused and why is in permission-matrix.test.ts and resource-rules.test.ts.

let f: GraphFixture;
let admin: string;
beforeAll(async () => {
  f = await createGraphFixture();
  admin = await f.userToken(ids.admin, ['Directory.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All', 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All', 'User.RevokeSessions.All']);
});
afterAll(() => f.close());

describe('users', () => {
  it('GET /me returns the default property set with @odata.context', async () => {
    const r = await f.call('GET', '/me', await f.userToken(ids.alice, ['User.Read']));
    expect(r.body).toEqual({
      '@odata.context': 'https://127.0.0.1:8443/v1.0/$metadata#users/$entity',
      businessPhones: [],
      displayName: 'Alice',
      givenName: 'Alice',
      jobTitle: 'Engineer',
      mail: `alice@${DOMAIN}`,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      surname: 'Archer',
      userPrincipalName: `alice@${DOMAIN}`,
      id: ids.alice,
    });
  });

  it('creates, reads by UPN, updates and deletes a user', async () => {
    const created = await f.call('POST', '/users', admin, { body: { accountEnabled: true, displayName: 'Carol', mailNickname: 'carol', userPrincipalName: `carol@${DOMAIN}`, passwordProfile: { password: 'Xy!23456' }, jobTitle: 'Intern' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'Carol', userPrincipalName: `carol@${DOMAIN}`, jobTitle: 'Intern', '@odata.context': expect.stringContaining('#users/$entity') });
    const dup = await f.call('POST', '/users', admin, { body: { accountEnabled: true, displayName: 'Carol', mailNickname: 'carol', userPrincipalName: `CAROL@${DOMAIN}`, passwordProfile: { password: 'Xy!23456' } } });
    expect(dup.body.error.message).toBe('Another object with the same value for property userPrincipalName already exists.');
    const foreign = await f.call('POST', '/users', admin, { body: { accountEnabled: true, displayName: 'D', mailNickname: 'd', userPrincipalName: 'd@elsewhere.test', passwordProfile: { password: 'Xy!23456' } } });
    expect(foreign.status).toBe(400);
    const missing = await f.call('POST', '/users', admin, { body: { accountEnabled: true, displayName: 'E', userPrincipalName: `e@${DOMAIN}`, passwordProfile: { password: 'x' } } });
    expect(missing.body.error.message).toBe("A value is required for property 'mailNickname' of resource 'User'.");

    expect((await f.call('PATCH', `/users/carol@${DOMAIN}`, admin, { body: { jobTitle: 'Engineer', department: 'R&D' } })).status).toBe(204);
    expect((await f.call('GET', `/users/carol@${DOMAIN}?$select=jobTitle,department`, admin)).body).toMatchObject({ jobTitle: 'Engineer', department: 'R&D' });
    expect((await f.call('PATCH', `/users/carol@${DOMAIN}`, admin, { body: { favouriteColour: 'blue' } })).status).toBe(501);
    expect((await f.call('DELETE', `/users/${created.body.id}`, admin)).status).toBe(204);
    const gone = await f.call('GET', `/users/${created.body.id}`, admin);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'Request_ResourceNotFound', message: `Resource '${created.body.id}' does not exist or one of its queried reference-property objects are not present.` });
  });

  it('manager: get, set with $ref, remove; 404 when none', async () => {
    expect((await f.call('GET', `/users/${ids.alice}/manager`, admin)).body).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: ids.bob });
    expect((await f.call('PUT', `/users/${ids.alice}/manager/$ref`, admin, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/users/${ids.admin}` } })).status).toBe(204);
    expect((await f.call('GET', `/users/${ids.alice}/manager?$select=id`, admin)).body).toMatchObject({ id: ids.admin });
    expect((await f.call('DELETE', `/users/${ids.alice}/manager/$ref`, admin)).status).toBe(204);
    const none = await f.call('GET', `/users/${ids.alice}/manager`, admin);
    expect(none.body.error.message).toBe("Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
    await f.call('PUT', `/users/${ids.alice}/manager/$ref`, admin, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/users/${ids.bob}` } });
  });

  it('memberOf lists direct groups as directoryObjects', async () => {
    const r = await f.call('GET', '/me/memberOf?$select=id,displayName', await f.userToken(ids.alice, ['User.Read', 'GroupMember.Read.All']));
    expect(r.body['@odata.context']).toContain('#directoryObjects(id,displayName)');
    expect(r.body.value).toEqual([{ '@odata.type': '#microsoft.graph.group', id: ids.staffGroup, displayName: 'Staff' }]);
  });

  it('revokeSignInSessions sets signInSessionsValidFromDateTime to now and answers true', async () => {
    f.clock.advance(120_000);
    const before = f.clock.now();
    const r = await f.call('POST', `/users/${ids.bob}/revokeSignInSessions`, admin);
    expect(r.body).toEqual({ '@odata.context': 'https://127.0.0.1:8443/v1.0/$metadata#Edm.Boolean', value: true });
    const at = Date.parse((await f.stores.directory.getUser(TID, ids.bob))!.signInSessionsValidFromDateTime!);
    expect(at).toBeGreaterThanOrEqual(before); // the emulated clock, ahead of real time
    expect(at).toBeLessThanOrEqual(f.clock.now());
    // A user may revoke their own sessions.
    expect((await f.call('POST', '/me/revokeSignInSessions', await f.userToken(ids.alice, ['User.RevokeSessions.All']))).status).toBe(200);
  });
});

describe('delta', () => {
  it('users: a full round, then only changes (updated, new, removed), then nothing', async () => {
    const t = await f.appToken(['User.ReadWrite.All']);
    const first = await f.call('GET', '/users/delta?$select=displayName,jobTitle', t);
    expect(first.body['@odata.context']).toBe('https://127.0.0.1:8443/v1.0/$metadata#users(displayName,jobTitle)');
    expect(first.body.value.length).toBeGreaterThanOrEqual(7);
    const deltaLink: string = first.body['@odata.deltaLink'];
    expect(deltaLink).toMatch(/^https:\/\/127\.0\.0\.1:8443\/v1\.0\/users\/delta\?\$select=displayName%2CjobTitle&\$deltatoken=/);

    await f.call('PATCH', `/users/${ids.bob}`, t, { body: { jobTitle: 'Director' } });
    await f.call('PATCH', `/users/${ids.alice}`, t, { body: { department: 'Sales' } }); // not selected: no change to report
    const dan = await f.call('POST', '/users', t, { body: { accountEnabled: true, displayName: 'Dan', mailNickname: 'dan', userPrincipalName: `dan@${DOMAIN}`, passwordProfile: { password: 'Xy!23456' } } });
    await f.stores.directory.deleteUser(TID, ids.unlicensed); // changes made elsewhere show too
    const second = await f.call('GET', deltaLink.replace('https://127.0.0.1:8443', ''), t);
    expect(second.body.value).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ids.bob, jobTitle: 'Director' }),
        expect.objectContaining({ id: dan.body.id, displayName: 'Dan' }),
        { id: ids.unlicensed, '@removed': { reason: 'changed' } },
      ]),
    );
    expect(second.body.value).toHaveLength(3);
    const third = await f.call('GET', second.body['@odata.deltaLink'].replace('https://127.0.0.1:8443', ''), t);
    expect(third.body.value).toEqual([]);
    expect((await f.call('GET', '/users/delta()?$deltatoken=latest', t)).body.value).toEqual([]);
    expect((await f.call('GET', '/users/delta?$deltatoken=not-a-token', t)).body.error.code).toBe('Request_BadRequest');
  });

  it('groups: members@delta reports added and removed members', async () => {
    const t = await f.appToken(['Group.ReadWrite.All', 'GroupMember.ReadWrite.All']);
    const first = await f.call('GET', '/groups/delta', t);
    const staff = first.body.value.find((g: { id: string }) => g.id === ids.staffGroup);
    expect(staff['members@delta']).toEqual(expect.arrayContaining([{ '@odata.type': '#microsoft.graph.user', id: ids.alice }]));
    await f.call('POST', `/groups/${ids.staffGroup}/members/$ref`, t, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ids.admin}` } });
    await f.call('DELETE', `/groups/${ids.staffGroup}/members/${ids.alice}/$ref`, t);
    const second = await f.call('GET', first.body['@odata.deltaLink'].replace('https://127.0.0.1:8443', ''), t);
    expect(second.body.value).toHaveLength(1);
    expect(second.body.value[0]['members@delta']).toEqual(
      expect.arrayContaining([
        { '@odata.type': '#microsoft.graph.user', id: ids.admin },
        { '@odata.type': '#microsoft.graph.user', id: ids.alice, '@removed': { reason: 'deleted' } },
      ]),
    );
    await f.call('POST', `/groups/${ids.staffGroup}/members/$ref`, t, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ids.alice}` } });
  });
});

describe('groups', () => {
  it('creates a Microsoft 365 group with owners and members bound, then manages members with $ref', async () => {
    const created = await f.call('POST', '/groups', admin, {
      body: {
        displayName: 'Project X', mailEnabled: true, mailNickname: 'projectx', securityEnabled: false, groupTypes: ['Unified'],
        'owners@odata.bind': [`https://graph.microsoft.com/v1.0/users/${ids.alice}`], 'members@odata.bind': [`https://graph.microsoft.com/v1.0/users/${ids.bob}`],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'Project X', mail: `projectx@${DOMAIN}`, groupTypes: ['Unified'], visibility: 'Public' });
    const gid = created.body.id;
    const add = (id: string) => f.call('POST', `/groups/${gid}/members/$ref`, admin, { body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` } });
    expect((await add(ids.alice)).status).toBe(204);
    const again = await add(ids.alice);
    expect(again.body.error.message).toBe("One or more added object references already exist for the following modified properties: 'members'.");
    expect((await add('00000000-0000-0000-0000-00000000dead')).status).toBe(404);
    const members = await f.call('GET', `/groups/${gid}/members?$select=id`, admin);
    expect(members.body.value.map((m: { id: string }) => m.id).sort()).toEqual([ids.alice, ids.bob].sort());
    expect((await f.call('DELETE', `/groups/${gid}/members/${ids.bob}/$ref`, admin)).status).toBe(204);
    expect((await f.call('DELETE', `/groups/${gid}/members/${ids.bob}/$ref`, admin)).status).toBe(404);
    expect((await f.call('GET', `/groups?$filter=${encodeURIComponent("groupTypes/any(c:c eq 'Unified')")}&$select=displayName`, admin)).body.value.map((g: { displayName: string }) => g.displayName).sort()).toEqual(['Project X', 'Staff']);
    expect((await f.call('DELETE', `/groups/${gid}`, admin)).status).toBe(204);
  });
});

describe('organization, applications, service principals and consent records', () => {
  it('GET /organization is the tenant', async () => {
    const r = await f.call('GET', '/organization?$select=id,displayName,verifiedDomains', await f.userToken(ids.alice, ['User.Read']));
    expect(r.body.value).toEqual([{ id: TID, displayName: 'Contoso', verifiedDomains: [expect.objectContaining({ name: DOMAIN, isDefault: true })] }]);
  });

  it('admins script consent: register an app, create its service principal, grant delegated and application permissions', async () => {
    const app = await f.call('POST', '/applications', admin, { body: { displayName: 'Scripted', web: { redirectUris: ['https://localhost/cb'] }, requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }] }] } });
    expect(app.status).toBe(201);
    expect(app.body).toMatchObject({ displayName: 'Scripted', appId: expect.stringMatching(/^[0-9a-f-]{36}$/), web: { redirectUris: ['https://localhost/cb'] }, publisherDomain: DOMAIN });
    const sp = await f.call('POST', '/servicePrincipals', admin, { body: { appId: app.body.appId } });
    expect(sp.status).toBe(201);
    expect(sp.body).toMatchObject({ appId: app.body.appId, displayName: 'Scripted', accountEnabled: true });
    expect((await f.call('POST', '/servicePrincipals', admin, { body: { appId: app.body.appId } })).status).toBe(400);

    const grant = await f.call('POST', '/oauth2PermissionGrants', admin, { body: { clientId: sp.body.id, consentType: 'AllPrincipals', resourceId: ids.graphSp, scope: 'user.read calendars.read' } });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ clientId: sp.body.id, consentType: 'AllPrincipals', principalId: null, resourceId: ids.graphSp, scope: 'User.Read Calendars.Read' });
    expect((await f.call('POST', '/oauth2PermissionGrants', admin, { body: { clientId: sp.body.id, consentType: 'AllPrincipals', resourceId: ids.graphSp, scope: 'User.Read' } })).status).toBe(409);
    const listed = await f.call('GET', `/oauth2PermissionGrants?$filter=clientId eq '${sp.body.id}'`, admin);
    expect(listed.body.value).toHaveLength(1);
    expect((await f.call('PATCH', `/oauth2PermissionGrants/${grant.body.id}`, admin, { body: { scope: 'User.Read' } })).status).toBe(204);
    expect((await f.stores.grants.getDelegatedGrant(TID, grant.body.id))!.scope).toBe('User.Read');

    const role = await f.call('POST', `/servicePrincipals/${sp.body.id}/appRoleAssignments`, admin, {
      body: { principalId: sp.body.id, resourceId: ids.graphSp, appRoleId: 'df021288-bdef-4463-88db-98f22de89214' },
    });
    expect(role.status).toBe(201);
    const held = await f.call('GET', `/servicePrincipals/${sp.body.id}/appRoleAssignments`, admin);
    expect(held.body.value).toEqual([expect.objectContaining({ id: role.body.id, appRoleId: 'df021288-bdef-4463-88db-98f22de89214', resourceDisplayName: 'Microsoft Graph' })]);
    expect((await f.call('DELETE', `/servicePrincipals/${sp.body.id}/appRoleAssignments/${role.body.id}`, admin)).status).toBe(204);
    expect((await f.call('DELETE', `/oauth2PermissionGrants/${grant.body.id}`, admin)).status).toBe(204);
    expect((await f.call('PATCH', `/servicePrincipals/${sp.body.id}`, admin, { body: { accountEnabled: false } })).status).toBe(204);
    expect((await f.stores.apps.getServicePrincipal(TID, sp.body.id))!.accountEnabled).toBe(false);
    expect((await f.call('DELETE', `/servicePrincipals/${sp.body.id}`, admin)).status).toBe(204);
    expect((await f.call('DELETE', `/applications/${app.body.id}`, admin)).status).toBe(204);
  });

  it('/applications/{id} takes the object id, not the appId', async () => {
    expect((await f.call('GET', `/applications/${ids.clientApp}`, admin)).status).toBe(200);
    expect((await f.call('GET', `/applications/${ids.clientAppId}`, admin)).status).toBe(404);
  });
});
