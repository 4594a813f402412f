import { join } from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalog } from '../../src/catalog/index.js';
import { systemIds } from '../../src/shared/ids.js';
import { seedTeams } from '../../src/store/teams/index.js';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { loadTenantFile } from '../../src/tenant-file/load.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { startReceiver, type Receiver } from './receiver.js';

// The archetypes' Teams calls end to end: a running tenantbox from a tenant file, tokens from
// unmodified msal-node, Graph called with the unmodified Graph JS client.
// - mentoring (seed 003): reads groups (Group.Read.All), lists a team's channels app-only
//   (Channel.ReadBasic.All), posts in a channel (ChannelMessage.Send);
// - Teams governance (seed 004, service-account model): creates a team and polls it, then
//   channels, members, apps, tabs and settings with exactly its documented scopes;
// - a room display's change notifications on a room's events, kept across a restart.

const YAML = `
tenant: { domain: contoso.test, displayName: Contoso, userConsent: microsoft-recommended }
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "Passw0rd!", roles: [Global Administrator] }
  - { upn: diego@contoso.test, displayName: Diego Siciliani, password: "Passw0rd!" }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "Passw0rd!" }
  - { upn: alex@contoso.test, displayName: Alex Wilber, password: "Passw0rd!" }
  - { upn: svc-teamsgov@contoso.test, displayName: Teams governance service, password: "Passw0rd!" }
rooms:
  - { email: orion@contoso.test, displayName: Orion, capacity: 8 }
groups:
  - mail: mentoring@contoso.test
    displayName: Mentoring Program
    description: Mentors and mentees
    groupTypes: [Unified]
    owners: [diego@contoso.test]
    members: [diego@contoso.test, megan@contoso.test]
    team:
      channels:
        - { displayName: Mentors }
        - { displayName: Mentees }
        - { displayName: Coordinators, membershipType: private }
apps:
  - displayName: Mentoring
    secrets: ["mentoring-secret"]
    redirectUris: { web: ["http://localhost:3003/auth/callback"] }
    requiredResourceAccess:
      graph:
        delegated: [openid, email, User.Read, Calendars.Read.Shared, Calendars.ReadWrite, OnlineMeetings.ReadWrite, Group.Read.All, ChannelMessage.Send]
        application: [Channel.ReadBasic.All]
  - displayName: Teams Governance
    secrets: ["teamsgov-secret"]
    redirectUris: { web: ["http://localhost:3004/auth/callback"] }
    requiredResourceAccess:
      graph:
        delegated: [openid, offline_access, email, profile, User.Read.All, Group.ReadWrite.All, Team.Create, TeamSettings.ReadWrite.All, TeamsAppInstallation.ReadWriteForTeam, TeamMember.ReadWrite.All, TeamsTab.ReadWrite.All, Channel.Create, ChannelSettings.ReadWrite.All, ChannelMember.ReadWrite.All]
  - displayName: Teams Basic
    secrets: ["basic-secret"]
    redirectUris: { web: ["http://localhost:3005/auth/callback"] }
    requiredResourceAccess: { graph: { delegated: [User.ReadBasic.All, Team.ReadBasic.All, Channel.ReadBasic.All] } }
  - displayName: Room Display
    secrets: ["display-secret"]
    requiredResourceAccess: { graph: { application: [Calendars.ReadWrite] } }
consents:
  - { app: Mentoring, adminConsent: true }
  - { app: Teams Governance, adminConsent: true }
  - { app: Teams Basic, adminConsent: true }
  - { app: Room Display, adminConsent: true }
`;

let tb: TestTenantbox;
let rx: Receiver;
const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];
const SECRETS: Record<string, string> = { Mentoring: 'mentoring-secret', 'Teams Governance': 'teamsgov-secret', 'Teams Basic': 'basic-secret', 'Room Display': 'display-secret' };
const appId = (name: string) => tb.tenants[0]!.apps.find((a) => a.displayName === name)!.appId;

/** Until the lead calls seedTeams in src/server.ts: seed the tenant file's teams here (once per data dir). */
async function ensureTeamsSeeded(box: TestTenantbox): Promise<void> {
  if ((await box.stores.teams!.listTeams(box.tenants[0]!.id)).length > 0) return;
  const catalog = getCatalog();
  const loaded = loadTenantFile(join(box.dataDir, 'tenant.yaml'), { now: box.clock.nowDate(), knownPermission: (_r, scheme, name) => Boolean(catalog.permission(name)?.[scheme]) });
  await seedTeams(box.stores, loaded, { clock: box.clock, ids: systemIds });
}

beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: YAML });
  await ensureTeamsSeeded(tb);
  rx = await startReceiver();
});
afterAll(async () => {
  await tb?.cleanup();
  await rx?.close();
});

const graph = (token: string) =>
  Client.init({ baseUrl: `${tb.url}/`, defaultVersion: 'v1.0', customHosts: new Set([new URL(tb.url).hostname]), authProvider: (done) => done(null, token) });
