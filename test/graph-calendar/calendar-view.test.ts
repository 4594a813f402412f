import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphFixture } from '../graph-core/fixture.js';
import { createCalendarFixture, dt, ids } from './fixture.js';

// calendarView: recurrence expansion (occurrences, exceptions, deleted and cancelled
// occurrences), instances, Prefer: outlook.timezone and outlook.body-content-type, OData on event
// lists, and Graph's 400s.

let f: GraphFixture;
let alice: string;
let bob: string;
const window = (from: string, to: string) => `startDateTime=${from}&endDateTime=${to}`;

beforeAll(async () => {
  f = await createCalendarFixture();
  alice = await f.userToken(ids.alice, ['Calendars.ReadWrite']);
  bob = await f.userToken(ids.bob, ['Calendars.ReadWrite']);
});
afterAll(() => f.close());

async function create(token: string, body: Record<string, unknown>) {
  const r = await f.call('POST', '/me/events', token, { body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
const view = async (token: string, from: string, to: string, headers: Record<string, string> = {}, extra = '') => {
  const r = await f.call('GET', `/me/calendarView?${window(from, to)}${extra}`, token, { headers });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
};

describe('recurrence expansion', () => {
  it('a weekly series: occurrences in the window with their own ids, the master in /events', async () => {
    const m = await create(alice, {
      subject: 'Weekly',
      start: dt('2027-01-04T10:00:00', 'W. Europe Standard Time'),
      end: dt('2027-01-04T10:30:00', 'W. Europe Standard Time'),
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'] }, range: { type: 'endDate', startDate: '2027-01-04', endDate: '2027-01-31' } },
    });
    expect(m).toMatchObject({ type: 'seriesMaster', originalStartTimeZone: 'W. Europe Standard Time', start: { dateTime: '2027-01-04T09:00:00.0000000', timeZone: 'UTC' } });
    expect(m.recurrence.range.recurrenceTimeZone).toBe('W. Europe Standard Time');
    const r = await view(alice, '2027-01-10T00:00:00Z', '2027-01-20T00:00:00Z');
    const occ = r.body.value;
    expect(occ.map((e: any) => [e.type, e.start.dateTime])).toEqual([
      ['occurrence', '2027-01-11T09:00:00.0000000'],
      ['occurrence', '2027-01-14T09:00:00.0000000'],
      ['occurrence', '2027-01-18T09:00:00.0000000'],
    ]);
    expect(occ[0]).toMatchObject({ seriesMasterId: m.id, subject: 'Weekly', recurrence: null, iCalUId: m.iCalUId });
    expect(new Set(occ.map((e: any) => e.id)).size).toBe(3);
    // An occurrence is addressable by its id.
    const one = await f.call('GET', `/me/events/${occ[1].id}`, alice);
    expect(one.body).toMatchObject({ type: 'occurrence', start: { dateTime: '2027-01-14T09:00:00.0000000' } });
    const list = await f.call('GET', `/me/events?$filter=subject eq 'Weekly'`, alice);
    expect(list.body.value.map((e: any) => e.type)).toEqual(['seriesMaster']);
  });

  it('an occurrence changed becomes an exception (same id, new time); one deleted disappears; instances lists both', async () => {
    const m = await create(alice, {
      subject: 'Standup',
      start: dt('2027-02-01T09:00:00'),
      end: dt('2027-02-01T09:15:00'),
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2027-02-01', numberOfOccurrences: 5 } },
    });
    const occ = (await view(alice, '2027-02-01T00:00:00Z', '2027-02-06T00:00:00Z')).body.value;
    expect(occ).toHaveLength(5);
    const moved = await f.call('PATCH', `/me/events/${occ[1].id}`, alice, { body: { subject: 'Standup (late)', start: dt('2027-02-02T11:00:00'), end: dt('2027-02-02T11:15:00') } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: occ[1].id, type: 'exception', subject: 'Standup (late)', seriesMasterId: m.id });
    expect((await f.call('DELETE', `/me/events/${occ[3].id}`, alice)).status).toBe(204);
    const after = (await view(alice, '2027-02-01T00:00:00Z', '2027-02-06T00:00:00Z')).body.value;
    expect(after.map((e: any) => [e.type, e.start.dateTime.slice(0, 16), e.subject])).toEqual([
      ['occurrence', '2027-02-01T09:00', 'Standup'],
      ['exception', '2027-02-02T11:00', 'Standup (late)'],
      ['occurrence', '2027-02-03T09:00', 'Standup'],
      ['occurrence', '2027-02-05T09:00', 'Standup'],
    ]);
    // A window holding only the original time of the moved occurrence does not show it there.
    expect((await view(alice, '2027-02-02T08:00:00Z', '2027-02-02T10:00:00Z')).body.value).toEqual([]);
    const inst = await f.call('GET', `/me/events/${m.id}/instances?${window('2027-01-01T00:00:00Z', '2027-03-01T00:00:00Z')}`, alice);
    expect(inst.body.value.map((e: any) => e.type)).toEqual(['occurrence', 'exception', 'occurrence', 'occurrence']);
    expect((await f.call('GET', `/me/events/${occ[3].id}`, alice)).status).toBe(404);
  });

  it("the organizer cancels one occurrence: it leaves the organizer's series, the attendee sees it cancelled, the room frees it", async () => {
    const m = await create(alice, {
      subject: 'Review',
      start: dt('2027-03-01T14:00:00'),
      end: dt('2027-03-01T15:00:00'),
      attendees: [{ emailAddress: { address: 'bob@contoso.test' } }, { emailAddress: { address: 'orion@contoso.test' }, type: 'resource' }],
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2027-03-01', numberOfOccurrences: 3 } },
    });
    const occ = (await view(alice, '2027-03-01T00:00:00Z', '2027-03-04T00:00:00Z')).body.value;
    expect((await f.call('POST', `/me/events/${occ[1].id}/cancel`, alice, { body: { comment: 'holiday' } })).status).toBe(202);
    expect((await view(alice, '2027-03-01T00:00:00Z', '2027-03-04T00:00:00Z')).body.value.map((e: any) => e.start.dateTime.slice(0, 10))).toEqual(['2027-03-01', '2027-03-03']);
    const bobs = (await view(bob, '2027-03-01T00:00:00Z', '2027-03-04T00:00:00Z')).body.value;
    expect(bobs.map((e: any) => [e.type, e.isCancelled, e.subject])).toEqual([
      ['occurrence', false, 'Review'],
      ['exception', true, 'Canceled: Review'],
      ['occurrence', false, 'Review'],
    ]);
    const room = await f.call('GET', `/users/orion@contoso.test/calendarView?${window('2027-03-01T00:00:00Z', '2027-03-04T00:00:00Z')}`, await f.appToken(['Calendars.Read']));
    expect(room.body.value.map((e: any) => e.start.dateTime.slice(0, 10))).toEqual(['2027-03-01', '2027-03-03']);
    expect(m.iCalUId).toBe(room.body.value[0].iCalUId);
  });
});

describe('a series changed after one of its occurrences was', () => {
  const occurrences = async (token: string, from: string, to: string) => (await view(token, from, to)).body.value.map((e: any) => [e.type, e.start.dateTime.slice(0, 10), e.subject]);

  it("renaming keeps the attendees' exceptions; moving the series re-sends it whole", async () => {
    const m = await create(alice, {
      subject: 'Sync',
      start: dt('2027-04-05T14:00:00'),
      end: dt('2027-04-05T14:30:00'),
      attendees: [{ emailAddress: { address: 'bob@contoso.test' } }],
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2027-04-05', numberOfOccurrences: 3 } },
    });
    const occ = (await view(alice, '2027-04-05T00:00:00Z', '2027-04-08T00:00:00Z')).body.value;
    await f.call('POST', `/me/events/${occ[1].id}/cancel`, alice, { body: {} });
    expect((await f.call('PATCH', `/me/events/${m.id}`, alice, { body: { subject: 'Sync (renamed)' } })).status).toBe(200);
    expect(await occurrences(bob, '2027-04-05T00:00:00Z', '2027-04-08T00:00:00Z')).toEqual([
      ['occurrence', '2027-04-05', 'Sync (renamed)'],
      ['exception', '2027-04-06', 'Canceled: Sync'],
      ['occurrence', '2027-04-07', 'Sync (renamed)'],
    ]);
    expect((await f.call('PATCH', `/me/events/${m.id}`, alice, { body: { start: dt('2027-04-05T15:00:00'), end: dt('2027-04-05T15:30:00') } })).status).toBe(200);
    expect(await occurrences(bob, '2027-04-05T00:00:00Z', '2027-04-08T00:00:00Z')).toEqual([
      ['occurrence', '2027-04-05', 'Sync (renamed)'],
      ['occurrence', '2027-04-06', 'Sync (renamed)'],
      ['occurrence', '2027-04-07', 'Sync (renamed)'],
    ]);
    expect((await view(alice, '2027-04-05T00:00:00Z', '2027-04-08T00:00:00Z')).body.value).toHaveLength(3);
  });
});

describe('Prefer: outlook.timezone', () => {
  it('a Windows zone name: times in that zone, echoed in timeZone and Preference-Applied', async () => {
    await create(alice, { subject: 'Tz', start: dt('2027-07-01T16:00:00'), end: dt('2027-07-01T17:00:00') });
    const r = await view(alice, '2027-07-01T00:00:00Z', '2027-07-02T00:00:00Z', { prefer: 'outlook.timezone="Pacific Standard Time"' });
    expect(r.headers['preference-applied']).toBe('outlook.timezone="Pacific Standard Time"');
    expect(r.body.value[0].start).toEqual({ dateTime: '2027-07-01T09:00:00.0000000', timeZone: 'Pacific Standard Time' });
    expect(r.body.value[0].end).toEqual({ dateTime: '2027-07-01T10:00:00.0000000', timeZone: 'Pacific Standard Time' });
  });

  it('an IANA name works the same; winter time differs from summer time', async () => {
    await create(alice, { subject: 'Winter', start: dt('2027-12-01T16:00:00'), end: dt('2027-12-01T17:00:00') });
    const r = await view(alice, '2027-12-01T00:00:00Z', '2027-12-02T00:00:00Z', { prefer: 'outlook.timezone="America/Los_Angeles"' });
    expect(r.body.value[0].start).toEqual({ dateTime: '2027-12-01T08:00:00.0000000', timeZone: 'America/Los_Angeles' });
  });

  it('a body time in a zone is stored as the instant it denotes; without Prefer, answers are UTC', async () => {
    const e = await create(alice, { subject: 'Tokyo', start: dt('2027-08-02T09:00:00', 'Tokyo Standard Time'), end: dt('2027-08-02T10:00:00', 'Asia/Tokyo') });
    expect(e.start).toEqual({ dateTime: '2027-08-02T00:00:00.0000000', timeZone: 'UTC' });
    expect(e.originalStartTimeZone).toBe('Tokyo Standard Time');
    const r = await f.call('GET', `/me/events/${e.id}`, alice, { headers: { prefer: 'outlook.timezone="Tokyo Standard Time", outlook.body-content-type="text"' } });
    expect(r.body.start.dateTime).toBe('2027-08-02T09:00:00.0000000');
    expect(r.headers['preference-applied']).toBe('outlook.timezone="Tokyo Standard Time", outlook.body-content-type="text"');
    expect(r.body.body.contentType).toBe('text');
  });

  it('an unknown zone: 400 TimeZoneNotSupportedException', async () => {
    const r = await f.call('GET', `/me/calendarView?${window('2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z')}`, alice, { headers: { prefer: 'outlook.timezone="Atlantis Time"' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'TimeZoneNotSupportedException', message: "A valid TimeZone value must be specified. The following TimeZone value is not supported: 'Atlantis Time'." });
    const body = await f.call('POST', '/me/events', alice, { body: { subject: 'x', start: dt('2027-01-01T09:00:00', 'Nowhere'), end: dt('2027-01-01T10:00:00') } });
    expect(body.body.error.code).toBe('TimeZoneNotSupportedException');
  });
});

describe("Graph's 400s and OData", () => {
  it('calendarView without its window', async () => {
    for (const q of ['', '?startDateTime=2027-01-01T00:00:00Z', '?endDateTime=2027-01-01T00:00:00Z']) {
      const r = await f.call('GET', `/me/calendarView${q}`, alice);
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual(expect.objectContaining({ code: 'ErrorInvalidParameter', message: 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.' }));
    }
    const bad = await f.call('GET', `/me/calendarView?${window('yesterday', '2027-01-01T00:00:00Z')}`, alice);
    expect(bad.body.error.code).toBe('ErrorInvalidParameter');
  });

  it('$select, $filter, $orderby, $top with paging, $count', async () => {
    for (let i = 0; i < 12; i++) await create(bob, { subject: `Item ${String(i).padStart(2, '0')}`, start: dt(`2027-09-${String(12 - i).padStart(2, '0')}T09:00:00`), end: dt(`2027-09-${String(12 - i).padStart(2, '0')}T10:00:00`), importance: i % 2 ? 'high' : 'low' });
    const sel = await f.call('GET', `/me/calendarView?${window('2027-09-01T00:00:00Z', '2027-10-01T00:00:00Z')}&$select=subject,start`, bob);
    expect(Object.keys(sel.body.value[0]).sort()).toEqual(['@odata.etag', 'id', 'start', 'subject']);
    expect(sel.body['@odata.context']).toContain('calendarView(subject,start)');
    expect(sel.body.value).toHaveLength(10);
    expect(sel.body['@odata.nextLink']).toContain('$skiptoken=');
    const next = await f.call('GET', sel.body['@odata.nextLink'].replace(/^https:\/\/[^/]+/, ''), bob);
    expect(next.body.value).toHaveLength(2);
    expect(next.body['@odata.nextLink']).toBeUndefined();
    const filtered = await f.call('GET', `/me/events?$filter=importance eq 'high' and startswith(subject,'Item')&$orderby=start/dateTime desc&$top=3&$count=true`, bob);
    expect(filtered.status).toBe(200);
    expect(filtered.body['@odata.count']).toBe(6);
    expect(filtered.body.value.map((e: any) => e.subject)).toEqual(['Item 01', 'Item 03', 'Item 05']);
    const unknown = await f.call('GET', `/me/events?$select=nope`, bob);
    expect(unknown.status).toBe(400);
    const maxPage = await f.call('GET', `/me/calendarView?${window('2027-09-01T00:00:00Z', '2027-10-01T00:00:00Z')}`, bob, { headers: { prefer: 'odata.maxpagesize=5' } });
    expect(maxPage.body.value).toHaveLength(5);
    // A $top above Outlook's 1,000 is answered, not refused (microsoft-graph-docs#12653), unlike
    // the directory's "Invalid page size".
    const huge = await f.call('GET', `/me/calendarView?${window('2027-09-01T00:00:00Z', '2027-10-01T00:00:00Z')}&$top=1000000`, bob);
    expect([huge.status, huge.body.value.length, huge.body['@odata.nextLink']]).toEqual([200, 12, undefined]);
  });

  it('a page without OData options (written from cached JSON) equals the one the OData code builds', async () => {
    const q = `/me/calendarView?${window('2027-09-01T00:00:00Z', '2027-10-01T00:00:00Z')}`;
    const fast = await f.call('GET', q, bob);
    const slow = await f.call('GET', `${q}&$skip=0`, bob);
    expect(fast.headers['content-type']).toBe(slow.headers['content-type']);
    expect(fast.body.value).toEqual(slow.body.value);
    expect(fast.body['@odata.context']).toBe(slow.body['@odata.context']);
    // The fast page's nextLink is one the OData code accepts.
    const second = await f.call('GET', fast.body['@odata.nextLink'].replace(/^https:\/\/[^/]+/, ''), bob);
    expect(second.body.value.map((e: any) => e.id)).toEqual(slow.body.value.length ? (await f.call('GET', `${q}&$skip=10`, bob)).body.value.map((e: any) => e.id) : []);
  });

  it('Calendars.ReadBasic reads events without their bodies', async () => {
    const r = await f.call('GET', `/me/calendarView?${window('2027-09-01T00:00:00Z', '2027-10-01T00:00:00Z')}`, await f.userToken(ids.bob, ['Calendars.ReadBasic']));
    expect(r.status).toBe(200);
    expect(r.body.value[0].subject).toBeDefined();
    expect(r.body.value[0].body).toBeUndefined();
    expect(r.body.value[0].bodyPreview).toBeUndefined();
  });
});
