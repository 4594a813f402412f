import { Client, PageIterator } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calendarViewStates } from '../../src/store/sync-states/calendar-view.js';
import type { GraphFixture } from '../graph-core/fixture.js';
import { cal, clearPolicies, createCalendarFixture, dayAt, dt, ids, TID, utc } from './fixture.js';

// calendarView delta (graph-docs api/event-delta.md, concepts/delta-query-events.md): a first
// sync pages through @odata.nextLink to an @odata.deltaLink; a later round returns exactly what
// changed (created, updated, and deleted or moved out of the window as @removed); tokens are tied
// to the mailbox; the window is required on the first call only; application access policies
// apply as to calendarView (directly and in $batch); the unmodified Graph JS client follows the links.

let f: GraphFixture;
let writer: string; // app-only, Calendars.ReadWrite: books the rooms
let reader: string; // app-only, Calendars.Read: the signage app
let host: string;
const day = () => dayAt(f, 1);
const win = () => `startDateTime=${new Date(day()).toISOString()}&endDateTime=${new Date(day() + 86_400_000).toISOString()}`;
const page2 = { headers: { prefer: 'odata.maxpagesize=2' } };

beforeAll(async () => {
  f = await createCalendarFixture({ listen: true });
  host = new URL(f.url).hostname;
  writer = await f.appToken(['Calendars.ReadWrite']);
  reader = await f.appToken(['Calendars.Read']);
});
afterAll(() => f?.close());
beforeEach(() => clearPolicies(f));

async function book(room: string, subject: string, hour: number, extra: Record<string, unknown> = {}): Promise<string> {
  const s = day() + hour * 3_600_000;
  const r = await f.call('POST', `/users/${room}/events`, writer, { body: { subject, start: dt(utc(s)), end: dt(utc(s + 1_800_000)), ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

/** Follows nextLinks to the deltaLink; returns every item and the link. */
async function round(first: string, token = reader, opts: { headers?: Record<string, string> } = page2) {
  const items: any[] = [];
  const pages: number[] = [];
  let url = first;
  for (let i = 0; i < 50; i++) {
    const r = await f.call('GET', url.replace(/^https:\/\/[^/]+/, ''), token, opts);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body['@odata.context']).toMatch(/\$metadata#Collection\(event\)$/);
    expect(String(r.headers['preference-applied'])).toContain('odata.track-changes');
    items.push(...r.body.value);
    pages.push(r.body.value.length);
    if (r.body['@odata.deltaLink']) {
      expect(r.body['@odata.nextLink']).toBeUndefined();
      return { items, pages, deltaLink: r.body['@odata.deltaLink'] as string };
    }
    const next = r.body['@odata.nextLink'] as string;
    expect(next).toMatch(/\/calendarView\/delta\?\$skiptoken=[^&]+$/);
    url = next;
  }
  throw new Error('no deltaLink');
}

const removed = (id: string) => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });

describe('a room display syncing its day', () => {
  let deltaLink: string;
  const booked: string[] = [];

  it('first sync: pages of maxpagesize through nextLink ($skiptoken only) to a deltaLink, items as calendarView has them', async () => {
    for (let h = 8; h < 13; h++) booked.push(await book('orion@contoso.test', `Slot ${h}`, h));
    const r = await round(`/users/orion@contoso.test/calendarView/delta?${win()}`);
    expect(r.pages).toEqual([2, 2, 1]);
    expect(r.deltaLink).toMatch(/^https:\/\/.+\/v1\.0\/users\/orion@contoso\.test\/calendarView\/delta\?\$deltatoken=[^&]+$/);
    const view = await f.call('GET', `/users/orion@contoso.test/calendarView?${win()}`, reader);
    expect(r.items).toEqual(view.body.value);
    deltaLink = r.deltaLink;
  });

  it('an immediate second round returns nothing', async () => {
    const r = await round(deltaLink);
    expect(r.items).toEqual([]);
    deltaLink = r.deltaLink;
  });

  it('a later round returns exactly the created, the updated, and the deleted or moved-out ones as @removed', async () => {
    const created = await book('orion@contoso.test', 'Walk-in', 15);
    expect((await f.call('PATCH', `/users/orion@contoso.test/events/${booked[0]}`, writer, { body: { subject: 'Renamed' } })).status).toBe(200);
    expect((await f.call('DELETE', `/users/orion@contoso.test/events/${booked[1]}`, writer)).status).toBe(204);
    const later = day() + 5 * 86_400_000;
    expect((await f.call('PATCH', `/users/orion@contoso.test/events/${booked[2]}`, writer, { body: { start: dt(utc(later)), end: dt(utc(later + 1_800_000)) } })).status).toBe(200);

    const r = await round(deltaLink);
    const byId = new Map(r.items.map((e) => [e.id, e]));
    expect(r.items).toHaveLength(4);
    expect(byId.get(created).subject).toBe('Walk-in');
    expect(byId.get(booked[0]!).subject).toBe('Renamed');
    expect(byId.get(booked[1]!)).toEqual(removed(booked[1]!));
    expect(byId.get(booked[2]!)).toEqual(removed(booked[2]!));
    const view = await f.call('GET', `/users/orion@contoso.test/calendarView?${win()}`, reader);
    expect(byId.get(created)).toEqual(view.body.value.find((e: { id: string }) => e.id === created));
    deltaLink = r.deltaLink;
  });

  it('the link needs no window; a window sent with it is not the round’s (the token’s is)', async () => {
    const other = `startDateTime=${new Date(day() + 9 * 86_400_000).toISOString()}&endDateTime=${new Date(day() + 10 * 86_400_000).toISOString()}`;
    const r = await f.call('GET', `${deltaLink.replace(/^https:\/\/[^/]+/, '')}&${other}`, reader);
    expect(r.status).toBe(200);
    expect(r.body.value).toEqual([]);
  });

  it('recurring series are expanded: occurrences appear, and a deleted occurrence comes back @removed', async () => {
    const first = await round(`/users/lyra@contoso.test/calendarView/delta?${win()}`);
    const start = day() + 9 * 3_600_000;
    const series = await f.call('POST', '/users/lyra@contoso.test/events', writer, {
      body: { subject: 'Stand-up', start: dt(utc(start)), end: dt(utc(start + 900_000)), recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: utc(day()).slice(0, 10), numberOfOccurrences: 3 } } },
    });
    expect(series.status).toBe(201);
    const r = await round(first.deltaLink);
    expect(r.items.map((e) => e.type)).toEqual(['occurrence']);
    const occurrence = r.items[0].id as string;
    expect(r.items[0].seriesMasterId).toBe(series.body.id);
    expect((await f.call('DELETE', `/users/lyra@contoso.test/events/${occurrence}`, writer)).status).toBe(204);
    const after = await round(r.deltaLink);
    expect(after.items).toEqual([removed(occurrence)]);
  });
});