const cca = (name: string) => new ConfidentialClientApplication(msalConfigFor(tb, { appId: appId(name), clientSecret: SECRETS[name] }));
const appToken = async (name: string) => (await cca(name).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))!.accessToken;
const userToken = async (name: string, username: string, scopes: string[]) =>
  (await cca(name).acquireTokenByUsernamePassword({ username, password: 'Passw0rd!', scopes }))!.accessToken;
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call succeeded'), (e: unknown) => e as GraphError);

async function mentoringTeam(c: Client): Promise<string> {
  const [group] = (await c.api('/groups').filter("displayName eq 'Mentoring Program'").select('id,displayName,description').get()).value;
  expect(group).toMatchObject({ displayName: 'Mentoring Program', description: 'Mentors and mentees' });
  return group.id;
}

describe('mentoring (seed 003)', () => {
  it("reads the program's group (Group.Read.All) and posts in its channel (ChannelMessage.Send)", async () => {
    const diego = graph(await userToken('Mentoring', 'diego@contoso.test', ['User.Read', 'Group.Read.All', 'ChannelMessage.Send']));
    const teamId = await mentoringTeam(diego);
    const team = await diego.api(`/groups/${teamId}/team`).get();
    expect(team).toMatchObject({ id: teamId, displayName: 'Mentoring Program' });
    const channels = (await graph(await appToken('Mentoring')).api(`/teams/${teamId}/channels`).get()).value;
    const mentees = channels.find((ch: { displayName: string }) => ch.displayName === 'Mentees');
    const posted = await diego.api(`/teams/${teamId}/channels/${encodeURIComponent(mentees.id)}/messages`).post({ body: { contentType: 'html', content: '<b>Welcome</b> to the program' } });
    expect(posted).toMatchObject({ messageType: 'message', body: { contentType: 'html', content: '<b>Welcome</b> to the program' } });
    expect(posted.from.user.displayName).toBe('Diego Siciliani');
  });

  it('lists channels app-only with Channel.ReadBasic.All; an app without it is refused naming it', async () => {
    const app = graph(await appToken('Mentoring'));
    const teamId = (await graph(await userToken('Mentoring', 'megan@contoso.test', ['Group.Read.All'])).api('/groups').filter("displayName eq 'Mentoring Program'").get()).value[0].id;
    const names = (await app.api(`/teams/${teamId}/channels`).select('displayName,membershipType').get()).value.map((ch: { displayName: string }) => ch.displayName);
    expect(names).toEqual(['General', 'Mentors', 'Mentees', 'Coordinators']);
    const e = await failure(graph(await appToken('Room Display')).api(`/teams/${teamId}/channels`).get());
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('Forbidden');
    expect(JSON.parse(e.body as string).details[0].message).toContain('Channel.ReadBasic.All');
  });

  it('a user outside the team cannot post; a token without ChannelMessage.Send cannot either', async () => {
    const meganGroups = graph(await userToken('Mentoring', 'megan@contoso.test', ['Group.Read.All']));
    const teamId = await mentoringTeam(meganGroups);
    const general = (await graph(await appToken('Mentoring')).api(`/teams/${teamId}/primaryChannel`).get()).id;
    const path = `/teams/${teamId}/channels/${encodeURIComponent(general)}/messages`;
    const outsider = await failure(graph(await userToken('Mentoring', 'alex@contoso.test', ['ChannelMessage.Send'])).api(path).post({ body: { content: 'hi' } }));
    expect([outsider.statusCode, outsider.code]).toEqual([403, 'Forbidden']);
    const noScope = await failure(graph(await userToken('Teams Basic', 'megan@contoso.test', ['Channel.ReadBasic.All'])).api(path).post({ body: { content: 'hi' } }));
    expect(noScope.statusCode).toBe(403);
    expect(JSON.parse(noScope.body as string).details[0].target).toBe('ChannelMessage.Send');
  });
});

