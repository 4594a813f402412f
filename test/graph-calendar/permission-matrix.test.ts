import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalog, type Scheme } from '../../src/catalog/index.js';
import { rankByPrivilege } from '../../src/graph/auth/authorize.js';
import { catalogPath, lookupPermissions } from '../../src/graph/auth/catalog-lookup.js';
import { mailbox, mailboxRule } from '../../src/graph/auth/mailbox-rule.js';
import { principalFromClaims } from '../../src/graph/auth/principal.js';
import { readWriteCoversReadRule } from '../../src/graph/calendar/access.js';
import type { GraphFixture } from '../graph-core/fixture.js';
import { permissionMatrix, type MatrixPermissions } from '../harness/permission-matrix.js';
import { createCalendarFixture, dayAt, dt, ids, utc } from './fixture.js';

// The permission matrix for every calendar route × scheme, from Microsoft's catalog (plus the
// documented widening: `.Shared` twins, Calendars.ReadWrite covering Calendars.Read): a token
// holding only the least-privileged permission succeeds; one holding an unrelated permission gets
// 403 ErrorAccessDenied naming what was missing; a higher-privileged one succeeds. The delegated
// caller (alice) works on her own mailbox and the app on alice's, so sharing and policies never
// decide here (mailbox-rules.test.ts and application-access-policy.test.ts cover those).

const catalog = getCatalog();
let f: GraphFixture;
let admin: string; // alice, all calendar scopes: sets things up
let bobToken: string;

beforeAll(async () => {
  f = await createCalendarFixture();
  admin = await f.userToken(ids.alice, ['Calendars.ReadWrite']);
  bobToken = await f.userToken(ids.bob, ['Calendars.ReadWrite']);
});
afterAll(() => f.close());

interface Target {
  self: string;
  cid: string;
  eid: string;
  pid: string;
}

interface Case {
  name: string;
  method: string;
  url: (t: Target) => string;
  /** Where Microsoft's data has no entry: the entry the route borrows. */
  catalogAs?: { method: string; path: string };
  body?: (t: Target) => unknown;
  schemes: Scheme[];
  status: number;
  setup?: () => Promise<Partial<Target>>;
}

const both: Scheme[] = ['delegated', 'application'];
const window = () => `startDateTime=${new Date(dayAt(f, 0)).toISOString()}&endDateTime=${new Date(dayAt(f, 7)).toISOString()}`;
let slot = 0;
const nextSlot = () => dayAt(f, 30 + Math.floor(++slot / 8), 8 + (slot % 8));

async function ownEvent(extra: Record<string, unknown> = {}): Promise<string> {
  const s = nextSlot();
  const r = await f.call('POST', '/me/events', admin, { body: { subject: 'Mine', start: dt(utc(s)), end: dt(utc(s + 1_800_000)), ...extra } });
  expect(r.status).toBe(201);
  return r.body.id;
}
/** bob invites alice: alice's copy of the meeting. */
async function invitation(): Promise<string> {
  const s = nextSlot();
  const r = await f.call('POST', '/me/events', bobToken, { body: { subject: 'From Bob', start: dt(utc(s)), end: dt(utc(s + 1_800_000)), attendees: [{ emailAddress: { address: 'alice@contoso.test' } }] } });
  expect(r.status).toBe(201);
  const v = await f.call('GET', `/me/calendarView?startDateTime=${new Date(s).toISOString()}&endDateTime=${new Date(s + 1).toISOString()}`, admin);
  return v.body.value.find((e: { iCalUId: string }) => e.iCalUId === r.body.iCalUId).id;
}
async function secondaryCalendar(): Promise<string> {
  const r = await f.call('POST', '/me/calendars', admin, { body: { name: `Extra ${++slot}` } });
  return r.body.id;
}
const defaultCal = async () => ({ cid: (await f.call('GET', '/me/calendar', admin)).body.id as string });
const sharedWithBob = async () => {
  const r = await f.call('POST', '/me/calendar/calendarPermissions', admin, { body: { emailAddress: { address: 'bob@contoso.test' }, role: 'read' } });
  return { pid: r.body.id as string };
};
const newEvent = { subject: 'New', start: dt('2031-01-06T09:00:00'), end: dt('2031-01-06T09:30:00') };
const schedule = () => ({ schedules: ['bob@contoso.test', 'orion@contoso.test'], startTime: dt(utc(dayAt(f, 1))), endTime: dt(utc(dayAt(f, 2))) });
const meetingTimes = () => ({ attendees: [{ type: 'required', emailAddress: { address: 'bob@contoso.test' } }], timeConstraint: { timeSlots: [{ start: dt(utc(dayAt(f, 40, 8))), end: dt(utc(dayAt(f, 40, 17))) }] }, meetingDuration: 'PT1H' });
const CALS_GET = { method: 'GET', path: '/users/{id}/calendars' };
const PERMS_GET = { method: 'GET', path: '/users/{id}/calendar/events' };
const PERMS_WRITE = { method: 'DELETE', path: '/users/{id}/calendar/calendarpermissions/{id}' };

