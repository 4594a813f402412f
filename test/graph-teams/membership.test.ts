import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membershipId } from '../../src/graph/teams/access.js';
import { organizationAppId } from '../../src/graph/teams/app-catalog.js';
import { ids, TID, userRecord } from '../graph-core/fixture.js';
import { createTeamsFixture, enc, team, type TeamsFixture } from './fixture.js';

// Teams' rules after the permission check: a delegated caller reaches a team only as a member (a
// private channel only as a member of it); app-only callers reach every team; owner-only
// operations; the team's member and guest settings; *SelfForTeam and NonOwnerRole permissions.

let f: TeamsFixture;
beforeAll(async () => {
  f = await createTeamsFixture();
});
afterAll(() => f.close());

const T = `/teams/${team.id}`;
const PROJECTS = `${T}/channels/${enc(team.projects)}`;
const SECRET = `${T}/channels/${enc(team.secret)}`;
const ALL = ['Team.ReadBasic.All', 'Channel.ReadBasic.All', 'ChannelMessage.Send', 'ChannelMessage.Read.All', 'TeamMember.ReadWrite.All', 'TeamSettings.ReadWrite.All', 'Channel.Create', 'ChannelMember.ReadWrite.All', 'TeamsTab.ReadWrite.All'];

describe('membership', () => {
  it('a member reads the team; a non-member gets 403 Forbidden; an app-only token reads it', async () => {
    expect((await f.call('GET', T, await f.userToken(ids.alice, ['Team.ReadBasic.All']))).status).toBe(200);
    const r = await f.call('GET', T, await f.userToken(ids.admin, ['Team.ReadBasic.All']));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Forbidden');
    expect(r.body.error.message).toContain('not a member of team');
    expect((await f.call('GET', T, await f.appToken(['Team.ReadBasic.All']))).status).toBe(200);
  });

  it('membership decides every team route, not only GET /teams/{id}', async () => {
    const outsider = await f.userToken(ids.admin, ALL);
    const member = await f.userToken(ids.alice, ALL);
    const app = await f.appToken(['Channel.ReadBasic.All', 'TeamMember.Read.All', 'ChannelMessage.Read.All', 'TeamsTab.Read.All', 'ChannelMember.Read.All']);
    for (const path of [`${T}/channels`, `${T}/primaryChannel`, `${T}/members`, `${PROJECTS}/messages`, `${PROJECTS}/tabs`, `${PROJECTS}/members`]) {
      expect((await f.call('GET', path, outsider)).status, path).toBe(403);
      expect((await f.call('GET', path, member)).status, path).toBe(200);
      expect((await f.call('GET', path, app)).status, path).toBe(200);
    }
    expect((await f.call('POST', `${PROJECTS}/messages`, outsider, { body: { body: { content: 'let me in' } } })).status).toBe(403);
  });

  it('the audit log records the membership refusal as the policy', async () => {
    await f.call('GET', T, await f.userToken(ids.admin, ['Team.ReadBasic.All']));
    await f.stores.audit.flush();
    const last = (await f.stores.audit.query({ tenantId: TID })).at(-1)!;
    expect(last).toMatchObject({ status: 403, policy: 'Teams membership', permission: null });
  });

  it('joinedTeams lists the teams the user is in', async () => {
    const mine = await f.call('GET', '/me/joinedTeams', await f.userToken(ids.alice, ['Team.ReadBasic.All']));
    expect(mine.body.value.map((t: { id: string }) => t.id)).toEqual([team.id]);
    const none = await f.call('GET', '/me/joinedTeams', await f.userToken(ids.admin, ['Team.ReadBasic.All']));
    expect(none.body.value).toEqual([]);
  });

  it('unknown teams and channels are 404 NotFound', async () => {
    const t = await f.appToken(['Team.ReadBasic.All', 'Channel.ReadBasic.All']);
    const r = await f.call('GET', '/teams/00000000-0000-4000-8000-00000000dead', t);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NotFound');
    expect((await f.call('GET', `${T}/channels/${enc('19:nope@thread.tacv2')}`, t)).status).toBe(404);
  });
});

