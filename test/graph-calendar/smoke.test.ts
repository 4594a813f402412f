import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCalendarFixture, dayAt, dt, ids, utc } from './fixture.js';
import type { GraphFixture } from '../graph-core/fixture.js';

let f: GraphFixture;
beforeAll(async () => { f = await createCalendarFixture(); });
afterAll(() => f.close());

it('smoke', async () => {
  const t = await f.userToken(ids.alice, ['Calendars.ReadWrite']);
  const s = dayAt(f, 1, 9);
  const r = await f.call('POST', '/me/events', t, { body: { subject: 'Sync', start: dt(utc(s)), end: dt(utc(s + 3600_000)), attendees: [{ emailAddress: { address: 'orion@contoso.test' }, type: 'resource' }, { emailAddress: { address: 'bob@contoso.test' } }] } });
  console.log(r.status, JSON.stringify(r.body, null, 1).slice(0, 3000));
  const v = await f.call('GET', `/me/calendarView?startDateTime=${new Date(s - 3600_000).toISOString()}&endDateTime=${new Date(s + 7200_000).toISOString()}`, t, { headers: { prefer: 'outlook.timezone="Pacific Standard Time"' } });
  console.log(v.status, v.headers['preference-applied'], JSON.stringify(v.body).slice(0, 800));
  const a = await f.appToken(['Calendars.Read']);
  const rv = await f.call('GET', `/users/orion@contoso.test/calendarView?startDateTime=${new Date(s - 3600_000).toISOString()}&endDateTime=${new Date(s + 7200_000).toISOString()}`, a);
  console.log(rv.status, JSON.stringify(rv.body).slice(0, 1500));
  const gs = await f.call('POST', '/users/orion@contoso.test/calendar/getSchedule', a, { body: { schedules: ['orion@contoso.test', 'bob@contoso.test', 'nobody@contoso.test'], startTime: dt(utc(s - 3600_000)), endTime: dt(utc(s + 7200_000)), availabilityViewInterval: 30 } });
  console.log(gs.status, JSON.stringify(gs.body, null, 1).slice(0, 3000));
  expect(r.status).toBe(201);
});
