import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphFixture } from '../graph-core/fixture.js';
import { cal, clearPolicies, createCalendarFixture, dayAt, dt, ids, TID, utc } from './fixture.js';

// Exchange application access policies (semantics doc §5) on every path to calendar data of an
// app-only caller: calendarView, events, writes, getSchedule (per schedule entry), and $batch
// (each step through the pipeline). Signage model A: RestrictAccess to the signage-rooms group.

let f: GraphFixture;
let app: string;
let start: number;
const win = () => `startDateTime=${new Date(start - 3_600_000).toISOString()}&endDateTime=${new Date(start + 3_600_000).toISOString()}`;
const restrict = (accessRight: 'RestrictAccess' | 'DenyAccess', group = cal.signageGroup) =>
  f.stores.policies.putApplicationAccessPolicy({ tenantId: TID, id: `p-${accessRight}`, appId: ids.clientAppId, accessRight, scopeGroupId: group, scopeName: 'signage-rooms@contoso.test', description: null });

beforeAll(async () => {
  f = await createCalendarFixture();
  app = await f.appToken(['Calendars.ReadWrite', 'Place.Read.All', 'User.Read.All']);
  start = dayAt(f, 3, 10);
  const alice = await f.userToken(ids.alice, ['Calendars.ReadWrite']);
  await f.call('POST', '/me/events', alice, { body: { subject: 'Board', start: dt(utc(start)), end: dt(utc(start + 1_800_000)), attendees: [{ emailAddress: { address: 'orion@contoso.test' }, type: 'resource' }] } });
});
afterAll(() => f.close());
beforeEach(() => clearPolicies(f));

const denied = (r: { status: number; body: any }) => {
  expect(r.status).toBe(403);
  expect(r.body.error.code).toBe('ErrorAccessDenied');
  expect(r.body.error.message).toBe('Access to OData is disabled.');
  expect(r.body.error.details[0].code).toBe('tenantbox.applicationAccessPolicy');
};

describe('RestrictAccess to the signage-rooms group', () => {
  it('calendarView: a room in the group works, a user mailbox outside it is refused', async () => {
    await restrict('RestrictAccess');
    const room = await f.call('GET', `/users/orion@contoso.test/calendarView?${win()}`, app);
    expect(room.status).toBe(200);
    expect(room.body.value[0].subject).toBe('Alice');
    denied(await f.call('GET', `/users/alice@contoso.test/calendarView?${win()}`, app));
    denied(await f.call('GET', `/users/${ids.room2}/calendarView?${win()}`, app));
  });

  it('events, single events and writes follow the same rule', async () => {
    await restrict('RestrictAccess');
    expect((await f.call('GET', '/users/lyra@contoso.test/events', app)).status).toBe(200);
    denied(await f.call('GET', '/users/alice@contoso.test/events', app));
    const body = { subject: 'Signage booking', start: dt(utc(start + 7_200_000)), end: dt(utc(start + 9_000_000)) };
    expect((await f.call('POST', '/users/lyra@contoso.test/events', app, { body })).status).toBe(201);
    denied(await f.call('POST', '/users/alice@contoso.test/events', app, { body }));
    const aliceEvents = await f.stores.events.listEvents(TID, (await f.stores.events.getDefaultCalendar(TID, ids.alice))!.id);
    denied(await f.call('GET', `/users/alice@contoso.test/events/${aliceEvents[0]!.id}`, app));
  });

  it('getSchedule: each schedule entry is checked; entries outside the policy carry an error', async () => {
    await restrict('RestrictAccess');
    const r = await f.call('POST', '/users/orion@contoso.test/calendar/getSchedule', app, {
      body: { schedules: ['orion@contoso.test', 'alice@contoso.test', 'lyra@contoso.test'], startTime: dt(utc(start - 3_600_000)), endTime: dt(utc(start + 3_600_000)) },
    });
    expect(r.status).toBe(200);
    const [orion, alice, lyra] = r.body.value;
    expect(orion.availabilityView).toBe('0020');
    expect(alice).toEqual({ scheduleId: 'alice@contoso.test', error: { message: 'Access to OData is disabled.', responseCode: 'ErrorAccessDenied' } });
    expect(lyra.availabilityView).toBe('0000');
    // The mailbox in the path is checked like any other route.
    denied(await f.call('POST', '/users/alice@contoso.test/calendar/getSchedule', app, { body: { schedules: ['orion@contoso.test'], startTime: dt(utc(start)), endTime: dt(utc(start + 3_600_000)) } }));
  });

  it('$batch: every step passes the policy on its own', async () => {
    await restrict('RestrictAccess');
    const r = await f.call('POST', '/$batch', app, {
      body: {
        requests: [
          { id: '1', method: 'GET', url: `/users/orion@contoso.test/calendarView?${win()}` },
          { id: '2', method: 'GET', url: `/users/alice@contoso.test/calendarView?${win()}` },
          { id: '3', method: 'POST', url: '/users/alice@contoso.test/calendar/getSchedule', headers: { 'content-type': 'application/json' }, body: { schedules: ['orion@contoso.test'], startTime: dt(utc(start)), endTime: dt(utc(start + 3_600_000)) } },
        ],
      },
    });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.responses.map((x: any) => [x.id, x]));
    expect(byId['1'].status).toBe(200);
    expect(byId['2'].status).toBe(403);
    expect(byId['2'].body.error.message).toBe('Access to OData is disabled.');
    expect(byId['3'].status).toBe(403);
  });

  it('the audit log names the policy that refused', async () => {
    await restrict('RestrictAccess');
    await f.call('GET', `/users/alice@contoso.test/calendarView?${win()}`, app);
    await f.stores.audit.flush();
    const last = (await f.stores.audit.query({ appId: ids.clientAppId })).filter((a) => a.status === 403).pop()!;
    expect(last.policy).toContain('ApplicationAccessPolicy RestrictAccess signage-rooms@contoso.test');
    expect(last.template).toBe('/users/{id}/calendarview');
  });
});

describe('other policy shapes', () => {
  it('DenyAccess on the rooms group: rooms refused, users reachable', async () => {
    await restrict('DenyAccess');
    denied(await f.call('GET', `/users/orion@contoso.test/calendarView?${win()}`, app));
    expect((await f.call('GET', `/users/alice@contoso.test/calendarView?${win()}`, app)).status).toBe(200);
  });

  it('no policy: an app with Calendars.Read reaches every mailbox, rooms and users', async () => {
    for (const who of ['orion@contoso.test', 'alice@contoso.test', ids.room2]) expect((await f.call('GET', `/users/${who}/calendarView?${win()}`, app)).status).toBe(200);
  });

  it('delegated calls are not subject to application access policies', async () => {
    await restrict('RestrictAccess');
    const r = await f.call('GET', `/me/calendarView?${win()}`, await f.userToken(ids.alice, ['Calendars.Read']));
    expect(r.status).toBe(200);
  });
});
