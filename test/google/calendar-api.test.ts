import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signageYaml, startGoogleTenantbox, type GoogleTestbox } from './harness.js';
import { SCOPE, api, enc, tokenFor } from './helpers.js';

// Calendar API v3 behaviour: recurrence, paging and sync, what each ACL role sees, resource
// booking, attendee copies, freeBusy, ACL management, calendars and the calendar list.

let tb: GoogleTestbox;
let orion: string;
let lyra: string;
let anchor: string;
const ALL = [SCOPE('calendar')];
const tok: Record<string, string> = {};
const as = (who: string) => tok[who]!;

beforeAll(async () => {
  tb = await startGoogleTenantbox(signageYaml());
  const rooms = await tb.stores.google!.directory.listResources(tb.seed.tenants[0]!.tenantId);
  [orion, lyra, anchor] = ['Orion', 'Lyra', 'Anchor'].map((n) => rooms.find((r) => r.resourceName === n)!.resourceEmail) as [string, string, string];
  for (const who of ['megan', 'adele', 'robin', 'signage']) tok[who] = await tokenFor(tb, 'everything-bot', ALL, `${who}@contoso.test`);
});
afterAll(async () => tb?.cleanup());

const day = (offset: number, h: number, m = 0) => {
  const d = new Date(tb.clock.now() + offset * 86_400_000);
  d.setUTCHours(h, m, 0, 0);
  return d.toISOString();
};

describe('seeded meetings and resources', () => {
  it('expands a weekly series in singleEvents mode, ordered by start time', async () => {
    const r = await api(tb, as('megan'), 'GET', '/calendar/v3/calendars/primary/events?singleEvents=true&orderBy=startTime&q=weekly');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(4);
    const starts = r.body.items.map((e: any) => e.start.dateTime);
    expect(starts.every((s: string) => s.endsWith(':00+01:00') || s.endsWith(':00+02:00'))).toBe(true);
    expect(new Set(starts.map((s: string) => s.slice(11, 16)))).toEqual(new Set(['09:00'])); // wall clock kept in Europe/Berlin
    expect(r.body.items[0]).toMatchObject({ recurringEventId: expect.any(String), organizer: { email: 'megan@contoso.test', self: true } });
    const master = await api(tb, as('megan'), 'GET', `/calendar/v3/calendars/primary/events?q=weekly`);
    expect(master.body.items).toHaveLength(1);
    expect(master.body.items[0].recurrence).toEqual(['RRULE:FREQ=WEEKLY;COUNT=4']);
    const bad = await api(tb, as('megan'), 'GET', '/calendar/v3/calendars/primary/events?orderBy=startTime');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('The requested ordering is not available for the particular query.');
  });

  it('the room accepted the series and declined the clashing seeded booking', async () => {
    const board = (await api(tb, as('adele'), 'GET', '/calendar/v3/calendars/primary/events?q=Board')).body.items[0];
    expect(board.attendees.find((a: any) => a.resource)).toMatchObject({ email: orion, responseStatus: 'declined', displayName: 'Orion' });
    const weekly = (await api(tb, as('megan'), 'GET', '/calendar/v3/calendars/primary/events?q=weekly')).body.items[0];
    expect(weekly.attendees.find((a: any) => a.resource).responseStatus).toBe('accepted');
    const roomEvents = await api(tb, as('signage'), 'GET', `/calendar/v3/calendars/${enc(orion)}/events`);
    expect(roomEvents.body.items.map((e: any) => e.summary)).toEqual(['Weekly sync']);
    // Adele is invited: her calendar holds a copy with the same id.
    const copy = await api(tb, as('adele'), 'GET', `/calendar/v3/calendars/primary/events/${weekly.id}`);
    expect(copy.body).toMatchObject({ id: weekly.id, iCalUID: weekly.iCalUID, organizer: { email: 'megan@contoso.test' } });
    expect(copy.body.attendees.find((a: any) => a.email === 'adele@contoso.test')).toMatchObject({ self: true, responseStatus: 'needsAction' });
  });

  it('an attendee answering on their copy updates the organizer’s event; shared fields stay the organizer’s', async () => {
    const weekly = (await api(tb, as('adele'), 'GET', '/calendar/v3/calendars/primary/events?q=weekly')).body.items[0];
    const accept = await api(tb, as('adele'), 'PATCH', `/calendar/v3/calendars/primary/events/${weekly.id}`, { attendees: [{ email: 'adele@contoso.test', responseStatus: 'accepted' }] });
    expect(accept.status).toBe(200);
    const organizer = await api(tb, as('megan'), 'GET', `/calendar/v3/calendars/primary/events/${weekly.id}`);
    expect(organizer.body.attendees.find((a: any) => a.email === 'adele@contoso.test').responseStatus).toBe('accepted');
    const rename = await api(tb, as('adele'), 'PATCH', `/calendar/v3/calendars/primary/events/${weekly.id}`, { summary: 'Mine now' });
    expect(rename.status).toBe(403);
    expect(rename.body.error.errors[0].reason).toBe('forbiddenForNonOrganizer');
  });
});