const CASES: Case[] = [
  // Calendars
  { name: 'GET /me/calendar', method: 'GET', url: () => '/me/calendar', catalogAs: CALS_GET, schemes: ['delegated'], status: 200 },
  { name: 'GET /users/{id}/calendar', method: 'GET', url: (t) => `/users/${t.self}/calendar`, catalogAs: CALS_GET, schemes: both, status: 200 },
  { name: 'GET /me/calendars', method: 'GET', url: () => '/me/calendars', schemes: ['delegated'], status: 200 },
  { name: 'GET /users/{id}/calendars', method: 'GET', url: (t) => `/users/${t.self}/calendars`, schemes: both, status: 200 },
  { name: 'GET /users/{id}/calendars/{id}', method: 'GET', url: (t) => `/users/${t.self}/calendars/${t.cid}`, catalogAs: CALS_GET, schemes: both, status: 200, setup: defaultCal },
  { name: 'POST /users/{id}/calendars', method: 'POST', url: (t) => `/users/${t.self}/calendars`, body: () => ({ name: `Cal ${++slot}` }), schemes: both, status: 201 },
  { name: 'DELETE /users/{id}/calendars/{id}', method: 'DELETE', url: (t) => `/users/${t.self}/calendars/${t.cid}`, schemes: both, status: 204, setup: async () => ({ cid: await secondaryCalendar() }) },
  // Calendar permissions
  { name: 'GET /users/{id}/calendar/calendarPermissions', method: 'GET', url: (t) => `/users/${t.self}/calendar/calendarPermissions`, catalogAs: PERMS_GET, schemes: both, status: 200 },
  { name: 'GET /me/calendar/calendarPermissions', method: 'GET', url: () => '/me/calendar/calendarPermissions', catalogAs: PERMS_GET, schemes: ['delegated'], status: 200 },
  { name: 'POST /users/{id}/calendar/calendarPermissions', method: 'POST', url: (t) => `/users/${t.self}/calendar/calendarPermissions`, catalogAs: PERMS_WRITE, body: () => ({ emailAddress: { address: 'carol@contoso.test' }, role: 'limitedRead' }), schemes: both, status: 201 },
  { name: 'PATCH /users/{id}/calendar/calendarPermissions/{id}', method: 'PATCH', url: (t) => `/users/${t.self}/calendar/calendarPermissions/${t.pid}`, catalogAs: PERMS_WRITE, body: () => ({ role: 'write' }), schemes: both, status: 200, setup: sharedWithBob },
  { name: 'DELETE /users/{id}/calendar/calendarPermissions/{id}', method: 'DELETE', url: (t) => `/users/${t.self}/calendar/calendarPermissions/${t.pid}`, schemes: both, status: 204, setup: sharedWithBob },
  // Events
  { name: 'GET /me/events', method: 'GET', url: () => '/me/events', schemes: ['delegated'], status: 200 },
  { name: 'GET /users/{id}/events', method: 'GET', url: (t) => `/users/${t.self}/events`, schemes: both, status: 200 },
  { name: 'GET /users/{id}/calendar/events', method: 'GET', url: (t) => `/users/${t.self}/calendar/events`, schemes: both, status: 200 },
  { name: 'GET /users/{id}/calendars/{id}/events', method: 'GET', url: (t) => `/users/${t.self}/calendars/${t.cid}/events`, schemes: both, status: 200, setup: defaultCal },
  { name: 'GET /me/events/{id}', method: 'GET', url: (t) => `/me/events/${t.eid}`, schemes: ['delegated'], status: 200, setup: async () => ({ eid: await ownEvent() }) },
  { name: 'GET /users/{id}/events/{id}', method: 'GET', url: (t) => `/users/${t.self}/events/${t.eid}`, schemes: both, status: 200, setup: async () => ({ eid: await ownEvent() }) },
  { name: 'GET /users/{id}/calendar/events/{id}', method: 'GET', url: (t) => `/users/${t.self}/calendar/events/${t.eid}`, schemes: both, status: 200, setup: async () => ({ eid: await ownEvent() }) },
  { name: 'POST /me/events', method: 'POST', url: () => '/me/events', body: () => newEvent, schemes: ['delegated'], status: 201 },
  { name: 'POST /users/{id}/events', method: 'POST', url: (t) => `/users/${t.self}/events`, body: () => newEvent, schemes: both, status: 201 },
  { name: 'POST /users/{id}/calendar/events', method: 'POST', url: (t) => `/users/${t.self}/calendar/events`, body: () => newEvent, schemes: both, status: 201 },
  { name: 'POST /users/{id}/calendars/{id}/events', method: 'POST', url: (t) => `/users/${t.self}/calendars/${t.cid}/events`, body: () => newEvent, schemes: both, status: 201, setup: async () => ({ cid: await secondaryCalendar() }) },
  { name: 'PATCH /users/{id}/events/{id}', method: 'PATCH', url: (t) => `/users/${t.self}/events/${t.eid}`, body: () => ({ subject: 'Renamed' }), schemes: both, status: 200, setup: async () => ({ eid: await ownEvent() }) },
  { name: 'PATCH /me/events/{id}', method: 'PATCH', url: (t) => `/me/events/${t.eid}`, body: () => ({ subject: 'Renamed' }), schemes: ['delegated'], status: 200, setup: async () => ({ eid: await ownEvent() }) },
  { name: 'DELETE /users/{id}/events/{id}', method: 'DELETE', url: (t) => `/users/${t.self}/events/${t.eid}`, schemes: both, status: 204, setup: async () => ({ eid: await ownEvent() }) },
  { name: 'POST /users/{id}/events/{id}/accept', method: 'POST', url: (t) => `/users/${t.self}/events/${t.eid}/accept`, body: () => ({ sendResponse: true }), schemes: both, status: 202, setup: async () => ({ eid: await invitation() }) },
  { name: 'POST /me/events/{id}/tentativelyAccept', method: 'POST', url: (t) => `/me/events/${t.eid}/tentativelyAccept`, body: () => ({}), schemes: ['delegated'], status: 202, setup: async () => ({ eid: await invitation() }) },
  { name: 'POST /users/{id}/events/{id}/decline', method: 'POST', url: (t) => `/users/${t.self}/events/${t.eid}/decline`, body: () => ({ comment: 'no' }), schemes: both, status: 202, setup: async () => ({ eid: await invitation() }) },
  { name: 'POST /users/{id}/events/{id}/cancel', method: 'POST', url: (t) => `/users/${t.self}/events/${t.eid}/cancel`, body: () => ({ comment: 'off' }), schemes: both, status: 202, setup: async () => ({ eid: await ownEvent({ attendees: [{ emailAddress: { address: 'bob@contoso.test' } }] }) }) },
  // Views
  { name: 'GET /me/calendarView', method: 'GET', url: () => `/me/calendarView?${window()}`, schemes: ['delegated'], status: 200 },
  { name: 'GET /users/{id}/calendarView', method: 'GET', url: (t) => `/users/${t.self}/calendarView?${window()}`, schemes: both, status: 200 },
  { name: 'GET /users/{id}/calendar/calendarView', method: 'GET', url: (t) => `/users/${t.self}/calendar/calendarView?${window()}`, schemes: both, status: 200 },
  { name: 'GET /users/{id}/calendars/{id}/calendarView', method: 'GET', url: (t) => `/users/${t.self}/calendars/${t.cid}/calendarView?${window()}`, schemes: both, status: 200, setup: defaultCal },
  { name: 'GET /me/calendarView/delta', method: 'GET', url: () => `/me/calendarView/delta?${window()}`, schemes: ['delegated'], status: 200 },
  { name: 'GET /users/{id}/calendarView/delta', method: 'GET', url: (t) => `/users/${t.self}/calendarView/delta?${window()}`, schemes: both, status: 200 },
  {
    name: 'GET /users/{id}/events/{id}/instances', method: 'GET', url: (t) => `/users/${t.self}/events/${t.eid}/instances?${window()}`, schemes: both, status: 200,
    setup: async () => ({ eid: await ownEvent({ recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: utc(dayAt(f, 60)).slice(0, 10), numberOfOccurrences: 3 } } }) }),
  },
  // Availability
  { name: 'POST /me/calendar/getSchedule', method: 'POST', url: () => '/me/calendar/getSchedule', body: schedule, schemes: ['delegated'], status: 200 },
  { name: 'POST /users/{id}/calendar/getSchedule', method: 'POST', url: (t) => `/users/${t.self}/calendar/getSchedule`, body: schedule, schemes: both, status: 200 },
  { name: 'POST /me/findMeetingTimes', method: 'POST', url: () => '/me/findMeetingTimes', body: meetingTimes, schemes: ['delegated'], status: 200 },
  { name: 'POST /users/{id}/findMeetingTimes', method: 'POST', url: (t) => `/users/${t.self}/findMeetingTimes`, body: meetingTimes, schemes: ['delegated'], status: 200 },
];

