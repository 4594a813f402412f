import { afterAll, beforeAll, expect } from 'vitest';
import { getCatalog, type Scheme } from '../../src/catalog/index.js';
import { rankByPrivilege } from '../../src/graph/auth/authorize.js';
import { catalogPath, lookupPermissions } from '../../src/graph/auth/catalog-lookup.js';
import { ensureMailbox, exchangeId, wellKnownFolder } from '../../src/graph/mail/folders.js';
import { newMessageData } from '../../src/graph/mail/message-body.js';
import { buildMeeting } from '../../src/graph/meetings/meeting-view.js';
import { permissionMatrix, type MatrixPermissions } from '../harness/permission-matrix.js';
import { createWorkloadFixture, DOMAIN, ids, more, TID, type WorkloadFixture } from './fixture.js';

// The permission matrix of the workload routes (places and the room finder, online meetings, mail, sensitivity labels,
// reports) × scheme, from Microsoft's catalog: the least-privileged permission succeeds, an
// unrelated one gets the workload's 403 naming what was missing (least privileged first), another
// accepted (higher-privileged) one succeeds. Resource rules never decide here: callers act on
// their own mailbox and meetings, app-only calls on Alice's (a global Teams policy lists the app,
// no Exchange application access policy applies), and reports are read by a Global Administrator.

const catalog = getCatalog();
let f: WorkloadFixture;
let n = 0;

beforeAll(async () => {
  f = await createWorkloadFixture();
  await f.stores.policies.putTeamsAccessPolicy({ tenantId: TID, id: 'global', name: 'Global', appIds: [ids.clientAppId], grantedTo: [], global: true });
});
afterAll(() => f.close());

interface Target {
  self: string;
  meeting: string;
  joinWebUrl: string;
  message: string;
  folder: string;
}

interface Case {
  name: string;
  method: string;
  url: (t: Target) => string;
  body?: (t: Target) => unknown;
  schemes: Scheme[];
  status: number;
  /** The refusal code of the workload. */
  denied: string;
  /** The signed-in user of delegated calls (default Alice). */
  delegatedAs?: string;
  setup?: (t: Target) => Promise<Partial<Target>>;
}

const both: Scheme[] = ['delegated', 'application'];
const OUTLOOK = 'ErrorAccessDenied';
const TEAMS = 'Forbidden';
const DIRECTORY = 'Authorization_RequestDenied';
const REPORTS = 'S2SUnauthorized';

async function meetingOf(userId: string): Promise<Partial<Target>> {
  const tenant = (await f.stores.directory.getTenant(TID))!;
  const m = await buildMeeting(f.s, tenant, (await f.stores.directory.getUser(TID, userId))!, { subject: `m${++n}` });
  await f.stores.onlineMeetings!.put(m);
  return { meeting: m.id, joinWebUrl: m.joinWebUrl };
}

async function messageOf(userId: string, folder: 'inbox' | 'drafts' = 'inbox'): Promise<Partial<Target>> {
  await ensureMailbox(f.s, TID, userId);
  const f0 = await wellKnownFolder(f.s, TID, userId, folder);
  const tenant = (await f.stores.directory.getTenant(TID))!;
  const owner = (await f.stores.directory.getUser(TID, userId))!;
  const data = await newMessageData(f.s, tenant, owner, { subject: `msg ${++n}`, toRecipients: [{ emailAddress: { name: 'Bob', address: `bob@${DOMAIN}` } }] }, f.clock.nowDate());
  if (folder === 'inbox') Object.assign(data, { isDraft: false, isRead: false });
  const id = exchangeId(null, () => f.s.ids.token(32));
  await f.stores.mail!.putMessages([{ tenantId: TID, id, mailboxId: userId, folderId: f0.id, receivedMs: f.clock.now(), data }]);
  return { message: id, folder: f0.id };
}

async function folderOf(userId: string): Promise<Partial<Target>> {
  await ensureMailbox(f.s, TID, userId);
  const root = await wellKnownFolder(f.s, TID, userId, 'msgfolderroot');
  const id = exchangeId(null, () => f.s.ids.token(32));
  await f.stores.mail!.putFolders([{ tenantId: TID, id, mailboxId: userId, parentFolderId: root.id, wellKnownName: null, displayName: `Folder ${++n}`, isHidden: false, createdDateTime: new Date().toISOString() }]);
  return { folder: id };
}