describe('what each role sees', () => {
  it('freeBusyReader (domain default on rooms): busy blocks only', async () => {
    await api(tb, as('signage'), 'POST', `/calendar/v3/calendars/${enc(lyra)}/events`, { summary: 'Secret offsite', start: { dateTime: day(5, 9) }, end: { dateTime: day(5, 10) } });
    const r = await api(tb, as('megan'), 'GET', `/calendar/v3/calendars/${enc(lyra)}/events`);
    expect(r.body.accessRole).toBe('freeBusyReader');
    expect(r.body.items).toHaveLength(1);
    expect(Object.keys(r.body.items[0]).sort()).toEqual(['end', 'etag', 'id', 'kind', 'start', 'status']);
  });

  it('reader: private events without their details', async () => {
    const r = await api(tb, as('robin'), 'GET', '/calendar/v3/calendars/megan%40contoso.test/events');
    expect(r.body.accessRole).toBe('reader');
    const priv = r.body.items.find((e: any) => e.visibility === 'private');
    expect(priv).toBeDefined();
    expect(priv.summary).toBeUndefined();
    expect(priv.description).toBeUndefined();
    expect(r.body.items.find((e: any) => e.summary === 'Weekly sync')).toBeDefined();
    const own = await api(tb, as('megan'), 'GET', '/calendar/v3/calendars/primary/events?q=salary');
    expect(own.body.items[0].description).toBe('salary talk');
  });

  it('ACLs: writers read them, owners change them, nobody changes their own', async () => {
    const denied = await api(tb, as('robin'), 'GET', '/calendar/v3/calendars/megan%40contoso.test/acl');
    expect(denied.status).toBe(403);
    expect(denied.body.error.errors[0]).toMatchObject({ reason: 'requiredAccessLevel', message: 'You need to have writer access to this calendar.' });
    const list = await api(tb, as('megan'), 'GET', '/calendar/v3/calendars/primary/acl');
    expect(list.body.items.map((r: any) => `${r.id}=${r.role}`).sort()).toEqual(['domain:contoso.test=freeBusyReader', 'user:megan@contoso.test=owner', 'user:robin@contoso.test=reader']);
    const up = await api(tb, as('megan'), 'POST', '/calendar/v3/calendars/primary/acl', { role: 'writer', scope: { type: 'user', value: 'robin@contoso.test' } });
    expect(up.body).toMatchObject({ kind: 'calendar#aclRule', id: 'user:robin@contoso.test', role: 'writer', scope: { type: 'user', value: 'robin@contoso.test' } });
    expect((await api(tb, as('robin'), 'GET', '/calendar/v3/calendars/megan%40contoso.test/acl')).status).toBe(200);
    const ownerOnly = await api(tb, as('robin'), 'DELETE', '/calendar/v3/calendars/megan%40contoso.test/acl/default');
    expect(ownerOnly.body.error.errors[0].message).toBe('You need to have owner access to this calendar.');
    expect((await api(tb, as('megan'), 'DELETE', '/calendar/v3/calendars/primary/acl/user:megan@contoso.test')).body.error.errors[0].reason).toBe('cannotChangeOwnAcl');
    expect((await api(tb, as('megan'), 'DELETE', '/calendar/v3/calendars/primary/acl/user:robin@contoso.test')).status).toBe(204);
    // Back to the domain's free/busy only.
    expect((await api(tb, as('robin'), 'GET', '/calendar/v3/calendars/megan%40contoso.test/events')).body.accessRole).toBe('freeBusyReader');
  });
});