/** What authorize() accepts for the case: the catalog's list, widened as the mailbox rules widen it. */
function permissionsFor(c: Case, scheme: Scheme): MatrixPermissions {
  const path = c.catalogAs?.path ?? catalogPath(c.url({ self: '{id}', cid: '{id}', eid: '{id}', pid: '{id}' }).split('?')[0]!);
  const match = lookupPermissions(catalog, c.catalogAs?.method ?? c.method, path, scheme)!;
  const principal = principalFromClaims({ tid: 'x', oid: 'x', appid: 'x', exp: 0, ...(scheme === 'delegated' ? { scp: '', idtyp: 'user' } : { roles: [], idtyp: 'app' }) } as never);
  let accepted: string[] = [...match.permissions];
  for (const rule of [mailboxRule, readWriteCoversReadRule]) {
    for (const p of rule.widen!(accepted, { s: f.s, principal, resource: mailbox('x') })) if (!accepted.some((a) => a.toLowerCase() === p.toLowerCase())) accepted.push(p);
  }
  const ranked = rankByPrivilege(catalog, accepted, match, scheme);
  const least = ranked[0]!;
  const higher = ranked.find((p) => /^Calendars\.ReadWrite$/i.test(p) && p !== least) ?? [...ranked].reverse().find((p) => p !== least) ?? least;
  return { least: [least], higher: ranked.length > 1 ? [higher] : null, accepted: ranked };
}