describe('tokens', () => {
  let link: string;
  beforeAll(async () => {
    link = (await round(`/users/orion@contoso.test/calendarView/delta?${win()}`)).deltaLink.replace(/^https:\/\/[^/]+/, '');
  });
  const invalid = (r: { status: number; body: any }) => {
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('ErrorInvalidSyncStateData');
  };

  it("another mailbox's token, an altered one, garbage, or a deltatoken as skiptoken: 400 ErrorInvalidSyncStateData", async () => {
    invalid(await f.call('GET', link.replace('orion@contoso.test', 'lyra@contoso.test'), reader));
    const token = link.split('$deltatoken=')[1]!;
    const altered = token.slice(0, 3) + (token[3] === 'A' ? 'B' : 'A') + token.slice(4);
    invalid(await f.call('GET', link.replace(token, altered), reader));
    invalid(await f.call('GET', '/users/orion@contoso.test/calendarView/delta?$deltatoken=garbage', reader));
    invalid(await f.call('GET', link.replace('$deltatoken', '$skiptoken'), reader));
  });

  it('the same mailbox addressed by id works: the token names the mailbox, not the path spelling', async () => {
    expect((await f.call('GET', link.replace('orion@contoso.test', cal.orion), reader)).status).toBe(200);
  });

  it('only the newest generations of a round are kept; an older one is 410 SyncStateNotFound', async () => {
    let current = link;
    for (let i = 0; i < 5; i++) current = (await round(current)).deltaLink;
    const r = await f.call('GET', link, reader);
    expect(r.status).toBe(410);
    expect(r.body.error.code).toBe('SyncStateNotFound');
  });

  it('sync states are persisted in the store, with the round’s window', async () => {
    const r = await round(`/users/orion@contoso.test/calendarView/delta?${win()}`);
    const id = decodeURIComponent(r.deltaLink.split('$deltatoken=')[1]!).split('.')[0]!;
    const state = await calendarViewStates(f.stores.syncStates).get(TID, id);
    expect(state).toMatchObject({ ownerId: cal.orion, fromMs: day(), toMs: day() + 86_400_000 });
    expect(state!.pending).toBeUndefined();
  });
});