describe('writes, paging and sync', () => {
  it('books a room: accepted when free, declined on overlap, copy removed when the organizer drops the room', async () => {
    const slot = { start: { dateTime: day(6, 13) }, end: { dateTime: day(6, 14) } };
    const first = await api(tb, as('megan'), 'POST', '/calendar/v3/calendars/primary/events', { summary: 'Room A', ...slot, attendees: [{ email: anchor }] });
    // Megan cannot see Anchor at all (domain: none): the room declines her.
    expect(first.body.attendees.find((a: any) => a.resource).responseStatus).toBe('declined');
    const robin = await api(tb, as('robin'), 'POST', '/calendar/v3/calendars/primary/events', { summary: 'Room B', ...slot, attendees: [{ email: anchor }] });
    expect(robin.body.attendees.find((a: any) => a.resource).responseStatus).toBe('accepted');
    const overlap = await api(tb, as('signage'), 'POST', '/calendar/v3/calendars/primary/events', { summary: 'Room C', start: { dateTime: day(6, 13, 30) }, end: { dateTime: day(6, 15) }, attendees: [{ email: anchor }] });
    expect(overlap.body.attendees.find((a: any) => a.resource).responseStatus).toBe('declined');
    const moved = await api(tb, as('signage'), 'PATCH', `/calendar/v3/calendars/primary/events/${overlap.body.id}`, { start: { dateTime: day(6, 14) }, end: { dateTime: day(6, 15) } });
    expect(moved.body.attendees.find((a: any) => a.resource).responseStatus).toBe('accepted');
    const dropped = await api(tb, as('robin'), 'PATCH', `/calendar/v3/calendars/primary/events/${robin.body.id}`, { attendees: [] });
    expect(dropped.body.attendees).toBeUndefined();
    const room = await api(tb, as('signage'), 'GET', `/calendar/v3/calendars/${enc(anchor)}/events?timeMin=${enc(day(6, 0))}&timeMax=${enc(day(7, 0))}`);
    expect(room.body.items.map((e: any) => e.summary)).toEqual(['Room C']);
  });

  it('pages with pageToken, ends with nextSyncToken, and syncs changes including deletions', async () => {
    const t = as('robin');
    for (let i = 0; i < 5; i++) await api(tb, t, 'POST', '/calendar/v3/calendars/primary/events', { summary: `Page ${i}`, start: { dateTime: day(10 + i, 8) }, end: { dateTime: day(10 + i, 9) } });
    const seen: string[] = [];
    let url = '/calendar/v3/calendars/primary/events?maxResults=2&q=Page';
    let last: any;
    for (;;) {
      last = (await api(tb, t, 'GET', url)).body;
      seen.push(...last.items.map((e: any) => e.summary));
      if (!last.nextPageToken) break;
      expect(last.nextSyncToken).toBeUndefined();
      url = `/calendar/v3/calendars/primary/events?maxResults=2&q=Page&pageToken=${last.nextPageToken}`;
    }
    expect(seen).toEqual(['Page 0', 'Page 1', 'Page 2', 'Page 3', 'Page 4']);
    const full = (await api(tb, t, 'GET', '/calendar/v3/calendars/primary/events')).body;
    const added = (await api(tb, t, 'POST', '/calendar/v3/calendars/primary/events', { summary: 'Later', start: { dateTime: day(20, 8) }, end: { dateTime: day(20, 9) } })).body;
    const gone = full.items.find((e: any) => e.summary === 'Page 0');
    expect((await api(tb, t, 'DELETE', `/calendar/v3/calendars/primary/events/${gone.id}`)).status).toBe(204);
    const delta = (await api(tb, t, 'GET', `/calendar/v3/calendars/primary/events?syncToken=${full.nextSyncToken}`)).body;
    expect(delta.items.map((e: any) => [e.id, e.status])).toEqual([
      [added.id, 'confirmed'],
      [gone.id, 'cancelled'],
    ]);
    expect((await api(tb, t, 'GET', `/calendar/v3/calendars/primary/events?syncToken=${delta.nextSyncToken}`)).body.items).toEqual([]);
    const stale = await api(tb, t, 'GET', '/calendar/v3/calendars/primary/events?syncToken=garbage');
    expect(stale.status).toBe(410);
    expect(stale.body.error.errors[0].reason).toBe('fullSyncRequired');
    expect((await api(tb, t, 'DELETE', `/calendar/v3/calendars/primary/events/${gone.id}`)).status).toBe(410);
  });

  it('changes and cancels single instances of a series (exceptions), visible through instances', async () => {
    const t = as('robin');
    const series = (
      await api(tb, t, 'POST', '/calendar/v3/calendars/primary/events', {
        summary: 'Standup',
        start: { dateTime: day(30, 8), timeZone: 'Europe/Berlin' },
        end: { dateTime: day(30, 8, 15), timeZone: 'Europe/Berlin' },
        recurrence: ['RRULE:FREQ=DAILY;COUNT=5'],
      })
    ).body;
    const inst = (await api(tb, t, 'GET', `/calendar/v3/calendars/primary/events/${series.id}/instances`)).body.items;
    expect(inst).toHaveLength(5);
    expect(inst[1].id).toBe(`${series.id}_${day(31, 8).replace(/[-:]/g, '').replace('.000', '')}`);
    const moved = await api(tb, t, 'PATCH', `/calendar/v3/calendars/primary/events/${inst[1].id}`, { summary: 'Standup (moved)', start: { dateTime: day(31, 9) }, end: { dateTime: day(31, 9, 15) } });
    expect(moved.body).toMatchObject({ id: inst[1].id, recurringEventId: series.id, summary: 'Standup (moved)' });
    expect((await api(tb, t, 'DELETE', `/calendar/v3/calendars/primary/events/${inst[2].id}`)).status).toBe(204);
    const after = (await api(tb, t, 'GET', `/calendar/v3/calendars/primary/events/${series.id}/instances`)).body.items;
    expect(after.map((e: any) => e.summary)).toEqual(['Standup', 'Standup (moved)', 'Standup', 'Standup']);
    const withDeleted = (await api(tb, t, 'GET', `/calendar/v3/calendars/primary/events/${series.id}/instances?showDeleted=true`)).body.items;
    expect(withDeleted.map((e: any) => e.status)).toContain('cancelled');
    const window = (await api(tb, t, 'GET', `/calendar/v3/calendars/primary/events?singleEvents=true&orderBy=startTime&q=Standup&timeMin=${enc(day(31, 0))}&timeMax=${enc(day(33, 0))}`)).body.items;
    expect(window.map((e: any) => e.summary)).toEqual(['Standup (moved)']);
  });

  it('validates events as Google does', async () => {
    const t = as('robin');
    const post = (body: unknown) => api(tb, t, 'POST', '/calendar/v3/calendars/primary/events', body);
    expect((await post({ summary: 'x', start: { dateTime: day(3, 10) } })).body.error.message).toBe('Missing end time.');
    expect((await post({ summary: 'x', start: { dateTime: day(3, 10) }, end: { dateTime: day(3, 9) } })).body.error.errors[0].reason).toBe('timeRangeEmpty');
    expect((await post({ summary: 'x', start: { dateTime: '2030-01-01T10:00:00' }, end: { dateTime: '2030-01-01T11:00:00' } })).body.error.message).toBe('Missing time zone definition for start time.');
    expect((await post({ id: 'UPPER', summary: 'x', start: { dateTime: day(3, 10) }, end: { dateTime: day(3, 11) } })).body.error.message).toBe('Invalid resource id value.');
    const allDay = await post({ summary: 'Holiday', start: { date: '2031-07-01' }, end: { date: '2031-07-02' } });
    expect(allDay.body.start).toEqual({ date: '2031-07-01' });
    expect((await post({ id: allDay.body.id, summary: 'again', start: { date: '2031-07-01' }, end: { date: '2031-07-02' } })).status).toBe(409);
  });
});

