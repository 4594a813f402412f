import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allGoogleScopes, signageYaml, startGoogleTenantbox, type GoogleTestbox } from './harness.js';
import { api, enc, tokenFor } from './helpers.js';

// Query parameters Google's front end checks against the discovery document before the method
// runs (docs/google.md, "Parameter validation"): each row is sent raw (googleapis checks some of
// them client-side; tenantbox answers what the server answers) and must get Google's error, or
// Google's answer where Google does not refuse.

let tb: GoogleTestbox;
let token: string;
let seriesId: string;
const CAL = `/calendar/v3/calendars/${enc('adele@contoso.test')}`;
const ADMIN = '/admin/directory/v1';

beforeAll(async () => {
  tb = await startGoogleTenantbox(signageYaml());
  token = await tokenFor(tb, 'everything-bot', allGoogleScopes(), 'adele@contoso.test');
  const list = await api(tb, token, 'GET', `${CAL}/events`);
  seriesId = list.body.items.find((e: any) => e.recurrence)!.id;
});
afterAll(async () => tb?.cleanup());

interface Row {
  name: string;
  path: () => string;
  status: number;
  reason?: string;
  message?: string;
  location?: string;
}

const rows: Row[] = [
  { name: 'events.list maxAttendees=-1', path: () => `${CAL}/events?maxAttendees=-1`, status: 400, reason: 'invalidParameter', message: "Invalid value '-1'. Values must be within the range: [1, 2147483647]", location: 'maxAttendees' },
  { name: 'events.list maxAttendees=0', path: () => `${CAL}/events?maxAttendees=0`, status: 400, reason: 'invalidParameter', message: "Invalid value '0'. Values must be within the range: [1, 2147483647]", location: 'maxAttendees' },
  { name: 'events.list maxResults=0', path: () => `${CAL}/events?maxResults=0`, status: 400, reason: 'invalidParameter', message: "Invalid value '0'. Values must be within the range: [1, 2147483647]", location: 'maxResults' },
  { name: 'events.list singleEvents=maybe', path: () => `${CAL}/events?singleEvents=maybe`, status: 400, reason: 'invalidParameter', message: "Invalid boolean value: 'maybe'.", location: 'singleEvents' },
  { name: 'events.list showDeleted= (empty)', path: () => `${CAL}/events?showDeleted=`, status: 400, reason: 'invalidParameter', message: "Invalid boolean value: ''.", location: 'showDeleted' },
  { name: 'events.list singleEvents=TRUE', path: () => `${CAL}/events?singleEvents=TRUE`, status: 200 },
  // Above the documented page cap Google answers at most 2500 items; it does not refuse.
  { name: 'events.list maxResults=100000', path: () => `${CAL}/events?maxResults=100000`, status: 200 },
  { name: 'events.list maxAttendees=1', path: () => `${CAL}/events?maxAttendees=1`, status: 200 },
  { name: 'events.instances maxAttendees=-1', path: () => `${CAL}/events/${seriesId}/instances?maxAttendees=-1`, status: 400, reason: 'invalidParameter', message: "Invalid value '-1'. Values must be within the range: [1, 2147483647]", location: 'maxAttendees' },
  { name: 'events.instances showDeleted=maybe', path: () => `${CAL}/events/${seriesId}/instances?showDeleted=maybe`, status: 400, reason: 'invalidParameter', message: "Invalid boolean value: 'maybe'.", location: 'showDeleted' },
  { name: 'events.instances maxResults=100000', path: () => `${CAL}/events/${seriesId}/instances?maxResults=100000`, status: 200 },
  // Checked before the calendar is looked at: a bad parameter on an unknown calendar is still 400.
  { name: 'events.list on an unknown calendar, singleEvents=maybe', path: () => `/calendar/v3/calendars/nobody%40contoso.test/events?singleEvents=maybe`, status: 400, reason: 'invalidParameter', location: 'singleEvents' },
  { name: 'acl.list showDeleted=maybe', path: () => `${CAL}/acl?showDeleted=maybe`, status: 400, reason: 'invalidParameter', message: "Invalid boolean value: 'maybe'.", location: 'showDeleted' },
  { name: 'acl.list maxResults=0', path: () => `${CAL}/acl?maxResults=0`, status: 400, reason: 'invalidParameter', location: 'maxResults' },
  { name: 'calendarList.list showHidden=yes', path: () => `/calendar/v3/users/me/calendarList?showHidden=yes`, status: 400, reason: 'invalidParameter', message: "Invalid boolean value: 'yes'.", location: 'showHidden' },
  { name: 'users.list maxResults=501', path: () => `${ADMIN}/users?customer=my_customer&maxResults=501`, status: 400, reason: 'invalidParameter', message: "Invalid value '501'. Values must be within the range: [1, 500]", location: 'maxResults' },
  { name: 'users.list maxResults=0', path: () => `${ADMIN}/users?customer=my_customer&maxResults=0`, status: 400, reason: 'invalidParameter', message: "Invalid value '0'. Values must be within the range: [1, 500]", location: 'maxResults' },
  { name: 'users.list maxResults=500', path: () => `${ADMIN}/users?customer=my_customer&maxResults=500`, status: 200 },
  { name: 'resources.calendars.list maxResults=1000', path: () => `${ADMIN}/customer/my_customer/resources/calendars?maxResults=1000`, status: 400, reason: 'invalidParameter', message: "Invalid value '1000'. Values must be within the range: [1, 500]", location: 'maxResults' },
  { name: 'resources.calendars.list maxResults=500', path: () => `${ADMIN}/customer/my_customer/resources/calendars?maxResults=500`, status: 200 },
  // groups.list answers at most 200 for a larger maxResults (it does not refuse).
  { name: 'groups.list maxResults=250', path: () => `${ADMIN}/groups?customer=my_customer&maxResults=250`, status: 200 },
];

describe('query parameter validation (Google front-end checks)', () => {
  it.each(rows)('$name → $status $reason', async (row) => {
    const r = await api(tb, token, 'GET', row.path());
    expect(r.status, JSON.stringify(r.body)).toBe(row.status);
    if (row.status < 400) return;
    const e = r.body.error;
    expect(e.code).toBe(row.status);
    expect(e.status).toBe('INVALID_ARGUMENT');
    expect(e.errors[0]).toMatchObject({ domain: 'global', reason: row.reason, locationType: 'parameter', location: row.location });
    if (row.message) {
      expect(e.message).toBe(row.message);
      expect(e.errors[0].message).toBe(row.message);
    }
  });

  it('answers a huge maxResults with one page instead of refusing it', async () => {
    const all = await api(tb, token, 'GET', `${CAL}/events?maxResults=100000`);
    expect(all.body.nextPageToken).toBeUndefined();
    expect(all.body.items.length).toBeGreaterThan(0);
    const one = await api(tb, token, 'GET', `${CAL}/events?maxResults=1`);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.nextPageToken).toEqual(expect.any(String));
  });

  it('maxAttendees=1 leaves out the other attendees, as before', async () => {
    const r = await api(tb, token, 'GET', `${CAL}/events?maxAttendees=1`);
    const meeting = r.body.items.find((e: any) => e.attendeesOmitted);
    expect(meeting).toBeDefined();
  });
});