describe('owners, settings and guests', () => {
  it('changing team settings needs the owner role', async () => {
    const body = { messagingSettings: { allowUserEditMessages: false } };
    const r = await f.call('PATCH', T, await f.userToken(ids.alice, ['TeamSettings.ReadWrite.All']), { body });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('Only owners');
    expect((await f.call('PATCH', T, await f.userToken(ids.bob, ['TeamSettings.ReadWrite.All']), { body })).status).toBe(204);
    const read = await f.call('GET', T, await f.userToken(ids.alice, ['Team.ReadBasic.All']));
    expect(read.body.messagingSettings.allowUserEditMessages).toBe(false);
  });

  it('adding members needs the owner role', async () => {
    await f.stores.directory.putUser(userRecord('dd000000-0000-4000-8000-000000000001', 'dora@contoso.test'));
    const body = { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], 'user@odata.bind': "https://graph.microsoft.com/v1.0/users('dd000000-0000-4000-8000-000000000001')" };
    expect((await f.call('POST', `${T}/members`, await f.userToken(ids.alice, ['TeamMember.ReadWrite.All']), { body })).status).toBe(403);
    const added = await f.call('POST', `${T}/members`, await f.userToken(ids.bob, ['TeamMember.ReadWrite.All']), { body });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ userId: 'dd000000-0000-4000-8000-000000000001', roles: [] });
    // The group behind the team gained the member.
    expect((await f.stores.directory.listMembers(TID, team.id)).map((m) => m.id)).toContain('dd000000-0000-4000-8000-000000000001');
    const again = await f.call('POST', `${T}/members`, await f.userToken(ids.bob, ['TeamMember.ReadWrite.All']), { body });
    expect(again.status).toBe(409);
    // A member may leave on their own; nobody removes the last owner.
    const dora = await f.userToken('dd000000-0000-4000-8000-000000000001', ['TeamMember.ReadWrite.All']);
    expect((await f.call('DELETE', `${T}/members/${membershipId('team', TID, team.id, 'dd000000-0000-4000-8000-000000000001')}`, dora)).status).toBe(204);
    const last = await f.call('DELETE', `${T}/members/${membershipId('team', TID, team.id, ids.bob)}`, await f.userToken(ids.bob, ['TeamMember.ReadWrite.All']));
    expect(last.status).toBe(400);
  });

  it("members create channels as far as memberSettings allow; guests as guestSettings allow", async () => {
    const alice = await f.userToken(ids.alice, ['Channel.Create']);
    const bob = await f.userToken(ids.bob, ['Channel.Create', 'TeamSettings.ReadWrite.All']);
    expect((await f.call('POST', `${T}/channels`, alice, { body: { displayName: 'Alice ideas' } })).status).toBe(201);
    const guest = await f.call('POST', `${T}/channels`, await f.userToken(ids.gina, ['Channel.Create']), { body: { displayName: 'Guest corner' } });
    expect(guest.status).toBe(403);
    expect(guest.body.error.message).toContain('guestSettings.allowCreateUpdateChannels');
    expect((await f.call('PATCH', T, bob, { body: { memberSettings: { allowCreateUpdateChannels: false } } })).status).toBe(204);
    const refused = await f.call('POST', `${T}/channels`, alice, { body: { displayName: 'More ideas' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('memberSettings.allowCreateUpdateChannels');
    expect((await f.call('POST', `${T}/channels`, bob, { body: { displayName: 'Owner channel' } })).status).toBe(201);
    await f.call('PATCH', T, bob, { body: { memberSettings: { allowCreateUpdateChannels: true } } });
  });
});

describe('private channels', () => {
  it('only its members see and read a private channel (delegated); app-only sees it', async () => {
    const scopes = ['Channel.ReadBasic.All', 'ChannelMessage.Read.All'];
    const names = async (token: string) => (await f.call('GET', `${T}/channels`, token)).body.value.map((c: { displayName: string }) => c.displayName);
    expect(await names(await f.userToken(ids.alice, scopes))).toContain('Secret');
    expect(await names(await f.userToken(ids.gina, scopes))).not.toContain('Secret');
    expect(await names(await f.appToken(['Channel.ReadBasic.All']))).toContain('Secret');
    expect((await f.call('GET', `${SECRET}/messages`, await f.userToken(ids.gina, scopes))).status).toBe(403);
    expect((await f.call('GET', `${SECRET}/messages`, await f.userToken(ids.alice, scopes))).status).toBe(200);
  });

  it("a private channel's roster is managed by its owners", async () => {
    const body = { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${ids.gina}')` };
    expect((await f.call('POST', `${SECRET}/members`, await f.userToken(ids.alice, ['ChannelMember.ReadWrite.All']), { body })).status).toBe(403);
    const added = await f.call('POST', `${SECRET}/members`, await f.userToken(ids.bob, ['ChannelMember.ReadWrite.All']), { body });
    expect(added.status).toBe(201);
    expect((await f.call('GET', `${SECRET}/messages`, await f.userToken(ids.gina, ['ChannelMessage.Read.All']))).status).toBe(200);
    // Someone outside the team cannot join one of its private channels.
    const outsider = { ...body, 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${ids.admin}')` };
    expect((await f.call('POST', `${SECRET}/members`, await f.userToken(ids.bob, ['ChannelMember.ReadWrite.All']), { body: outsider })).status).toBe(400);
    // A standard channel's members are the team's.
    expect((await f.call('POST', `${PROJECTS}/members`, await f.userToken(ids.bob, ['ChannelMember.ReadWrite.All']), { body })).status).toBe(400);
  });
});

describe('messages', () => {
  it('ChannelMessage.Send alone sends, and does not read', async () => {
    const send = await f.userToken(ids.alice, ['ChannelMessage.Send']);
    const posted = await f.call('POST', `${PROJECTS}/messages`, send, { body: { body: { contentType: 'html', content: '<p>Standup moved</p>' }, importance: 'high' } });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ messageType: 'message', importance: 'high', body: { contentType: 'html', content: '<p>Standup moved</p>' }, channelIdentity: { teamId: team.id, channelId: team.projects } });
    expect(posted.body.from.user).toMatchObject({ id: ids.alice, displayName: 'Alice' });
    const read = await f.call('GET', `${PROJECTS}/messages`, send);
    expect(read.status).toBe(403);
    expect(read.body.error.details[0].target).toBe('ChannelMessage.Read.All');
    const list = await f.call('GET', `${PROJECTS}/messages`, await f.userToken(ids.bob, ['ChannelMessage.Read.All']));
    expect(list.body.value[0]).toMatchObject({ id: posted.body.id });
    const reply = await f.call('POST', `${PROJECTS}/messages/${posted.body.id}/replies`, await f.userToken(ids.bob, ['ChannelMessage.Send']), { body: { body: { content: 'thanks' } } });
    expect(reply.status).toBe(201);
    expect(reply.body.replyToId).toBe(posted.body.id);
  });

  it("app-only sending needs Teamwork.Migrate.All (Graph's import mode), which tenantbox does not emulate", async () => {
    const denied = await f.call('POST', `${PROJECTS}/messages`, await f.appToken(['ChannelMessage.Read.All']), { body: { body: { content: 'x' } } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.details[0].target).toBe('Teamwork.Migrate.All');
    const migrate = await f.call('POST', `${PROJECTS}/messages`, await f.appToken(['Teamwork.Migrate.All']), { body: { body: { content: 'x' } } });
    expect(migrate.status).toBe(501);
  });
});

describe('permissions that reach less than their name says', () => {
  it('TeamsAppInstallation.ReadWriteSelfForTeam.All installs only the calling app itself', async () => {
    const t = await f.appToken(['TeamsAppInstallation.ReadWriteSelfForTeam.All']);
    const other = await f.call('POST', `${T}/installedApps`, t, { body: { 'teamsApp@odata.bind': "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('com.microsoft.teamspace.tab.planner')" } });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain("calling app's own Teams app");
    const own = await f.call('POST', `${T}/installedApps`, t, { body: { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('${organizationAppId(TID, ids.clientAppId)}')` } });
    expect(own.status).toBe(201);
    const broad = await f.call('POST', `${T}/installedApps`, await f.appToken(['TeamsAppInstallation.ReadWriteForTeam.All']), {
      body: { 'teamsApp@odata.bind': "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('com.microsoft.teamspace.tab.planner')" },
    });
    expect(broad.status).toBe(201);
    const listed = await f.call('GET', `${T}/installedApps?$expand=teamsApp`, t);
    expect(listed.body.value.map((a: { teamsApp: { id: string } }) => a.teamsApp.id)).toEqual([organizationAppId(TID, ids.clientAppId)]);
  });

  it('TeamMember.ReadWriteNonOwnerRole.All adds members but never owners', async () => {
    const t = await f.appToken(['TeamMember.ReadWriteNonOwnerRole.All']);
    await f.stores.directory.putUser(userRecord('ee000000-0000-4000-8000-000000000001', 'eve@contoso.test'));
    const bind = "https://graph.microsoft.com/v1.0/users('ee000000-0000-4000-8000-000000000001')";
    const owner = await f.call('POST', `${T}/members`, t, { body: { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': bind } });
    expect(owner.status).toBe(403);
    expect(owner.body.error.details[0].message).toContain('owner role');
    expect((await f.call('POST', `${T}/members`, t, { body: { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], 'user@odata.bind': bind } })).status).toBe(201);
    const promote = await f.call('PATCH', `${T}/members/${membershipId('team', TID, team.id, 'ee000000-0000-4000-8000-000000000001')}`, t, { body: { roles: ['owner'] } });
    expect(promote.status).toBe(403);
  });

  it('a tab needs its app installed in the team (the Website app always is)', async () => {
    const t = await f.userToken(ids.bob, ['TeamsTab.ReadWrite.All', 'TeamsAppInstallation.ReadWriteForTeam']);
    const yt = { displayName: 'Video', 'teamsApp@odata.bind': "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('com.microsoft.teamspace.tab.youtube')", configuration: { contentUrl: 'https://localhost/v' } };
    expect((await f.call('POST', `${PROJECTS}/tabs`, t, { body: yt })).status).toBe(400);
    expect((await f.call('POST', `${T}/installedApps`, t, { body: { 'teamsApp@odata.bind': yt['teamsApp@odata.bind'] } })).status).toBe(201);
    const tab = await f.call('POST', `${PROJECTS}/tabs`, t, { body: yt });
    expect(tab.status).toBe(201);
    const got = await f.call('GET', `${PROJECTS}/tabs/${tab.body.id}?$expand=teamsApp`, t);
    expect(got.body).toMatchObject({ displayName: 'Video', configuration: { contentUrl: 'https://localhost/v' }, teamsApp: { id: 'com.microsoft.teamspace.tab.youtube', displayName: 'YouTube' } });
  });
});