describe('freeBusy, calendars and the calendar list', () => {
  it('answers busy blocks for visible calendars and notFound for hidden ones', async () => {
    const r = await api(tb, as('megan'), 'POST', '/calendar/v3/freeBusy', { timeMin: day(0, 0), timeMax: day(2, 0), items: [{ id: orion }, { id: anchor }, { id: 'facilities@contoso.test' }] });
    expect(r.status).toBe(200);
    expect(r.body.calendars[orion].busy).toHaveLength(1);
    expect(r.body.calendars[anchor]).toEqual({ errors: [{ domain: 'global', reason: 'notFound' }], busy: [] });
    expect(r.body.groups['facilities@contoso.test']).toEqual({ calendars: ['robin@contoso.test'] });
  });

  it('creates, renames and deletes a secondary calendar, listed in the creator’s calendar list', async () => {
    const t = as('robin');
    const cal = (await api(tb, t, 'POST', '/calendar/v3/calendars', { summary: 'Projects', timeZone: 'Europe/Berlin' })).body;
    expect(cal.id).toMatch(/^c_[0-9a-f]{64}@group\.calendar\.google\.com$/);
    expect((await api(tb, t, 'PATCH', `/calendar/v3/calendars/${enc(cal.id)}`, { summary: 'Projects 2' })).body.summary).toBe('Projects 2');
    const list = (await api(tb, t, 'GET', '/calendar/v3/users/me/calendarList')).body.items;
    expect(list.map((e: any) => [e.id, e.accessRole, e.primary ?? false])).toEqual(
      expect.arrayContaining([
        ['robin@contoso.test', 'owner', true],
        [cal.id, 'owner', false],
      ]),
    );
    expect((await api(tb, as('megan'), 'DELETE', `/calendar/v3/calendars/${enc(cal.id)}`)).status).toBe(403);
    expect((await api(tb, t, 'DELETE', '/calendar/v3/calendars/primary')).body.error.errors[0].reason).toBe('cannotDeletePrimaryCalendar');
    expect((await api(tb, t, 'DELETE', `/calendar/v3/calendars/${enc(cal.id)}`)).status).toBe(204);
    expect((await api(tb, t, 'GET', `/calendar/v3/calendars/${enc(cal.id)}`)).status).toBe(404);
  });
});
