import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalog } from '../../src/catalog/index.js';
import { EMULATED_METHODS } from '../../src/google/routes-util.js';
import { signageYaml, startGoogleTenantbox, type GoogleTestbox } from './harness.js';
import { SCOPE, api, enc, tokenFor } from './helpers.js';

// Every emulated method against its scopes from the catalog: each listed scope alone lets the call
// through (the fixture is one a narrow scope can reach: a calendar the caller owns, that this
// client created, shared publicly), and a scope that is not listed is refused with 403
// insufficientPermissions. The caller is a super admin impersonated by a service account that is
// delegated every scope, so only the token's scope decides.

const catalog = getCatalog().google;
const ADMIN = 'adele@contoso.test';

interface Call {
  method: string;
  path: string;
  body?: unknown;
}
type Fixture = { cal: string; event: string; series: string };
type Case = (f: Fixture, full: string, n: number) => Promise<Call>;

let tb: GoogleTestbox;
let full: string;
let fixture: Fixture;
const tokens = new Map<string, string>();
let counter = 0;

const when = (dayOffset: number) => {
  const d = new Date(Date.now() + (40 + dayOffset) * 86_400_000);
  d.setUTCHours(8, 0, 0, 0);
  return { start: { dateTime: d.toISOString() }, end: { dateTime: new Date(d.getTime() + 3_600_000).toISOString() } };
};