describe('request shape', () => {
  it('a first call without startDateTime/endDateTime is calendarView’s 400', async () => {
    for (const q of ['', `?startDateTime=${new Date(day()).toISOString()}`]) {
      const r = await f.call('GET', `/users/orion@contoso.test/calendarView/delta${q}`, reader);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('ErrorInvalidParameter');
      expect(r.body.error.message).toBe('This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
    }
  });

  it('$select is not supported on calendarView delta', async () => {
    const r = await f.call('GET', `/users/orion@contoso.test/calendarView/delta?${win()}&$select=subject`, reader);
    expect(r.status).toBe(400);
  });

  it('/me on beta and the delta() function form work for the signed-in user', async () => {
    const alice = await f.userToken(ids.alice, ['Calendars.Read']);
    const r = await f.call('GET', `/beta/me/calendarView/delta()?${win()}`, alice);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body['@odata.deltaLink']).toMatch(/\/beta\/me\/calendarView\/delta\(\)\?\$deltatoken=/);
    expect((await f.call('GET', r.body['@odata.deltaLink'].replace(/^https:\/\/[^/]+/, ''), alice)).status).toBe(200);
    // alice's token on bob's mailbox path (same app, other user): not hers.
    const bob = await f.userToken(ids.bob, ['Calendars.Read']);
    const other = await f.call('GET', r.body['@odata.deltaLink'].replace(/^https:\/\/[^/]+/, ''), bob);
    expect(other.status).toBe(400);
  });
});

describe('application access policy: no way around it', () => {
  const restrict = () =>
    f.stores.policies.putApplicationAccessPolicy({ tenantId: TID, id: 'p-signage', appId: ids.clientAppId, accessRight: 'RestrictAccess', scopeGroupId: cal.signageGroup, scopeName: 'signage-rooms@contoso.test', description: null });
  const denied = (r: { status: number; body: any }) => {
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ErrorAccessDenied');
    expect(r.body.error.message).toBe('Access to OData is disabled.');
  };

  it('a room outside the policy group is refused, directly and in $batch; a deltaLink from before the policy too', async () => {
    const before = (await round(`/users/${ids.room2}/calendarView/delta?${win()}`)).deltaLink.replace(/^https:\/\/[^/]+/, '');
    await restrict();
    expect((await f.call('GET', `/users/orion@contoso.test/calendarView/delta?${win()}`, reader)).status).toBe(200);
    denied(await f.call('GET', `/users/${ids.room2}/calendarView/delta?${win()}`, reader));
    denied(await f.call('GET', before, reader));
    const b = await f.call('POST', '/$batch', reader, {
      body: {
        requests: [
          { id: '1', method: 'GET', url: `/users/orion@contoso.test/calendarView/delta?${win()}` },
          { id: '2', method: 'GET', url: `/users/${ids.room2}/calendarView/delta?${win()}` },
          { id: '3', method: 'GET', url: before.replace(/^\/v1\.0/, '') },
        ],
      },
    });
    expect(b.status).toBe(200);
    const byId = Object.fromEntries(b.body.responses.map((x: any) => [x.id, x]));
    expect(byId['1'].status).toBe(200);
    for (const id of ['2', '3']) {
      expect(byId[id].status).toBe(403);
      expect(byId[id].body.error.code).toBe('ErrorAccessDenied');
      expect(byId[id].body.error.message).toBe('Access to OData is disabled.');
    }
  });
});

describe('@microsoft/microsoft-graph-client (unmodified)', () => {
  it('follows nextLinks with PageIterator, then the deltaLink for the next round', async () => {
    const c = Client.init({ baseUrl: `${f.url}/`, defaultVersion: 'v1.0', customHosts: new Set([host]), authProvider: (done) => done(null, reader) });
    const opts = { headers: { Prefer: 'odata.maxpagesize=2' } };
    const before: string[] = [];
    for (let h = 13; h < 16; h++) before.push(await book('lyra@contoso.test', `SDK ${h}`, h));
    const first = await c.api('/users/lyra@contoso.test/calendarView/delta').query({ startDateTime: new Date(day()).toISOString(), endDateTime: new Date(day() + 86_400_000).toISOString() }).header('Prefer', 'odata.maxpagesize=2').get();
    expect(first.value).toHaveLength(2);
    const during = await book('lyra@contoso.test', 'SDK 16', 16);
    const seen: string[] = [];
    const it1 = new PageIterator(c, first, (e: { id: string }) => (seen.push(e.id), true), opts);
    await it1.iterate();
    // The round's changes were fixed by its first request: what was booked meanwhile comes next round.
    expect(seen.sort()).toEqual([...before].sort());
    const deltaLink = it1.getDeltaLink()!;
    expect(deltaLink).toContain('$deltatoken=');
    const next = await c.api(deltaLink).get();
    const later: string[] = [];
    const it2 = new PageIterator(c, next, (e: { id: string }) => (later.push(e.id), true), opts);
    await it2.iterate();
    expect(later).toEqual([during]);
    const quiet = await c.api(it2.getDeltaLink()!).get();
    expect(quiet.value).toEqual([]);
  });
});
