import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVISIONING_DELAY_MS } from '../../src/graph/teams/routes/create-team.js';
import { groupRecord, ids, TID } from '../graph-core/fixture.js';
import { createTeamsFixture, enc, team, type TeamsFixture } from './fixture.js';

// Creating teams: POST /teams is asynchronous (202 + an operation to poll, the team answering 404
// until the emulated clock passes its provisioning), PUT /groups/{id}/team is immediate; then
// channels, apps and tabs on the new team.

let f: TeamsFixture;
beforeAll(async () => {
  f = await createTeamsFixture();
});
afterAll(() => f.close());

const STANDARD = "https://graph.microsoft.com/v1.0/teamsTemplates('standard')";
const ownerBind = (id: string) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${id}')` });

describe('POST /teams', () => {
  it('answers 202 with the operation to poll; the team exists once the operation succeeded', async () => {
    const bob = await f.userToken(ids.bob, ['Team.Create', 'Team.ReadBasic.All', 'Channel.ReadBasic.All', 'TeamMember.Read.All']);
    const r = await f.call('POST', '/teams', bob, {
      body: {
        'template@odata.bind': STANDARD,
        displayName: 'Launch Squad',
        description: 'Product launch',
        channels: [{ displayName: 'Press', description: 'Press kit' }, { displayName: 'War room', membershipType: 'private' }],
        memberSettings: { allowDeleteChannels: false },
      },
    });
    expect(r.status).toBe(202);
    expect(r.body).toBeUndefined();
    const location = String(r.headers.location);
    const m = /^\/teams\('([0-9a-f-]{36})'\)\/operations\('([0-9a-f-]{36})'\)$/.exec(location);
    expect(m, location).toBeTruthy();
    const [, teamId, opId] = m!;
    expect(r.headers['content-location']).toBe(`/teams('${teamId}')`);

    // Polled with the URL exactly as Graph wrote it (OData key segments).
    const pending = await f.call('GET', location, bob);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ id: opId, operationType: 'createTeam', status: 'inProgress', targetResourceId: teamId, targetResourceLocation: `/teams('${teamId}')`, error: null });
    expect((await f.call('GET', `/teams/${teamId}`, bob)).status).toBe(404);
    expect((await f.call('GET', '/me/joinedTeams', bob)).body.value.map((t: { id: string }) => t.id)).not.toContain(teamId);

    f.clock.advance(PROVISIONING_DELAY_MS);
    const done = await f.call('GET', `/teams/${teamId}/operations/${opId}`, bob);
    expect(done.body.status).toBe('succeeded');

    const created = await f.call('GET', `/teams('${teamId}')`, bob);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: teamId, displayName: 'Launch Squad', description: 'Product launch', visibility: 'public', isArchived: false, memberSettings: { allowDeleteChannels: false, allowCreateUpdateChannels: true } });
    const channels = await f.call('GET', `/teams/${teamId}/channels`, bob);
    expect(channels.body.value.map((c: { displayName: string; membershipType: string }) => [c.displayName, c.membershipType])).toEqual([
      ['General', 'standard'],
      ['Press', 'standard'],
      ['War room', 'private'],
    ]);
    const members = await f.call('GET', `/teams/${teamId}/members`, bob);
    expect(members.body.value.map((x: { userId: string; roles: string[] }) => [x.userId, x.roles])).toEqual([[ids.bob, ['owner']]]);
    // The team sits on a new Microsoft 365 group.
    const group = await f.stores.directory.getGroup(TID, teamId);
    expect(group).toMatchObject({ displayName: 'Launch Squad', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false, mail: 'launchsquad@contoso.test' });
    // The creator owns the private channel it asked for.
    const war = channels.body.value.find((c: { displayName: string }) => c.displayName === 'War room');
    const roster = await f.call('GET', `/teams/${teamId}/channels/${enc(war.id)}/members`, await f.userToken(ids.bob, ['ChannelMember.Read.All']));
    expect(roster.body.value.map((x: { userId: string; roles: string[] }) => [x.userId, x.roles])).toEqual([[ids.bob, ['owner']]]);
  });

  it('with application permissions the members must name an owner', async () => {
    const app = await f.appToken(['Team.Create']);
    const missing = await f.call('POST', '/teams', app, { body: { 'template@odata.bind': STANDARD, displayName: 'Ownerless' } });
    expect(missing.status).toBe(400);
    const ok = await f.call('POST', '/teams', app, { body: { 'template@odata.bind': STANDARD, displayName: 'Daemon team', members: [ownerBind(ids.alice)] } });
    expect(ok.status).toBe(202);
    const teamId = /teams\('([^']+)'\)/.exec(String(ok.headers['content-location']))![1]!;
    f.clock.advance(PROVISIONING_DELAY_MS);
    const members = await f.call('GET', `/teams/${teamId}/members`, await f.appToken(['TeamMember.Read.All']));
    expect(members.body.value.map((x: { userId: string; roles: string[] }) => [x.userId, x.roles])).toEqual([[ids.alice, ['owner']]]);
  });

  it('refuses templates it does not emulate, a missing template and unknown properties, by name', async () => {
    const t = await f.userToken(ids.bob, ['Team.Create']);
    expect((await f.call('POST', '/teams', t, { body: { displayName: 'x' } })).status).toBe(400);
    const edu = await f.call('POST', '/teams', t, { body: { 'template@odata.bind': "https://graph.microsoft.com/v1.0/teamsTemplates('educationClass')", displayName: 'x' } });
    expect(edu.status).toBe(501);
    expect(edu.body.error.message).toContain('educationClass');
    const unknown = await f.call('POST', '/teams', t, { body: { 'template@odata.bind': STANDARD, displayName: 'x', specialization: 'none' } });
    expect(unknown.status).toBe(501);
    expect(unknown.body.error.message).toContain('specialization');
  });

  it('from an existing group: only its owner, only once', async () => {
    const gid = 'cc000000-0000-4000-8000-000000000001';
    await f.stores.directory.putGroup(groupRecord(gid, 'Design', { groupTypes: ['Unified'], securityEnabled: false }));
    await f.stores.directory.addMember(TID, gid, ids.alice, 'user', 'owner');
    await f.stores.directory.addMember(TID, gid, ids.bob, 'user');
    const body = { 'template@odata.bind': STANDARD, 'group@odata.bind': `https://graph.microsoft.com/v1.0/groups('${gid}')` };
    expect((await f.call('POST', '/teams', await f.userToken(ids.bob, ['Team.Create']), { body })).status).toBe(403);
    expect((await f.call('POST', '/teams', await f.userToken(ids.alice, ['Team.Create']), { body: { ...body, displayName: 'Other' } })).status).toBe(400);
    expect((await f.call('POST', '/teams', await f.userToken(ids.alice, ['Team.Create']), { body })).status).toBe(202);
    expect((await f.call('POST', '/teams', await f.userToken(ids.alice, ['Team.Create']), { body })).status).toBe(409);
  });
});

