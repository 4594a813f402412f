import { afterAll, beforeAll, expect } from 'vitest';
import { getCatalog, type Scheme } from '../../src/catalog/index.js';
import { rankByPrivilege } from '../../src/graph/auth/authorize.js';
import { catalogPath, lookupPermissions } from '../../src/graph/auth/catalog-lookup.js';
import { membershipId } from '../../src/graph/teams/access.js';
import { organizationAppId } from '../../src/graph/teams/app-catalog.js';
import { groupRecord, ids, TID, userRecord } from '../graph-core/fixture.js';
import { permissionMatrix, type MatrixPermissions } from '../harness/permission-matrix.js';
import { createTeamsFixture, enc, team, type TeamsFixture } from './fixture.js';

// The permission matrix for every Teams route × scheme, from Microsoft's catalog: a token holding
// only the least-privileged permission succeeds, one holding an unrelated permission gets Teams'
// 403 (code Forbidden, naming what was missing), a higher-privileged one succeeds. The delegated
// caller is Bob, owner of the team and of its private channel, so membership and roles never
// decide here (membership.test.ts covers those).

const catalog = getCatalog();
let f: TeamsFixture;
let n = 0;
const uid = () => `${(++n).toString(16).padStart(8, '0')}-2222-4222-8222-${Date.now().toString(16).padStart(12, '0').slice(-12)}`;
const ownApp = () => organizationAppId(TID, ids.clientAppId);
const ownInstallation = () => Buffer.from(`${team.id}##${ownApp()}`).toString('base64');

beforeAll(async () => {
  f = await createTeamsFixture();
  // Bob's own (organization) app is installed, so its tabs can be added.
  await f.teams.putInstalledApp({ tenantId: TID, teamId: team.id, id: 'b3duLWFwcA==', teamsAppId: ownApp(), createdMs: 0 });
  await f.teams.putMessage({ tenantId: TID, teamId: team.id, channelId: team.projects, id: '1700000000000', replyToId: null, data: { id: '1700000000000' }, createdMs: 1 });
  await f.teams.putMessage({ tenantId: TID, teamId: team.id, channelId: team.projects, id: '1700000000001', replyToId: '1700000000000', data: { id: '1700000000001' }, createdMs: 2 });
  await f.teams.putOperation({ tenantId: TID, teamId: team.id, id: 'a0a0a0a0-0000-4000-8000-000000000001', operationType: 'createTeam', createdMs: 0, completesAtMs: 0, targetResourceId: team.id, targetResourceLocation: `/teams('${team.id}')` });
});
afterAll(() => f.close());

interface Target {
  user: string;
  group: string;
  channel: string;
  member: string;
  channelMember: string;
  tab: string;
}

interface Case {
  name: string;
  method: string;
  url: (t: Target) => string;
  catalogAs?: { method: string; path: string };
  /** Permissions a resource rule adds to the catalog's (ranked together with them). */
  widenWith?: { method: string; path: string };
  body?: (t: Target, scheme: Scheme) => unknown;
  schemes: Scheme[];
  status: number;
  setup?: () => Promise<Partial<Target>>;
}

const both: Scheme[] = ['delegated', 'application'];
const T = `/teams/${team.id}`;
const PROJECTS = `${T}/channels/${enc(team.projects)}`;
const SECRET = `${T}/channels/${enc(team.secret)}`;

async function freshTeamMember(): Promise<string> {
  const id = uid();
  await f.stores.directory.putUser(userRecord(id, `m${id.slice(0, 8)}@contoso.test`));
  await f.stores.directory.addMember(TID, team.id, id, 'user');
  return id;
}
async function freshChannel(): Promise<string> {
  const id = `19:${uid().replace(/-/g, '')}@thread.tacv2`;
  await f.teams.putChannel({ tenantId: TID, teamId: team.id, id, displayName: `C${id.slice(3, 11)}`, description: null, membershipType: 'standard', isFavoriteByDefault: null, isPrimary: false, email: '', createdDateTime: new Date().toISOString() });
  return id;
}
async function freshSecretMember(): Promise<string> {
  const id = await freshTeamMember();
  await f.teams.putChannelMember({ tenantId: TID, teamId: team.id, channelId: team.secret, userId: id, roles: [], createdDateTime: new Date().toISOString() });
  return id;
}
async function freshOwnTab(): Promise<string> {
  const id = uid();
  await f.teams.putTab({ tenantId: TID, teamId: team.id, channelId: team.projects, id, displayName: 'Own tab', teamsAppId: ownApp(), configuration: { entityId: null, contentUrl: 'https://localhost/tab', removeUrl: null, websiteUrl: null }, sortOrderIndex: '1', createdMs: 0 });
  return id;
}

