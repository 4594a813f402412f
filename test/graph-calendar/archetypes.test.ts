import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// The archetypes' calendar calls (semantics doc §7; seeds 000, 002, 003) against a running
// tenantbox seeded from a tenant file: tokens from unmodified msal-node, calls through the
// unmodified Graph JS client. Each works with exactly its documented permissions and fails
// without them.

const PASSWORD = 'Passw0rd!';
const YAML = `
tenant: { domain: contoso.test, displayName: Contoso }
users:
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "${PASSWORD}" }
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "${PASSWORD}" }
  - { upn: svc-signage@contoso.test, displayName: Signage Service, password: "${PASSWORD}" }
rooms:
  - { email: orion@contoso.test, displayName: Orion, capacity: 8, password: "${PASSWORD}" }
  - { email: lyra@contoso.test, displayName: Lyra, capacity: 4 }
  - { email: vega@contoso.test, displayName: Vega, capacity: 12 }
groups:
  - { mail: signage-rooms@contoso.test, displayName: Signage rooms, mailEnabled: true, securityEnabled: true, members: [orion@contoso.test, lyra@contoso.test] }
mailboxPermissions:
  - { mailbox: orion@contoso.test, grantee: svc-signage@contoso.test, rights: FullAccess }
apps:
  - displayName: Room Display
    publicClient: true
    redirectUris: ["http://localhost:3000/auth"]
    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.ReadWrite, offline_access] } }
  - displayName: Room Signage
    secrets: ["signage-secret"]
    requiredResourceAccess: { graph: { application: [Calendars.ReadWrite, Place.Read.All, User.Read.All] } }
  - displayName: Signage Service Account
    publicClient: true
    redirectUris: ["http://localhost:3000/auth"]
    requiredResourceAccess: { graph: { delegated: [Calendars.ReadWrite.Shared, User.ReadBasic.All, offline_access] } }
  - displayName: Signage Without Shared
    publicClient: true
    redirectUris: ["http://localhost:3000/auth"]
    requiredResourceAccess: { graph: { delegated: [Calendars.ReadWrite, User.ReadBasic.All] } }
  - displayName: Mentoring
    publicClient: true
    redirectUris: ["http://localhost:3000/auth"]
    requiredResourceAccess: { graph: { delegated: [openid, email, User.Read, Calendars.Read.Shared, Calendars.ReadWrite, OnlineMeetings.ReadWrite] } }
consents:
  - { app: Room Display, adminConsent: true }
  - { app: Room Signage, adminConsent: true }
  - { app: Signage Service Account, adminConsent: true }
  - { app: Signage Without Shared, adminConsent: true }
  - { app: Mentoring, adminConsent: true }
policies:
  applicationAccess:
    - { app: Room Signage, accessRight: RestrictAccess, group: signage-rooms@contoso.test }
events:
  - { calendar: orion@contoso.test, organizer: megan@contoso.test, subject: Weekly sync, start: "today 10:00", end: "today 10:30", attendees: [adele@contoso.test] }
  - { calendar: lyra@contoso.test, organizer: adele@contoso.test, subject: Interview, start: "today 13:00", end: "today 14:00" }
  - { calendar: megan@contoso.test, organizer: megan@contoso.test, subject: Focus time, start: "today+1 08:00", end: "today+1 09:00" }
`;

let tb: TestTenantbox;
const appId = (name: string) => tb.tenants[0]!.apps.find((a) => a.displayName === name)!.appId;
const graph = (token: string) =>
  Client.init({ baseUrl: `${tb.url}/`, defaultVersion: 'v1.0', customHosts: new Set([new URL(tb.url).hostname]), authProvider: (done) => done(null, token) });
async function userToken(app: string, username: string, scopes: string[]): Promise<string> {
  const pca = new PublicClientApplication(msalConfigFor(tb, { appId: appId(app) }));
  return (await pca.acquireTokenByUsernamePassword({ username, password: PASSWORD, scopes }))!.accessToken;
}
const failure = async (p: Promise<unknown>) => (await p.then(() => undefined, (e: unknown) => e)) as GraphError;
let today: { start: string; end: string };

beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: YAML });
  const d = tb.clock.nowDate().toISOString().slice(0, 10);
  today = { start: `${d}T00:00:00Z`, end: `${d}T23:59:59Z` };
});
afterAll(async () => {
  await tb?.cleanup();
});

describe('room display (seed 000): signed in as the room, User.Read + Calendars.ReadWrite', () => {
  it("lists today's events, makes an instant reservation and reads it back", async () => {
    const c = graph(await userToken('Room Display', 'orion@contoso.test', ['User.Read', 'Calendars.ReadWrite']));
    const day = await c.api('/me/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).select('subject,start,end,organizer').get();
    expect(day.value.map((e: { subject: string }) => e.subject)).toEqual(['Megan Bowen']);
    const now = tb.clock.now();
    const start = new Date(Math.ceil(now / 900_000) * 900_000 + 3 * 3_600_000);
    const created = await c.api('/me/events').post({
      subject: 'Instant reservation',
      start: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(start.getTime() + 15 * 60_000).toISOString().slice(0, 19), timeZone: 'UTC' },
    });
    expect(created).toMatchObject({ subject: 'Instant reservation', organizer: { emailAddress: { address: 'orion@contoso.test' } } });
    const back = await c.api(`/me/events/${created.id}`).header('Prefer', 'outlook.timezone="W. Europe Standard Time"').get();
    expect(back.id).toBe(created.id);
    expect(back.start.timeZone).toBe('W. Europe Standard Time');
  });

  it("another room's calendar with the same token: 403 ErrorAccessDenied (Calendars.ReadWrite reaches only the own mailbox)", async () => {
    const c = graph(await userToken('Room Display', 'orion@contoso.test', ['Calendars.ReadWrite']));
    const e = await failure(c.api('/users/lyra@contoso.test/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get());
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('ErrorAccessDenied');
  });
});

describe('room signage, model A (seed 002): client credentials, AAP RestrictAccess to the rooms group', () => {
  const appOnly = async () => {
    const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId: appId('Room Signage'), clientSecret: 'signage-secret' }));
    return graph((await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))!.accessToken);
  };

  it('reads a room in the group, its schedule and a second room; a user mailbox is refused', async () => {
    const c = await appOnly();
    const lyra = await c.api('/users/lyra@contoso.test/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get();
    expect(lyra.value.map((e: { subject: string }) => e.subject)).toEqual(['Adele Vance']);
    const schedule = await c.api('/users/orion@contoso.test/calendar/getSchedule').post({
      schedules: ['orion@contoso.test', 'lyra@contoso.test', 'vega@contoso.test'],
      startTime: { dateTime: today.start.slice(0, 19), timeZone: 'UTC' },
      endTime: { dateTime: today.end.slice(0, 19), timeZone: 'UTC' },
      availabilityViewInterval: 60,
    });
    expect(schedule.value[0].availabilityView.slice(10, 11)).toBe('2');
    expect(schedule.value[1].availabilityView.slice(13, 14)).toBe('2');
    expect(schedule.value[2].error.responseCode).toBe('ErrorAccessDenied');
    const e = await failure(c.api('/users/megan@contoso.test/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get());
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('ErrorAccessDenied');
    expect(e.message).toBe('Access to OData is disabled.');
  });

  it('the same through $batch', async () => {
    const c = await appOnly();
    const r = await c.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `/users/orion@contoso.test/calendarView?startDateTime=${today.start}&endDateTime=${today.end}` },
        { id: '2', method: 'GET', url: `/users/vega@contoso.test/calendarView?startDateTime=${today.start}&endDateTime=${today.end}` },
      ],
    });
    const status = Object.fromEntries(r.responses.map((x: { id: string; status: number }) => [x.id, x.status]));
    expect(status).toEqual({ '1': 200, '2': 403 });
  });
});