describe('PUT /groups/{id}/team', () => {
  it('creates the team at once (201), on a Microsoft 365 group with an owner, once', async () => {
    const gid = 'cc000000-0000-4000-8000-000000000002';
    await f.stores.directory.putGroup(groupRecord(gid, 'Finance', { groupTypes: ['Unified'], securityEnabled: false, description: 'Money' }));
    await f.stores.directory.addMember(TID, gid, ids.alice, 'user', 'owner');
    const alice = await f.userToken(ids.alice, ['Group.ReadWrite.All', 'Team.ReadBasic.All']);
    const r = await f.call('PUT', `/groups/${gid}/team`, alice, { body: { funSettings: { allowGiphy: false } } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: gid, displayName: 'Finance', description: 'Money', funSettings: { allowGiphy: false, giphyContentRating: 'moderate' } });
    expect((await f.call('GET', `/teams/${gid}`, alice)).status).toBe(200);
    expect((await f.call('PUT', `/groups/${gid}/team`, alice, { body: {} })).status).toBe(409);
    const security = await f.call('PUT', `/groups/${ids.roomsGroup}/team`, await f.appToken(['Group.ReadWrite.All']), { body: {} });
    expect(security.status).toBe(400);
  });
});

describe('channels', () => {
  const T = `/teams/${team.id}`;
  it('names are unique per team; General cannot be renamed or deleted; $filter on membershipType', async () => {
    const bob = await f.userToken(ids.bob, ['Channel.Create', 'ChannelSettings.ReadWrite.All', 'Channel.Delete.All', 'Channel.ReadBasic.All']);
    expect((await f.call('POST', `${T}/channels`, bob, { body: { displayName: 'projects' } })).status).toBe(409);
    expect((await f.call('POST', `${T}/channels`, bob, { body: { displayName: 'a/b' } })).status).toBe(400);
    expect((await f.call('PATCH', `${T}/channels/${enc(team.general)}`, bob, { body: { displayName: 'Main' } })).status).toBe(400);
    expect((await f.call('DELETE', `${T}/channels/${enc(team.general)}`, bob)).status).toBe(400);
    const primary = await f.call('GET', `${T}/primaryChannel`, bob);
    expect(primary.body).toMatchObject({ id: team.general, displayName: 'General', membershipType: 'standard' });
    const priv = await f.call('GET', `${T}/channels?$filter=membershipType eq 'private'`, bob);
    expect(priv.body.value.map((c: { displayName: string }) => c.displayName)).toEqual(['Secret']);
  });

  it('deleting a channel removes its messages and tabs', async () => {
    const bob = await f.userToken(ids.bob, ['Channel.Create', 'Channel.Delete.All', 'ChannelMessage.Send', 'ChannelMessage.Read.All']);
    const ch = await f.call('POST', `${T}/channels`, bob, { body: { displayName: 'Temp', description: 'short-lived' } });
    expect(ch.status).toBe(201);
    await f.call('POST', `${T}/channels/${enc(ch.body.id)}/messages`, bob, { body: { body: { content: 'bye' } } });
    expect((await f.call('DELETE', `${T}/channels/${enc(ch.body.id)}`, bob)).status).toBe(204);
    expect((await f.call('GET', `${T}/channels/${enc(ch.body.id)}/messages`, bob)).status).toBe(404);
    expect(await f.teams.listMessages(TID, team.id, ch.body.id, null)).toEqual([]);
  });
});