const UNRELATED = ['Mail.Read', 'User.Read.All'];

async function run(c: Case, scheme: Scheme, perms: string[]) {
  const target: Target = { self: ids.alice, cid: '', eid: '', pid: '', ...(await c.setup?.()) };
  const token = scheme === 'delegated' ? await f.userToken(ids.alice, perms) : await f.appToken(perms);
  return f.call(c.method, c.url(target), token, c.body ? { body: c.body(target) } : {});
}

permissionMatrix({ cases: CASES, permissionsFor, run, unrelated: UNRELATED, refusal: {
  name: '403 ErrorAccessDenied',
  check: (e) => expect([e.code, e.message]).toEqual(['ErrorAccessDenied', 'Access is denied. Check credentials and try again.']),
} });

describe('findMeetingTimes is delegated only', () => {
  it('app-only on /users/{id}/findMeetingTimes: 403, the data lists no application permission', async () => {
    const r = await f.call('POST', `/users/${ids.alice}/findMeetingTimes`, await f.appToken(['Calendars.ReadWrite', 'Calendars.Read']), { body: meetingTimes() });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ErrorAccessDenied');
    expect(r.body.error.details[0].code).toBe('tenantbox.schemeNotSupported');
  });
  it('app-only on /me/findMeetingTimes: 400 /me with an app-only token', async () => {
    const r = await f.call('POST', '/me/findMeetingTimes', await f.appToken(['Calendars.ReadWrite']), { body: meetingTimes() });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('Request_BadRequest');
  });
});