describe('Teams governance (seed 004, service account)', () => {
  const scopes = ['User.Read.All', 'Group.ReadWrite.All', 'Team.Create', 'TeamSettings.ReadWrite.All', 'TeamsAppInstallation.ReadWriteForTeam', 'TeamMember.ReadWrite.All', 'TeamsTab.ReadWrite.All', 'Channel.Create', 'ChannelSettings.ReadWrite.All', 'ChannelMember.ReadWrite.All'];

  it('provisions a team: create and poll, channels, members, apps, tabs, settings', async () => {
    const svc = graph(await userToken('Teams Governance', 'svc-teamsgov@contoso.test', scopes));
    const res: Response = await svc.api('/teams').responseType(ResponseType.RAW).post({
      'template@odata.bind': "https://graph.microsoft.com/v1.0/teamsTemplates('standard')",
      displayName: 'Northwind Deal',
      visibility: 'Private',
      description: 'Deal room',
    });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    const teamId = /teams\('([^']+)'\)/.exec(res.headers.get('content-location')!)![1]!;
    expect((await svc.api(location).get()).status).toBe('inProgress');
    await tb.admin('POST', '/clock', { advance: '15s' });
    expect((await svc.api(location).get()).status).toBe('succeeded');

    const channel = await svc.api(`/teams/${teamId}/channels`).post({ displayName: 'Negotiation', description: 'Terms and pricing' });
    expect(channel).toMatchObject({ displayName: 'Negotiation', membershipType: 'standard' });
    const priv = await svc.api(`/teams/${teamId}/channels`).post({ displayName: 'Board', membershipType: 'private' });
    const meganId = (await svc.api('/users/megan@contoso.test').select('id').get()).id;
    const member = await svc.api(`/teams/${teamId}/members`).post({
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: [],
      'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${meganId}')`,
    });
    expect(member).toMatchObject({ userId: meganId, roles: [], displayName: 'Megan Bowen' });
    const inPrivate = await svc.api(`/teams/${teamId}/channels/${encodeURIComponent(priv.id)}/members`).post({
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: ['owner'],
      'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${meganId}')`,
    });
    expect(inPrivate.roles).toEqual(['owner']);
    await svc.api(`/teams/${teamId}/installedApps`).post({ 'teamsApp@odata.bind': "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('com.microsoft.teamspace.tab.planner')" });
    const tab = await svc.api(`/teams/${teamId}/channels/${encodeURIComponent(channel.id)}/tabs`).post({
      displayName: 'Deal plan',
      'teamsApp@odata.bind': "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('com.microsoft.teamspace.tab.planner')",
      configuration: { contentUrl: 'https://tasks.office.com/plan' },
    });
    expect(tab).toMatchObject({ displayName: 'Deal plan', configuration: { contentUrl: 'https://tasks.office.com/plan' } });
    await svc.api(`/teams/${teamId}`).patch({ memberSettings: { allowCreateUpdateChannels: false }, guestSettings: { allowCreateUpdateChannels: false } });

    // Megan, now a member, reads it with the basic scope of the app's tab experience.
    const megan = graph(await userToken('Teams Basic', 'megan@contoso.test', ['Team.ReadBasic.All', 'Channel.ReadBasic.All']));
    expect((await megan.api('/me/joinedTeams').get()).value.map((t: { displayName: string }) => t.displayName).sort()).toEqual(['Mentoring Program', 'Northwind Deal']);
    const names = (await megan.api(`/teams/${teamId}/channels`).get()).value.map((ch: { displayName: string }) => ch.displayName);
    expect(names).toEqual(['General', 'Negotiation', 'Board']);
    const settings = await megan.api(`/teams/${teamId}`).get();
    expect(settings).toMatchObject({ visibility: 'private', memberSettings: { allowCreateUpdateChannels: false } });
  });

  it('the basic scope cannot create teams: 403 naming Team.Create', async () => {
    const megan = graph(await userToken('Teams Basic', 'megan@contoso.test', ['Team.ReadBasic.All']));
    const e = await failure(megan.api('/teams').post({ 'template@odata.bind': "https://graph.microsoft.com/v1.0/teamsTemplates('standard')", displayName: 'Nope' }));
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('Forbidden');
    expect(JSON.parse(e.body as string).details[0].target).toBe('Team.Create');
  });
});

describe('change notifications (a room display)', () => {
  it('notifies on events of a room, and the subscription survives a restart', async () => {
    const display = graph(await appToken('Room Display'));
    const expiry = new Date(tb.clock.now() + 3600_000).toISOString();
    const sub = await display.api('/subscriptions').post({
      changeType: 'created,updated,deleted',
      notificationUrl: `${rx.url}/room-display`,
      resource: '/users/orion@contoso.test/events',
      expirationDateTime: expiry,
      clientState: 'orion-display',
    });
    expect(sub).toMatchObject({ resource: '/users/orion@contoso.test/events', clientState: 'orion-display', changeType: 'created,updated,deleted' });
    const start = new Date(tb.clock.now() + 86_400_000);
    const slot = (d: Date, min: number) => ({ dateTime: new Date(d.getTime() + min * 60_000).toISOString().slice(0, 19), timeZone: 'UTC' });
    const created = await display.api('/users/orion@contoso.test/events').post({ subject: 'Stand-up', start: slot(start, 0), end: slot(start, 15) });
    await rx.waitFor(() => rx.itemsFor(sub.id).length === 1, 'the created notification');
    expect(rx.itemsFor(sub.id)[0]).toMatchObject({ changeType: 'created', clientState: 'orion-display', resourceData: { id: created.id, '@odata.type': '#Microsoft.Graph.Event' } });

    tb = await tb.restart();
    const after = graph(await appToken('Room Display'));
    expect((await after.api(`/subscriptions/${sub.id}`).get()).id).toBe(sub.id);
    await after.api(`/users/orion@contoso.test/events/${created.id}`).delete();
    await rx.waitFor(() => rx.itemsFor(sub.id).length === 2, 'the deleted notification after the restart');
    expect(rx.itemsFor(sub.id)[1]).toMatchObject({ changeType: 'deleted', resourceData: { id: created.id } });
  });
});