async function must(token: string, method: string, path: string, body?: unknown): Promise<any> {
  const r = await api(tb, token, method, path, body);
  if (r.status >= 300) throw new Error(`fixture ${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const newEvent = async (f: Fixture, t: string) => (await must(t, 'POST', `/calendar/v3/calendars/${enc(f.cal)}/events`, { summary: 'to change', ...when(counter++) })).id as string;
const newCalendar = async (t: string) => (await must(t, 'POST', '/calendar/v3/calendars', { summary: `scratch ${counter++}` })).id as string;

const CASES: Record<string, Case> = {
  'calendar.calendarList.list': async () => ({ method: 'GET', path: '/calendar/v3/users/me/calendarList' }),
  'calendar.calendarList.get': async (f) => ({ method: 'GET', path: `/calendar/v3/users/me/calendarList/${enc(f.cal)}` }),
  'calendar.calendarList.insert': async (f) => ({ method: 'POST', path: '/calendar/v3/users/me/calendarList', body: { id: f.cal } }),
  'calendar.calendarList.patch': async (f) => ({ method: 'PATCH', path: `/calendar/v3/users/me/calendarList/${enc(f.cal)}`, body: { colorId: '3' } }),
  'calendar.calendarList.update': async (f) => ({ method: 'PUT', path: `/calendar/v3/users/me/calendarList/${enc(f.cal)}`, body: { colorId: '4' } }),
  'calendar.calendarList.delete': async (f, t) => {
    await must(t, 'POST', '/calendar/v3/users/me/calendarList', { id: f.cal });
    return { method: 'DELETE', path: `/calendar/v3/users/me/calendarList/${enc(f.cal)}` };
  },
  'calendar.calendars.get': async (f) => ({ method: 'GET', path: `/calendar/v3/calendars/${enc(f.cal)}` }),
  'calendar.calendars.insert': async () => ({ method: 'POST', path: '/calendar/v3/calendars', body: { summary: `made ${counter++}` } }),
  'calendar.calendars.patch': async (f) => ({ method: 'PATCH', path: `/calendar/v3/calendars/${enc(f.cal)}`, body: { description: 'patched' } }),
  'calendar.calendars.update': async (f) => ({ method: 'PUT', path: `/calendar/v3/calendars/${enc(f.cal)}`, body: { summary: 'Fixture calendar', timeZone: 'Europe/Berlin' } }),
  'calendar.calendars.delete': async (_f, t) => ({ method: 'DELETE', path: `/calendar/v3/calendars/${enc(await newCalendar(t))}` }),
  'calendar.calendars.clear': async () => ({ method: 'POST', path: `/calendar/v3/calendars/primary/clear` }),
  'calendar.events.list': async (f) => ({ method: 'GET', path: `/calendar/v3/calendars/${enc(f.cal)}/events?singleEvents=true&orderBy=startTime` }),
  'calendar.events.get': async (f) => ({ method: 'GET', path: `/calendar/v3/calendars/${enc(f.cal)}/events/${f.event}` }),
  'calendar.events.instances': async (f) => ({ method: 'GET', path: `/calendar/v3/calendars/${enc(f.cal)}/events/${f.series}/instances` }),
  'calendar.events.insert': async (f) => ({ method: 'POST', path: `/calendar/v3/calendars/${enc(f.cal)}/events`, body: { summary: 'new', ...when(counter++) } }),
  'calendar.events.patch': async (f, t) => ({ method: 'PATCH', path: `/calendar/v3/calendars/${enc(f.cal)}/events/${await newEvent(f, t)}`, body: { summary: 'patched' } }),
  'calendar.events.update': async (f, t) => ({ method: 'PUT', path: `/calendar/v3/calendars/${enc(f.cal)}/events/${await newEvent(f, t)}`, body: { summary: 'updated', ...when(counter++) } }),
  'calendar.events.delete': async (f, t) => ({ method: 'DELETE', path: `/calendar/v3/calendars/${enc(f.cal)}/events/${await newEvent(f, t)}` }),
  'calendar.freebusy.query': async (f) => ({ method: 'POST', path: '/calendar/v3/freeBusy', body: { timeMin: new Date().toISOString(), timeMax: new Date(Date.now() + 90 * 86_400_000).toISOString(), items: [{ id: f.cal }] } }),
  'calendar.acl.list': async (f) => ({ method: 'GET', path: `/calendar/v3/calendars/${enc(f.cal)}/acl` }),
  'calendar.acl.get': async (f) => ({ method: 'GET', path: `/calendar/v3/calendars/${enc(f.cal)}/acl/default` }),
  'calendar.acl.insert': async (f) => ({ method: 'POST', path: `/calendar/v3/calendars/${enc(f.cal)}/acl`, body: { role: 'reader', scope: { type: 'user', value: 'robin@contoso.test' } } }),
  'calendar.acl.patch': async (f) => ({ method: 'PATCH', path: `/calendar/v3/calendars/${enc(f.cal)}/acl/default`, body: { role: 'reader' } }),
  'calendar.acl.update': async (f) => ({ method: 'PUT', path: `/calendar/v3/calendars/${enc(f.cal)}/acl/default`, body: { role: 'reader', scope: { type: 'default' } } }),
  'calendar.acl.delete': async (f, t) => {
    await must(t, 'POST', `/calendar/v3/calendars/${enc(f.cal)}/acl`, { role: 'reader', scope: { type: 'user', value: 'megan@contoso.test' } });
    return { method: 'DELETE', path: `/calendar/v3/calendars/${enc(f.cal)}/acl/user:megan@contoso.test` };
  },
  'directory.resources.calendars.list': async () => ({ method: 'GET', path: '/admin/directory/v1/customer/my_customer/resources/calendars' }),
  'directory.resources.calendars.get': async () => ({ method: 'GET', path: '/admin/directory/v1/customer/my_customer/resources/calendars/fixture-room' }),
  'directory.resources.calendars.insert': async () => ({ method: 'POST', path: '/admin/directory/v1/customer/my_customer/resources/calendars', body: { resourceId: `room-${counter++}`, resourceName: 'New room', buildingId: 'hq', floorName: '1', capacity: 3 } }),
  'directory.resources.calendars.update': async () => ({ method: 'PUT', path: '/admin/directory/v1/customer/my_customer/resources/calendars/fixture-room', body: { resourceName: 'Fixture room', capacity: 5 } }),
  'directory.resources.calendars.patch': async () => ({ method: 'PATCH', path: '/admin/directory/v1/customer/my_customer/resources/calendars/fixture-room', body: { capacity: 6 } }),
  'directory.resources.calendars.delete': async () => {
    const id = `gone-${counter++}`;
    await must(await tokenWith(SCOPE('admin.directory.resource.calendar')), 'POST', '/admin/directory/v1/customer/my_customer/resources/calendars', { resourceId: id, resourceName: 'Temporary' });
    return { method: 'DELETE', path: `/admin/directory/v1/customer/my_customer/resources/calendars/${id}` };
  },
  'directory.resources.buildings.list': async () => ({ method: 'GET', path: '/admin/directory/v1/customer/my_customer/resources/buildings' }),
  'directory.resources.buildings.get': async () => ({ method: 'GET', path: '/admin/directory/v1/customer/my_customer/resources/buildings/hq' }),
  'directory.resources.buildings.insert': async () => ({ method: 'POST', path: '/admin/directory/v1/customer/my_customer/resources/buildings', body: { buildingId: `b${counter++}`, buildingName: 'Annex', floorNames: ['1'] } }),
  'directory.resources.buildings.update': async () => ({ method: 'PUT', path: '/admin/directory/v1/customer/my_customer/resources/buildings/harbour', body: { buildingName: 'Harbour', floorNames: ['0', '1'] } }),
  'directory.resources.buildings.patch': async () => ({ method: 'PATCH', path: '/admin/directory/v1/customer/my_customer/resources/buildings/harbour', body: { description: 'by the water' } }),
  'directory.resources.buildings.delete': async () => {
    const id = `gone${counter++}`;
    await must(await tokenWith(SCOPE('admin.directory.resource.calendar')), 'POST', '/admin/directory/v1/customer/my_customer/resources/buildings', { buildingId: id, buildingName: 'Shed', floorNames: ['0'] });
    return { method: 'DELETE', path: `/admin/directory/v1/customer/my_customer/resources/buildings/${id}` };
  },
  'directory.users.list': async () => ({ method: 'GET', path: '/admin/directory/v1/users?customer=my_customer' }),
  'directory.users.get': async () => ({ method: 'GET', path: '/admin/directory/v1/users/megan%40contoso.test' }),
  'directory.groups.list': async () => ({ method: 'GET', path: '/admin/directory/v1/groups?customer=my_customer' }),
  'directory.groups.get': async () => ({ method: 'GET', path: '/admin/directory/v1/groups/facilities%40contoso.test' }),
  'directory.members.list': async () => ({ method: 'GET', path: '/admin/directory/v1/groups/facilities%40contoso.test/members' }),
};

async function tokenWith(scope: string): Promise<string> {
  let t = tokens.get(scope);
  if (!t) tokens.set(scope, (t = await tokenFor(tb, 'everything-bot', [scope], ADMIN)));
  return t;
}

beforeAll(async () => {
  tb = await startGoogleTenantbox(signageYaml());
  full = await tokenWith(SCOPE('calendar'));
  const adminToken = await tokenWith(SCOPE('admin.directory.resource.calendar'));
  const cal = await newCalendar(full);
  await must(full, 'POST', `/calendar/v3/calendars/${enc(cal)}/acl`, { role: 'reader', scope: { type: 'default' } });
  const event = (await must(full, 'POST', `/calendar/v3/calendars/${enc(cal)}/events`, { summary: 'fixture', ...when(0) })).id;
  const series = (
    await must(full, 'POST', `/calendar/v3/calendars/${enc(cal)}/events`, {
      summary: 'series',
      start: { dateTime: when(1).start.dateTime, timeZone: 'Europe/Berlin' },
      end: { dateTime: when(1).end.dateTime, timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
    })
  ).id;
  await must(adminToken, 'POST', '/admin/directory/v1/customer/my_customer/resources/calendars', { resourceId: 'fixture-room', resourceName: 'Fixture room' });
  fixture = { cal, event, series };
});
afterAll(async () => tb?.cleanup());

describe('scope enforcement per method, from the catalog', () => {
  it('covers every emulated method, and only methods the catalog knows', () => {
    expect([...EMULATED_METHODS].sort()).toEqual(Object.keys(CASES).sort());
    for (const id of EMULATED_METHODS) expect(catalog.method(id), id).toBeDefined();
  });

  for (const [id, make] of Object.entries(CASES)) {
    const method = catalog.method(id)!;
    describe(id, () => {
      for (const scope of method.scopes) {
        it(`allowed with ${scope.replace('https://www.googleapis.com/auth/', '')} alone`, async () => {
          const call = await make(fixture, full, counter++);
          const r = await api(tb, await tokenWith(scope), call.method, call.path, call.body);
          expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
          const audit = (await tb.stores.audit.query({ limit: 10_000 })).filter((a) => a.path === call.path.split('?')[0]).pop()!;
          expect(audit.permission).toBe(scope);
        });
      }

      it('refused with a scope not in its list', async () => {
        const other = catalog.scopes().find((s) => !method.scopes.includes(s) && catalog.scopeRank(s)?.api === method.api)!;
        const call = await make(fixture, full, counter++);
        const r = await api(tb, await tokenWith(other), call.method, call.path, call.body);
        expect(r.status).toBe(403);
        expect(r.body.error.errors[0].reason).toBe('insufficientPermissions');
        expect(r.body.error.status).toBe('PERMISSION_DENIED');
      });
    });
  }
});