describe('room signage, model B (seed 002): service account, Calendars.ReadWrite.Shared + FullAccess per room', () => {
  it('FullAccess on the room: works; a room without FullAccess: 403', async () => {
    const c = graph(await userToken('Signage Service Account', 'svc-signage@contoso.test', ['Calendars.ReadWrite.Shared', 'User.ReadBasic.All']));
    const orion = await c.api('/users/orion@contoso.test/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get();
    expect(orion.value.map((e: { subject: string }) => e.subject)).toContain('Megan Bowen');
    const e = await failure(c.api('/users/lyra@contoso.test/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get());
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('ErrorAccessDenied');
  });

  it('FullAccess without the .Shared scope: 403', async () => {
    const c = graph(await userToken('Signage Without Shared', 'svc-signage@contoso.test', ['Calendars.ReadWrite']));
    const e = await failure(c.api('/users/orion@contoso.test/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get());
    expect(e.statusCode).toBe(403);
    expect(JSON.parse(e.body as string).details[0].message).toContain('Calendars.ReadWrite.Shared');
  });
});

describe('mentoring (seed 003): findMeetingTimes with Calendars.Read.Shared, then the meeting', () => {
  it('suggests a time both are free and books it; the attendee gets the invitation', async () => {
    const c = graph(await userToken('Mentoring', 'megan@contoso.test', ['User.Read', 'Calendars.Read.Shared', 'Calendars.ReadWrite']));
    const d = new Date(tb.clock.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const found = await c.api('/me/findMeetingTimes').post({
      attendees: [{ type: 'required', emailAddress: { address: 'adele@contoso.test' } }],
      timeConstraint: { activityDomain: 'unrestricted', timeSlots: [{ start: { dateTime: `${d}T09:00:00`, timeZone: 'UTC' }, end: { dateTime: `${d}T11:00:00`, timeZone: 'UTC' } }] },
      meetingDuration: 'PT30M',
    });
    const first = found.meetingTimeSuggestions[0];
    expect(first.confidence).toBe(100);
    const booked = await c.api('/me/events').post({ subject: 'Mentoring session', start: first.meetingTimeSlot.start, end: first.meetingTimeSlot.end, attendees: [{ type: 'required', emailAddress: { address: 'adele@contoso.test' } }] });
    const adele = graph(await userToken('Mentoring', 'adele@contoso.test', ['Calendars.ReadWrite']));
    const invites = await adele.api('/me/calendarView').query({ startDateTime: `${d}T00:00:00Z`, endDateTime: `${d}T23:59:59Z` }).get();
    expect(invites.value.map((e: { iCalUId: string }) => e.iCalUId)).toEqual([booked.iCalUId]);
  });
});

describe('seeded meetings are laid out as Graph-created ones', () => {
  it('the organizer cancelling a seeded meeting reaches the seeded copies (attendee and room)', async () => {
    const megan = graph(await userToken('Mentoring', 'megan@contoso.test', ['Calendars.ReadWrite']));
    const mine = await megan.api('/me/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get();
    const sync = mine.value.find((e: { subject: string }) => e.subject === 'Weekly sync');
    expect(sync.attendees.map((a: { emailAddress: { address: string }; status: { response: string } }) => [a.emailAddress.address, a.status.response])).toEqual([
      ['adele@contoso.test', 'none'],
      ['orion@contoso.test', 'accepted'],
    ]);
    await megan.api(`/me/events/${sync.id}/cancel`).post({ comment: 'Cancelled' });
    const adele = graph(await userToken('Mentoring', 'adele@contoso.test', ['Calendars.ReadWrite']));
    const hers = await adele.api('/me/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get();
    const copy = hers.value.find((e: { iCalUId: string }) => e.iCalUId === sync.iCalUId);
    expect([copy.subject, copy.isCancelled]).toEqual(['Canceled: Weekly sync', true]);
    const room = graph(await userToken('Room Display', 'orion@contoso.test', ['Calendars.ReadWrite']));
    const left = await room.api('/me/calendarView').query({ startDateTime: today.start, endDateTime: today.end }).get();
    expect(left.value.map((e: { subject: string }) => e.subject)).not.toContain('Megan Bowen');
  });
});