const newTeamBody = (_t: Target, scheme: Scheme) => ({
  'template@odata.bind': "https://graph.microsoft.com/v1.0/teamsTemplates('standard')",
  displayName: `Matrix ${uid().slice(0, 8)}`,
  ...(scheme === 'application'
    ? { members: [{ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${ids.alice}')` }] }
    : {}),
});

const CASES: Case[] = [
  // Teams
  { name: 'POST /teams', method: 'POST', url: () => '/teams', body: newTeamBody, schemes: both, status: 202 },
  {
    name: 'GET /teams/{id}/operations/{id}', method: 'GET', url: () => `${T}/operations/a0a0a0a0-0000-4000-8000-000000000001`,
    catalogAs: { method: 'POST', path: '/teams' }, widenWith: { method: 'GET', path: '/teams/{id}' }, schemes: both, status: 200,
  },
  { name: 'GET /teams/{id}', method: 'GET', url: () => T, schemes: both, status: 200 },
  { name: 'PATCH /teams/{id}', method: 'PATCH', url: () => T, body: () => ({ funSettings: { allowGiphy: false } }), schemes: both, status: 204 },
  {
    name: 'PUT /groups/{id}/team', method: 'PUT', url: (t) => `/groups/${t.group}/team`, body: () => ({}), schemes: both, status: 201,
    setup: async () => {
      const id = uid();
      await f.stores.directory.putGroup(groupRecord(id, `G${id.slice(0, 8)}`, { groupTypes: ['Unified'], securityEnabled: false }));
      await f.stores.directory.addMember(TID, id, ids.bob, 'user', 'owner');
      return { group: id };
    },
  },
  { name: 'GET /groups/{id}/team', method: 'GET', url: () => `/groups/${team.id}/team`, schemes: both, status: 200 },
  { name: 'GET /me/joinedTeams', method: 'GET', url: () => '/me/joinedTeams', schemes: ['delegated'], status: 200 },
  { name: 'GET /users/{id}/joinedTeams', method: 'GET', url: () => `/users/${ids.alice}/joinedTeams`, schemes: both, status: 200 },
  // Channels
  { name: 'GET /teams/{id}/channels', method: 'GET', url: () => `${T}/channels`, schemes: both, status: 200 },
  { name: 'POST /teams/{id}/channels', method: 'POST', url: () => `${T}/channels`, body: () => ({ displayName: `New ${uid().slice(0, 8)}` }), schemes: both, status: 201 },
  { name: 'GET /teams/{id}/channels/{id}', method: 'GET', url: () => PROJECTS, schemes: both, status: 200 },
  { name: 'PATCH /teams/{id}/channels/{id}', method: 'PATCH', url: (t) => `${T}/channels/${enc(t.channel)}`, body: () => ({ description: 'changed' }), schemes: both, status: 204, setup: async () => ({ channel: await freshChannel() }) },
  { name: 'DELETE /teams/{id}/channels/{id}', method: 'DELETE', url: (t) => `${T}/channels/${enc(t.channel)}`, schemes: both, status: 204, setup: async () => ({ channel: await freshChannel() }) },
  { name: 'GET /teams/{id}/primaryChannel', method: 'GET', url: () => `${T}/primaryChannel`, schemes: both, status: 200 },
  // Team members
  { name: 'GET /teams/{id}/members', method: 'GET', url: () => `${T}/members`, schemes: both, status: 200 },
  {
    name: 'POST /teams/{id}/members', method: 'POST', url: () => `${T}/members`, schemes: both, status: 201,
    body: (t) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${t.user}')` }),
    setup: async () => {
      const id = uid();
      await f.stores.directory.putUser(userRecord(id, `n${id.slice(0, 8)}@contoso.test`));
      return { user: id };
    },
  },
  { name: 'GET /teams/{id}/members/{id}', method: 'GET', url: () => `${T}/members/${membershipId('team', TID, team.id, ids.alice)}`, schemes: both, status: 200 },
  {
    name: 'PATCH /teams/{id}/members/{id}', method: 'PATCH', url: (t) => `${T}/members/${t.member}`, body: () => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [] }), schemes: both, status: 200,
    setup: async () => ({ member: membershipId('team', TID, team.id, await freshTeamMember()) }),
  },
  { name: 'DELETE /teams/{id}/members/{id}', method: 'DELETE', url: (t) => `${T}/members/${t.member}`, schemes: both, status: 204, setup: async () => ({ member: membershipId('team', TID, team.id, await freshTeamMember()) }) },
  // Channel members
  { name: 'GET /teams/{id}/channels/{id}/members', method: 'GET', url: () => `${SECRET}/members`, schemes: both, status: 200 },
  {
    name: 'POST /teams/{id}/channels/{id}/members', method: 'POST', url: () => `${SECRET}/members`, schemes: both, status: 201,
    body: (t) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${t.user}')` }),
    setup: async () => ({ user: await freshTeamMember() }),
  },
  { name: 'GET /teams/{id}/channels/{id}/members/{id}', method: 'GET', url: () => `${SECRET}/members/${membershipId('channel', TID, team.secret, ids.alice)}`, schemes: both, status: 200 },
  {
    name: 'PATCH /teams/{id}/channels/{id}/members/{id}', method: 'PATCH', url: (t) => `${SECRET}/members/${t.channelMember}`, body: () => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'] }), schemes: both, status: 200,
    setup: async () => ({ channelMember: membershipId('channel', TID, team.secret, await freshSecretMember()) }),
  },
  {
    name: 'DELETE /teams/{id}/channels/{id}/members/{id}', method: 'DELETE', url: (t) => `${SECRET}/members/${t.channelMember}`, schemes: both, status: 204,
    setup: async () => ({ channelMember: membershipId('channel', TID, team.secret, await freshSecretMember()) }),
  },
  // Messages (sending is delegated only; app-only import is covered in membership.test.ts)
  { name: 'POST /teams/{id}/channels/{id}/messages', method: 'POST', url: () => `${PROJECTS}/messages`, body: () => ({ body: { content: 'Hello team' } }), schemes: ['delegated'], status: 201 },
  { name: 'GET /teams/{id}/channels/{id}/messages', method: 'GET', url: () => `${PROJECTS}/messages`, schemes: both, status: 200 },
  { name: 'GET /teams/{id}/channels/{id}/messages/{id}', method: 'GET', url: () => `${PROJECTS}/messages/1700000000000`, schemes: both, status: 200 },
  { name: 'POST /teams/{id}/channels/{id}/messages/{id}/replies', method: 'POST', url: () => `${PROJECTS}/messages/1700000000000/replies`, body: () => ({ body: { content: 'A reply' } }), schemes: ['delegated'], status: 201 },
  { name: 'GET /teams/{id}/channels/{id}/messages/{id}/replies', method: 'GET', url: () => `${PROJECTS}/messages/1700000000000/replies`, schemes: both, status: 200 },
  { name: 'GET /teams/{id}/channels/{id}/messages/{id}/replies/{id}', method: 'GET', url: () => `${PROJECTS}/messages/1700000000000/replies/1700000000001`, schemes: both, status: 200 },
  // Installed apps (the calling app's own organization app, so *SelfForTeam permissions reach it)
  { name: 'GET /teams/{id}/installedApps', method: 'GET', url: () => `${T}/installedApps`, schemes: both, status: 200 },
  {
    name: 'POST /teams/{id}/installedApps', method: 'POST', url: () => `${T}/installedApps`, schemes: both, status: 201,
    body: () => ({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${ownApp()}` }),
    setup: async () => {
      for (const a of await f.teams.listInstalledApps(TID, team.id)) if (a.teamsAppId === ownApp()) await f.teams.deleteInstalledApp(TID, team.id, a.id);
      return {};
    },
  },
  {
    name: 'GET /teams/{id}/installedApps/{id}', method: 'GET', url: () => `${T}/installedApps/${ownInstallation()}`, schemes: both, status: 200,
    setup: async () => {
      await f.teams.putInstalledApp({ tenantId: TID, teamId: team.id, id: ownInstallation(), teamsAppId: ownApp(), createdMs: 0 });
      return {};
    },
  },
  {
    name: 'DELETE /teams/{id}/installedApps/{id}', method: 'DELETE', url: () => `${T}/installedApps/${ownInstallation()}`, schemes: both, status: 204,
    setup: async () => {
      await f.teams.putInstalledApp({ tenantId: TID, teamId: team.id, id: ownInstallation(), teamsAppId: ownApp(), createdMs: 0 });
      return {};
    },
  },
  // Tabs
  { name: 'GET /teams/{id}/channels/{id}/tabs', method: 'GET', url: () => `${PROJECTS}/tabs`, schemes: both, status: 200 },
  {
    name: 'POST /teams/{id}/channels/{id}/tabs', method: 'POST', url: () => `${PROJECTS}/tabs`, schemes: both, status: 201,
    body: () => ({ displayName: 'Docs', 'teamsApp@odata.bind': "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('com.microsoft.teamspace.tab.web')", configuration: { contentUrl: 'https://learn.microsoft.com' } }),
  },
  { name: 'GET /teams/{id}/channels/{id}/tabs/{id}', method: 'GET', url: (t) => `${PROJECTS}/tabs/${t.tab}`, schemes: both, status: 200, setup: async () => ({ tab: await freshOwnTab() }) },
  { name: 'PATCH /teams/{id}/channels/{id}/tabs/{id}', method: 'PATCH', url: (t) => `${PROJECTS}/tabs/${t.tab}`, body: () => ({ displayName: 'Renamed' }), schemes: both, status: 200, setup: async () => ({ tab: await freshOwnTab() }) },
  { name: 'DELETE /teams/{id}/channels/{id}/tabs/{id}', method: 'DELETE', url: (t) => `${PROJECTS}/tabs/${t.tab}`, schemes: both, status: 204, setup: async () => ({ tab: await freshOwnTab() }) },
  // App catalog
  { name: 'GET /appCatalogs/teamsApps', method: 'GET', url: () => '/appCatalogs/teamsApps', schemes: both, status: 200 },
];

function permissionsFor(c: Case, scheme: Scheme): MatrixPermissions {
  const blank: Target = { user: '{id}', group: '{id}', channel: '{id}', member: '{id}', channelMember: '{id}', tab: '{id}' };
  const path = c.catalogAs?.path ?? catalogPath(c.url(blank).split('?')[0]!);
  const match = lookupPermissions(catalog, c.catalogAs?.method ?? c.method, path, scheme)!;
  expect(match, `catalog entry for ${c.name}`).toBeTruthy();
  let names = [...match.permissions];
  if (c.widenWith) for (const p of lookupPermissions(catalog, c.widenWith.method, c.widenWith.path, scheme)?.permissions ?? []) if (!names.includes(p)) names.push(p);
  const ranked = rankByPrivilege(catalog, names, match, scheme);
  const base = rankByPrivilege(catalog, match.permissions, match, scheme);
  const higherName = base.find((p) => /^directory\.readwrite\.all$/i.test(p)) ?? base.find((p) => /^group\.readwrite\.all$/i.test(p)) ?? [...base].reverse()[0]!;
  return { least: [base[0]!], higher: higherName === base[0] ? null : [higherName], accepted: ranked };
}

const UNRELATED = ['Calendars.Read', 'Sites.Read.All'];

async function run(c: Case, scheme: Scheme, perms: string[]) {
  const target: Target = { user: '', group: '', channel: '', member: '', channelMember: '', tab: '', ...(await c.setup?.()) };
  const token = scheme === 'delegated' ? await f.userToken(ids.bob, perms) : await f.appToken(perms);
  return f.call(c.method, c.url(target), token, c.body ? { body: c.body(target, scheme) } : {});
}

permissionMatrix({ cases: CASES, permissionsFor, run, unrelated: UNRELATED, refusal: {
  name: "Teams' 403",
  check: (e, _c, scheme) => {
    expect(e.code).toBe('Forbidden');
    expect(e.message).toMatch(scheme === 'delegated' ? /^Missing scope permissions on the request\. API requires one of '/ : /^Missing role permissions on the request\. API requires one of '/);
  },
} });