const send = () => ({ message: { subject: `s${++n}`, toRecipients: [{ emailAddress: { address: `bob@${DOMAIN}` } }] } });
const meetingBody = () => ({ subject: `meeting ${++n}` });
const byUrl = (t: Target) => `?$filter=joinWebUrl eq '${encodeURIComponent(t.joinWebUrl)}'`;
const REPORTS_LIST = [
  "getOffice365ActiveUserDetail(period='D7')",
  "getOffice365ActiveUserCounts(period='D7')",
  "getTeamsUserActivityUserDetail(period='D7')",
  "getTeamsUserActivityCounts(period='D7')",
  "getEmailActivityUserDetail(period='D7')",
  "getEmailActivityCounts(period='D7')",
  "getMailboxUsageDetail(period='D7')",
];

const CASES: Case[] = [
  // Places
  { name: 'GET /places/microsoft.graph.room', method: 'GET', url: () => '/places/microsoft.graph.room', schemes: both, status: 200, denied: OUTLOOK },
  { name: 'GET /places/microsoft.graph.roomList', method: 'GET', url: () => '/places/microsoft.graph.roomList', schemes: both, status: 200, denied: OUTLOOK },
  { name: 'GET /places/microsoft.graph.roomlist', method: 'GET', url: () => '/places/microsoft.graph.roomlist', schemes: both, status: 200, denied: OUTLOOK },
  { name: 'GET /places/{email}/microsoft.graph.roomlist/rooms', method: 'GET', url: () => `/places/building1@${DOMAIN}/microsoft.graph.roomlist/rooms`, schemes: both, status: 200, denied: OUTLOOK },
  { name: 'GET /places/{id}', method: 'GET', url: () => `/places/${ids.room1}`, schemes: both, status: 200, denied: OUTLOOK },
  // Room finder (beta, delegated only: the catalog lists no application permission)
  { name: 'GET /beta/me/findRooms', method: 'GET', url: () => '/beta/me/findRooms', schemes: ['delegated'], status: 200, denied: OUTLOOK },
  { name: "GET /beta/me/findRooms(RoomList='{address}')", method: 'GET', url: () => `/beta/me/findRooms(RoomList='building1@${DOMAIN}')`, schemes: ['delegated'], status: 200, denied: OUTLOOK },
  { name: 'GET /beta/me/findRoomLists', method: 'GET', url: () => '/beta/me/findRoomLists', schemes: ['delegated'], status: 200, denied: OUTLOOK },
  // Online meetings
  { name: 'POST /me/onlineMeetings', method: 'POST', url: () => '/me/onlineMeetings', body: meetingBody, schemes: ['delegated'], status: 201, denied: TEAMS },
  { name: 'POST /users/{id}/onlineMeetings', method: 'POST', url: (t) => `/users/${t.self}/onlineMeetings`, body: meetingBody, schemes: both, status: 201, denied: TEAMS },
  { name: 'POST /me/onlineMeetings/createOrGet', method: 'POST', url: () => '/me/onlineMeetings/createOrGet', body: () => ({ externalId: `x${++n}` }), schemes: ['delegated'], status: 201, denied: TEAMS },
  { name: 'POST /users/{id}/onlineMeetings/createOrGet', method: 'POST', url: (t) => `/users/${t.self}/onlineMeetings/createOrGet`, body: () => ({ externalId: `x${++n}` }), schemes: both, status: 201, denied: TEAMS },
  { name: 'GET /me/onlineMeetings?$filter=joinWebUrl', method: 'GET', url: (t) => `/me/onlineMeetings${byUrl(t)}`, schemes: ['delegated'], status: 200, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  { name: 'GET /users/{id}/onlineMeetings?$filter=joinWebUrl', method: 'GET', url: (t) => `/users/${t.self}/onlineMeetings${byUrl(t)}`, schemes: both, status: 200, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  { name: 'GET /me/onlineMeetings/{id}', method: 'GET', url: (t) => `/me/onlineMeetings/${t.meeting}`, schemes: ['delegated'], status: 200, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  { name: 'GET /users/{id}/onlineMeetings/{id}', method: 'GET', url: (t) => `/users/${t.self}/onlineMeetings/${t.meeting}`, schemes: both, status: 200, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  { name: 'PATCH /me/onlineMeetings/{id}', method: 'PATCH', url: (t) => `/me/onlineMeetings/${t.meeting}`, body: meetingBody, schemes: ['delegated'], status: 200, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  { name: 'PATCH /users/{id}/onlineMeetings/{id}', method: 'PATCH', url: (t) => `/users/${t.self}/onlineMeetings/${t.meeting}`, body: meetingBody, schemes: both, status: 200, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  { name: 'DELETE /me/onlineMeetings/{id}', method: 'DELETE', url: (t) => `/me/onlineMeetings/${t.meeting}`, schemes: ['delegated'], status: 204, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  { name: 'DELETE /users/{id}/onlineMeetings/{id}', method: 'DELETE', url: (t) => `/users/${t.self}/onlineMeetings/${t.meeting}`, schemes: both, status: 204, denied: TEAMS, setup: (t) => meetingOf(t.self) },
  // Mail: sending
  { name: 'POST /me/sendMail', method: 'POST', url: () => '/me/sendMail', body: send, schemes: ['delegated'], status: 202, denied: OUTLOOK },
  { name: 'POST /users/{id}/sendMail', method: 'POST', url: (t) => `/users/${t.self}/sendMail`, body: send, schemes: both, status: 202, denied: OUTLOOK },
  { name: 'POST /me/messages/{id}/send', method: 'POST', url: (t) => `/me/messages/${t.message}/send`, schemes: ['delegated'], status: 202, denied: OUTLOOK, setup: (t) => messageOf(t.self, 'drafts') },
  { name: 'POST /users/{id}/messages/{id}/send', method: 'POST', url: (t) => `/users/${t.self}/messages/${t.message}/send`, schemes: both, status: 202, denied: OUTLOOK, setup: (t) => messageOf(t.self, 'drafts') },
  // Mail: messages
  { name: 'GET /me/messages', method: 'GET', url: () => '/me/messages', schemes: ['delegated'], status: 200, denied: OUTLOOK },
  { name: 'GET /users/{id}/messages', method: 'GET', url: (t) => `/users/${t.self}/messages`, schemes: both, status: 200, denied: OUTLOOK },
  { name: 'GET /me/messages/{id}', method: 'GET', url: (t) => `/me/messages/${t.message}`, schemes: ['delegated'], status: 200, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  { name: 'GET /users/{id}/messages/{id}', method: 'GET', url: (t) => `/users/${t.self}/messages/${t.message}`, schemes: both, status: 200, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  { name: 'POST /me/messages', method: 'POST', url: () => '/me/messages', body: () => ({ subject: 'draft' }), schemes: ['delegated'], status: 201, denied: OUTLOOK },
  { name: 'POST /users/{id}/messages', method: 'POST', url: (t) => `/users/${t.self}/messages`, body: () => ({ subject: 'draft' }), schemes: both, status: 201, denied: OUTLOOK },
  { name: 'PATCH /me/messages/{id}', method: 'PATCH', url: (t) => `/me/messages/${t.message}`, body: () => ({ isRead: true }), schemes: ['delegated'], status: 200, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  { name: 'PATCH /users/{id}/messages/{id}', method: 'PATCH', url: (t) => `/users/${t.self}/messages/${t.message}`, body: () => ({ isRead: true }), schemes: both, status: 200, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  { name: 'DELETE /me/messages/{id}', method: 'DELETE', url: (t) => `/me/messages/${t.message}`, schemes: ['delegated'], status: 204, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  { name: 'DELETE /users/{id}/messages/{id}', method: 'DELETE', url: (t) => `/users/${t.self}/messages/${t.message}`, schemes: both, status: 204, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  // Mail: folders
  { name: 'GET /me/mailFolders', method: 'GET', url: () => '/me/mailFolders', schemes: ['delegated'], status: 200, denied: OUTLOOK },
  { name: 'GET /users/{id}/mailFolders', method: 'GET', url: (t) => `/users/${t.self}/mailFolders`, schemes: both, status: 200, denied: OUTLOOK },
  { name: 'GET /users/{id}/mailFolders/{wellKnownName}', method: 'GET', url: (t) => `/users/${t.self}/mailFolders/inbox`, schemes: both, status: 200, denied: OUTLOOK },
  { name: 'POST /users/{id}/mailFolders', method: 'POST', url: (t) => `/users/${t.self}/mailFolders`, body: () => ({ displayName: `New ${++n}` }), schemes: both, status: 201, denied: OUTLOOK },
  { name: 'PATCH /users/{id}/mailFolders/{id}', method: 'PATCH', url: (t) => `/users/${t.self}/mailFolders/${t.folder}`, body: () => ({ displayName: `Renamed ${++n}` }), schemes: both, status: 200, denied: OUTLOOK, setup: (t) => folderOf(t.self) },
  { name: 'DELETE /users/{id}/mailFolders/{id}', method: 'DELETE', url: (t) => `/users/${t.self}/mailFolders/${t.folder}`, schemes: both, status: 204, denied: OUTLOOK, setup: (t) => folderOf(t.self) },
  { name: 'GET /users/{id}/mailFolders/{id}/childFolders', method: 'GET', url: (t) => `/users/${t.self}/mailFolders/${t.folder}/childFolders`, schemes: both, status: 200, denied: OUTLOOK, setup: (t) => folderOf(t.self) },
  { name: 'POST /users/{id}/mailFolders/{id}/childFolders', method: 'POST', url: (t) => `/users/${t.self}/mailFolders/${t.folder}/childFolders`, body: () => ({ displayName: 'Child' }), schemes: both, status: 201, denied: OUTLOOK, setup: (t) => folderOf(t.self) },
  { name: 'GET /users/{id}/mailFolders/{id}/messages', method: 'GET', url: (t) => `/users/${t.self}/mailFolders/inbox/messages`, schemes: both, status: 200, denied: OUTLOOK },
  { name: 'POST /users/{id}/mailFolders/{id}/messages', method: 'POST', url: (t) => `/users/${t.self}/mailFolders/drafts/messages`, body: () => ({ subject: 'x' }), schemes: both, status: 201, denied: OUTLOOK },
  { name: 'GET /users/{id}/mailFolders/{id}/messages/{id}', method: 'GET', url: (t) => `/users/${t.self}/mailFolders/${t.folder}/messages/${t.message}`, schemes: both, status: 200, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  { name: 'PATCH /users/{id}/mailFolders/{id}/messages/{id}', method: 'PATCH', url: (t) => `/users/${t.self}/mailFolders/${t.folder}/messages/${t.message}`, body: () => ({ isRead: true }), schemes: both, status: 200, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  { name: 'DELETE /me/mailFolders/{id}/messages/{id}', method: 'DELETE', url: (t) => `/me/mailFolders/${t.folder}/messages/${t.message}`, schemes: ['delegated'], status: 204, denied: OUTLOOK, setup: (t) => messageOf(t.self) },
  // Sensitivity labels (beta)
  { name: 'GET /beta/me/security/informationProtection/sensitivityLabels', method: 'GET', url: () => '/beta/me/security/informationProtection/sensitivityLabels', schemes: ['delegated'], status: 200, denied: DIRECTORY },
  { name: 'GET /beta/me/security/informationProtection/sensitivityLabels/{id}', method: 'GET', url: () => `/beta/me/security/informationProtection/sensitivityLabels/${more.labelGeneral}`, schemes: ['delegated'], status: 200, denied: DIRECTORY },
  { name: 'GET /beta/users/{id}/security/informationProtection/sensitivityLabels', method: 'GET', url: (t) => `/beta/users/${t.self}/security/informationProtection/sensitivityLabels`, schemes: both, status: 200, denied: DIRECTORY },
  { name: 'GET /beta/users/{id}/security/informationProtection/sensitivityLabels/{id}', method: 'GET', url: (t) => `/beta/users/${t.self}/security/informationProtection/sensitivityLabels/${more.labelPublic}`, schemes: both, status: 200, denied: DIRECTORY },
  { name: 'GET /beta/security/informationProtection/sensitivityLabels', method: 'GET', url: () => '/beta/security/informationProtection/sensitivityLabels', schemes: both, status: 200, denied: DIRECTORY },
  { name: 'GET /beta/security/informationProtection/sensitivityLabels/{id}', method: 'GET', url: () => `/beta/security/informationProtection/sensitivityLabels/${more.labelConfidential}`, schemes: both, status: 200, denied: DIRECTORY },
  // Usage reports (CSV: a redirect to the download URL)
  ...REPORTS_LIST.map((fn): Case => ({ name: `GET /reports/${fn}`, method: 'GET', url: () => `/reports/${fn}`, schemes: both, status: 302, denied: REPORTS, delegatedAs: ids.admin })),
];

function permissionsFor(c: Case, scheme: Scheme): MatrixPermissions {
  const path = catalogPath(c.url({ self: '{id}', meeting: '{id}', joinWebUrl: '', message: '{id}', folder: '{id}' }).split('?')[0]!);
  const match = lookupPermissions(catalog, c.method, path, scheme);
  if (!match) throw new Error(`no catalog entry for ${c.method} ${path}`);
  const ranked = rankByPrivilege(catalog, match.permissions, match, scheme);
  return { least: [ranked[0]!], higher: ranked.length > 1 ? [ranked.at(-1)!] : null, accepted: ranked };
}

const UNRELATED = ['Sites.Read.All'];

async function run(c: Case, scheme: Scheme, perms: string[]) {
  const self = scheme === 'delegated' ? (c.delegatedAs ?? ids.alice) : ids.alice;
  const t: Target = { self, meeting: '', joinWebUrl: '', message: '', folder: '' };
  Object.assign(t, await c.setup?.(t));
  const token = scheme === 'delegated' ? await f.userToken(self, perms) : await f.appToken(perms);
  return f.call(c.method, c.url(t), token, c.body ? { body: c.body(t) } : {});
}

permissionMatrix({ cases: CASES, permissionsFor, run, unrelated: UNRELATED, refusal: { name: "the workload's 403", check: (e, c) => expect(e.code).toBe(c.denied), namesAll: true } });
