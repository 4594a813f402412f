import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { Client, GraphError, PageIterator, ResponseType } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/graph/reports/index.js';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { startWorkloadTenantbox, type WorkloadTestbox } from './harness.js';

// The archetypes' main calls in this area, end to end: a running tenantbox from a tenant file,
// tokens from unmodified msal-node, Graph called with the unmodified Graph JS client.
// - workplace booking (seed 001, app-only): user and group sync, calendars, usage reports (CSV
//   through the download redirect, JSON on beta), online meetings under a Teams policy;
// - mentoring (seed 003, delegated): an online meeting for the signed-in user;
// - Teams governance (seed 004, delegated service account): sensitivity labels, approval mail;
// - room signage (seed 002, app-only): the rooms of the tenant and of a room list.

const YAML = `
tenant: { domain: contoso.test, displayName: Contoso, userConsent: microsoft-recommended }
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "Passw0rd!", roles: [Global Administrator] }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "Passw0rd!" }
  - { upn: mia@contoso.test, displayName: Mia Mentor, password: "Passw0rd!" }
  - { upn: svc-teams@contoso.test, displayName: Teams provisioning, password: "Passw0rd!" }
rooms:
  - { email: orion@contoso.test, displayName: Orion, capacity: 8, building: HQ, floor: 2, roomList: hq-rooms@contoso.test }
  - { email: lyra@contoso.test, displayName: Lyra, capacity: 4, building: HQ, floor: 1, roomList: hq-rooms@contoso.test }
  - { email: annex@contoso.test, displayName: Annex, capacity: 12, building: Annex, floor: 0 }
groups:
  - { mail: staff@contoso.test, displayName: Staff, mailEnabled: true, securityEnabled: true, members: [megan@contoso.test, mia@contoso.test] }
apps:
  - displayName: Workplace Booking
    secrets: ["booking-secret"]
    requiredResourceAccess: { graph: { application: [User.Read.All, GroupMember.Read.All, Directory.Read.All, Calendars.ReadWrite, Mail.ReadWrite, Reports.Read.All, OnlineMeetings.ReadWrite.All] } }
  - displayName: Booking Lite
    secrets: ["lite-secret"]
    requiredResourceAccess: { graph: { application: [User.Read.All, Calendars.ReadWrite] } }
  - displayName: Mentoring
    publicClient: true
    redirectUris: ["http://localhost:3000/auth"]
    requiredResourceAccess: { graph: { delegated: [openid, email, User.Read, Calendars.Read.Shared, Calendars.ReadWrite, OnlineMeetings.ReadWrite, Group.Read.All, ChannelMessage.Send] } }
  - displayName: Teams Governance
    publicClient: true
    redirectUris: ["http://localhost:3001/auth"]
    requiredResourceAccess: { graph: { delegated: [openid, offline_access, email, profile, Mail.Send, User.Read.All, InformationProtectionPolicy.Read] } }
  - displayName: Room Signage
    secrets: ["signage-secret"]
    requiredResourceAccess: { graph: { application: [Calendars.ReadWrite, User.Read.All, Place.Read.All] } }
consents:
  - { app: Workplace Booking, adminConsent: true }
  - { app: Booking Lite, adminConsent: true }
  - { app: Mentoring, adminConsent: true }
  - { app: Teams Governance, adminConsent: true }
  - { app: Room Signage, adminConsent: true }
policies:
  teamsApplicationAccess:
    - { name: Booking meetings, apps: [Workplace Booking], grantTo: [megan@contoso.test] }
sensitivityLabels:
  - { name: Public, description: Anyone may see it }
  - { name: Confidential, color: "#ff0000" }
events:
  - { calendar: orion@contoso.test, organizer: megan@contoso.test, subject: Weekly sync, start: "today+1 09:00", end: "today+1 09:30", attendees: [orion@contoso.test] }
`;

let tb: WorkloadTestbox;
const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];
const appId = (name: string) => tb.tenants[0]!.apps.find((a) => a.displayName === name)!.appId;

beforeAll(async () => {
  tb = await startWorkloadTenantbox(YAML);
});
afterAll(async () => {
  await tb?.cleanup();
});

const graph = (token: string, version = 'v1.0') =>
  Client.init({ baseUrl: `${tb.url}/`, defaultVersion: version, customHosts: new Set([new URL(tb.url).hostname]), authProvider: (done) => done(null, token) });

async function appToken(name: string, secret: string): Promise<string> {
  const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId: appId(name), clientSecret: secret }));
  return (await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))!.accessToken;
}

async function userToken(name: string, username: string, scopes: string[]): Promise<string> {
  const pca = new PublicClientApplication(msalConfigFor(tb, { appId: appId(name) }));
  return (await pca.acquireTokenByUsernamePassword({ username, password: 'Passw0rd!', scopes }))!.accessToken;
}

const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call succeeded'), (e: unknown) => e as GraphError);

describe('workplace booking (app-only)', () => {
  it('syncs users and groups with paging', async () => {
    const c = graph(await appToken('Workplace Booking', 'booking-secret'));
    const seen: string[] = [];
    await new PageIterator(c, await c.api('/users').top(2).select('userPrincipalName').get(), (u: { userPrincipalName: string }) => {
      seen.push(u.userPrincipalName);
      return true;
    }).iterate();
    expect(seen.sort()).toEqual(['adele@contoso.test', 'annex@contoso.test', 'lyra@contoso.test', 'megan@contoso.test', 'mia@contoso.test', 'orion@contoso.test', 'svc-teams@contoso.test']);
    const [staff] = (await c.api('/groups').filter("displayName eq 'Staff'").get()).value;
    const members = await c.api(`/groups/${staff.id}/members`).select('userPrincipalName').get();
    expect(members.value.map((m: { userPrincipalName: string }) => m.userPrincipalName).sort()).toEqual(['megan@contoso.test', 'mia@contoso.test']);
  });

  it('reads a room calendar', async () => {
    const c = graph(await appToken('Workplace Booking', 'booking-secret'));
    const start = new Date(Date.now() - 86_400_000).toISOString();
    const end = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const view = await c.api('/users/orion@contoso.test/calendarView').query({ startDateTime: start, endDateTime: end }).get();
    expect(view.value).toHaveLength(1);
  });

  it('downloads a usage report as CSV (the client follows the 302) and reads JSON on beta', async () => {
    const c = graph(await appToken('Workplace Booking', 'booking-secret'));
    const csv: string = await c.api("/reports/getOffice365ActiveUserDetail(period='D7')").responseType(ResponseType.TEXT).get();
    // The file starts with a byte-order mark; fetch's UTF-8 decoding drops it, as for Microsoft's files.
    expect(csv.startsWith('Report Refresh Date,User Principal Name,Display Name,Is Deleted,')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows.map((r) => r['User Principal Name']).sort()).toEqual(['adele@contoso.test', 'megan@contoso.test', 'mia@contoso.test', 'svc-teams@contoso.test']);
    expect(rows.find((r) => r['User Principal Name'] === 'megan@contoso.test')).toMatchObject({ 'Has Exchange License': 'True', 'Assigned Products': 'MICROSOFT 365 E3' });
    const json = await graph(await appToken('Workplace Booking', 'booking-secret'), 'beta').api("/reports/getEmailActivityCounts(period='D7')").query({ $format: 'application/json' }).get();
    expect(json.value).toHaveLength(7);
  });

  it('creates an online meeting for a user the Teams policy covers; others get 403 "No application access policy found for this app"', async () => {
    const c = graph(await appToken('Workplace Booking', 'booking-secret'));
    const megan = await c.api('/users/megan@contoso.test').select('id').get();
    const m = await c.api(`/users/${megan.id}/onlineMeetings`).post({ subject: 'Desk review', startDateTime: '2026-05-04T09:00:00Z', endDateTime: '2026-05-04T09:30:00Z' });
    expect(m.joinWebUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect((await c.api(`/users/${megan.id}/onlineMeetings/${m.id}`).get()).subject).toBe('Desk review');
    const adele = await c.api('/users/adele@contoso.test').select('id').get();
    const e = await failure(c.api(`/users/${adele.id}/onlineMeetings`).post({ subject: 'x' }));
    expect(e).toBeInstanceOf(GraphError);
    expect([e.statusCode, e.code, e.message]).toEqual([403, 'Forbidden', 'No application access policy found for this app']);
  });

  it('an app without the permissions gets 403 for reports and meetings', async () => {
    const c = graph(await appToken('Booking Lite', 'lite-secret'));
    const report = await failure(c.api("/reports/getOffice365ActiveUserDetail(period='D7')").get());
    expect([report.statusCode, report.code]).toEqual([403, 'S2SUnauthorized']);
    const megan = await c.api('/users/megan@contoso.test').select('id').get();
    const meeting = await failure(c.api(`/users/${megan.id}/onlineMeetings`).post({ subject: 'x' }));
    expect([meeting.statusCode, meeting.code]).toEqual([403, 'Forbidden']);
  });
});

describe('mentoring (delegated)', () => {
  it('creates an online meeting for the signed-in user; it does not appear on the calendar', async () => {
    const token = await userToken('Mentoring', 'mia@contoso.test', ['User.Read', 'Calendars.ReadWrite', 'Calendars.Read.Shared', 'OnlineMeetings.ReadWrite']);
    const c = graph(token);
    const m = await c.api('/me/onlineMeetings').post({ subject: 'Mentoring session', startDateTime: '2026-05-04T15:00:00Z', endDateTime: '2026-05-04T15:45:00Z' });
    expect(m.participants.organizer.upn).toBe('mia@contoso.test');
    // "joinWebUrl must be URL encoded" (graph-docs onlinemeeting-get.md)
    const found = await c.api('/me/onlineMeetings').filter(`JoinWebUrl eq '${encodeURIComponent(m.joinWebUrl)}'`).get();
    expect(found.value.map((x: { id: string }) => x.id)).toEqual([m.id]);
    const mia = (await tb.stores.directory.getUser(tb.tenants[0]!.id, 'mia@contoso.test'))!;
    const calendars = await tb.stores.events.listCalendars(tb.tenants[0]!.id, mia.id);
    for (const cal of calendars) expect(await tb.stores.events.listEvents(tb.tenants[0]!.id, cal.id)).toEqual([]);
  });

  it('an app-only token of another app (no OnlineMeetings permission) is refused', async () => {
    const c = graph(await appToken('Room Signage', 'signage-secret'));
    const mia = await c.api('/users/mia@contoso.test').select('id').get();
    const e = await failure(c.api(`/users/${mia.id}/onlineMeetings`).post({ subject: 'x' }));
    expect(e.statusCode).toBe(403);
    expect(JSON.parse(e.body as string).details[0].target).toBe('OnlineMeetings.ReadWrite.All');
  });
});

describe('Teams governance (delegated service account)', () => {
  it('reads the tenant file\'s sensitivity labels (beta) and mails an approval request', async () => {
    const token = await userToken('Teams Governance', 'svc-teams@contoso.test', ['InformationProtectionPolicy.Read', 'Mail.Send', 'User.Read.All']);
    const labels = await graph(token, 'beta').api('/me/security/informationProtection/sensitivityLabels').get();
    expect(labels.value.map((l: { name: string; color: string }) => [l.name, l.color])).toEqual([
      ['Public', ''],
      ['Confidential', '#ff0000'],
    ]);
    await graph(token).api('/me/sendMail').post({
      message: { subject: 'Approve team "Project X"?', body: { contentType: 'Text', content: 'A new team was requested.' }, toRecipients: [{ emailAddress: { address: 'adele@contoso.test' } }] },
    });
    const booking = graph(await appToken('Workplace Booking', 'booking-secret'));
    const inbox = await booking.api('/users/adele@contoso.test/mailFolders/inbox/messages').select('subject,from').get();
    expect(inbox.value).toEqual([expect.objectContaining({ subject: 'Approve team "Project X"?', from: { emailAddress: { name: 'Teams provisioning', address: 'svc-teams@contoso.test' } } })]);
  });
});

describe('room signage (app-only)', () => {
  it('lists the rooms and the rooms of a room list with Place.Read.All', async () => {
    const c = graph(await appToken('Room Signage', 'signage-secret'));
    const rooms = await c.api('/places/microsoft.graph.room').select('emailAddress,capacity').get();
    expect(rooms.value).toEqual([
      { emailAddress: 'annex@contoso.test', capacity: 12 },
      { emailAddress: 'lyra@contoso.test', capacity: 4 },
      { emailAddress: 'orion@contoso.test', capacity: 8 },
    ]);
    const hq = await c.api('/places/hq-rooms@contoso.test/microsoft.graph.roomlist/rooms').select('displayName').get();
    expect(hq.value.map((r: { displayName: string }) => r.displayName)).toEqual(['Lyra', 'Orion']);
  });
});
