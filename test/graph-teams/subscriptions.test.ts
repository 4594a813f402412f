import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calendarArea } from '../../src/graph/calendar/index.js';
import { directoryArea } from '../../src/graph/directory/index.js';
import { notifierOf, subscriptionsArea } from '../../src/graph/subscriptions/index.js';
import type { EventRecord } from '../../src/store/types.js';
import { createGraphFixture, ids, TID, type GraphFixture } from '../graph-core/fixture.js';
import { startReceiver, type Receiver } from './receiver.js';

// Change notifications: the validation handshake against a local receiver, notifications when an
// event in a watched mailbox is created, updated or deleted (by any path: the EventStore itself
// publishes), clientState, expiry on the emulated clock, renewal, ownership of subscriptions, the
// permission to subscribe (the resource's read permission) and Exchange application access
// policies on app-only subscriptions.

let f: GraphFixture;
let rx: Receiver;
const calendars: Record<string, string> = {};
let n = 0;

beforeAll(async () => {
  f = await createGraphFixture({ areas: [directoryArea, calendarArea, subscriptionsArea] });
  rx = await startReceiver();
  for (const [name, id] of Object.entries({ alice: ids.alice, bob: ids.bob, room1: ids.room1, room2: ids.room2 })) {
    calendars[name] = `cal-${name}`;
    await f.stores.events.putCalendar({ tenantId: TID, id: `cal-${name}`, ownerId: id, name: 'Calendar', isDefault: true, color: 'auto', changeKey: 'k' });
  }
});
afterAll(async () => {
  await f.close();
  await rx.close();
});
beforeEach(() => {
  rx.handshake = 'echo';
  rx.notifyStatus = 202;
});

const inMinutes = (m: number) => new Date(f.clock.now() + m * 60_000).toISOString();
const subBody = (over: Record<string, unknown> = {}) => ({
  changeType: 'created,updated,deleted',
  notificationUrl: `${rx.url}/notify`,
  resource: `/users/${ids.room1}/events`,
  expirationDateTime: inMinutes(60),
  clientState: 'secret-state',
  ...over,
});

function event(ownerKey: 'alice' | 'bob' | 'room1' | 'room2', ownerId: string, subject: string): EventRecord {
  const id = `evt-${++n}`;
  const start = f.clock.now() + 86_400_000;
  return {
    tenantId: TID, id, calendarId: calendars[ownerKey]!, ownerId, iCalUId: `ical-${id}`, type: 'singleInstance', seriesMasterId: null, startMs: start, endMs: start + 1_800_000,
    data: { subject, showAs: 'busy' }, createdDateTime: new Date().toISOString(), lastModifiedDateTime: new Date().toISOString(), changeKey: `ck-${n}`,
  };
}

describe('the validation handshake', () => {
  it('POSTs the validationToken as text/plain; an endpoint that echoes it gets the subscription (201)', async () => {
    const before = rx.validations.length;
    const r = await f.call('POST', '/subscriptions', await f.appToken(['Calendars.Read']), { body: subBody() });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const v = rx.validations.slice(before);
    expect(v).toHaveLength(1);
    expect(v[0]!.path).toBe('/notify');
    expect(v[0]!.token).toMatch(/^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/);
    expect(v[0]!.contentType).toMatch(/^text\/plain/);
    expect(r.body).toMatchObject({
      resource: `/users/${ids.room1}/events`, applicationId: ids.clientAppId, changeType: 'created,updated,deleted', clientState: 'secret-state',
      notificationUrl: `${rx.url}/notify`, creatorId: ids.clientSp, includeResourceData: false, latestSupportedTlsVersion: 'v1_2',
    });
    expect(r.body['@odata.context']).toMatch(/\$metadata#subscriptions\/\$entity$/);
  });

  it("refuses as Graph does when the endpoint echoes something else, answers 403, or cannot be reached", async () => {
    const t = await f.appToken(['Calendars.Read']);
    rx.handshake = 'wrong-echo';
    const wrong = await f.call('POST', '/subscriptions', t, { body: subBody() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'InvalidRequest', message: 'Subscription validation request failed. Response must exactly match validationToken query parameter.' });
    rx.handshake = 'encoded-echo'; // the URL-encoded token is not the token
    expect((await f.call('POST', '/subscriptions', t, { body: subBody() })).status).toBe(400);
    rx.handshake = 'forbidden';
    const forbidden = await f.call('POST', '/subscriptions', t, { body: subBody() });
    expect(forbidden.body.error).toMatchObject({
      code: 'ValidationError',
      message: "Subscription validation request failed. HTTP status code is 'Forbidden'. Notification endpoint must respond with 200 OK to validation request.",
    });
    const closed = await f.call('POST', '/subscriptions', t, { body: subBody({ notificationUrl: 'http://127.0.0.1:9/nobody' }) });
    expect(closed.status).toBe(400);
    expect(closed.body.error.code).toBe('ValidationError');
  });

  it('sends nothing off the machine: other hosts and schemes are refused before any request', async () => {
    const t = await f.appToken(['Calendars.Read']);
    for (const url of ['https://webhook.example.com/notify', 'ftp://127.0.0.1/x', 'not a url']) {
      const r = await f.call('POST', '/subscriptions', t, { body: subBody({ notificationUrl: url }) });
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('ValidationError');
    }
  });

  it('caps an event subscription at 4230 minutes, with Graph\'s error', async () => {
    const t = await f.appToken(['Calendars.Read']);
    const far = await f.call('POST', '/subscriptions', t, { body: subBody({ expirationDateTime: inMinutes(4231) }) });
    expect(far.status).toBe(400);
    expect(far.body.error).toMatchObject({ code: 'ExtensionError', message: 'Subscription expiration can only be 4230 minutes in the future.' });
    expect((await f.call('POST', '/subscriptions', t, { body: subBody({ expirationDateTime: inMinutes(4229) }) })).status).toBe(201);
    expect((await f.call('POST', '/subscriptions', t, { body: subBody({ expirationDateTime: inMinutes(-1) }) })).status).toBe(400);
  });
});

describe('notifications', () => {
  it('an event created, updated and deleted in the mailbox is notified, with clientState', async () => {
    const sub = await f.call('POST', '/subscriptions', await f.appToken(['Calendars.Read']), { body: subBody({ resource: `users/${ids.room2}/events`, clientState: 'room2-state' }) });
    expect(sub.status).toBe(201);
    const e = event('room2', ids.room2, 'Planning');
    await f.stores.events.putEvent(e);
    await rx.waitFor(() => rx.itemsFor(sub.body.id).length === 1, 'created');
    const [created] = rx.itemsFor(sub.body.id);
    expect(created).toEqual({
      subscriptionId: sub.body.id,
      subscriptionExpirationDateTime: sub.body.expirationDateTime,
      changeType: 'created',
      resource: `Users/${ids.room2}/Events/${e.id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${ids.room2}/Events/${e.id}`, '@odata.etag': `W/"${e.changeKey}"`, id: e.id },
      clientState: 'room2-state',
      tenantId: TID,
    });
    expect(rx.received.at(-1)!.contentType).toMatch(/^application\/json/);

    await f.stores.events.putEvent({ ...e, changeKey: 'ck-updated', data: { subject: 'Planning (moved)' } });
    await rx.waitFor(() => rx.itemsFor(sub.body.id).length === 2, 'updated');
    expect(rx.itemsFor(sub.body.id)[1]).toMatchObject({ changeType: 'updated', resourceData: { '@odata.etag': 'W/"ck-updated"' } });

    await f.stores.events.deleteEvent(TID, e.id);
    await rx.waitFor(() => rx.itemsFor(sub.body.id).length === 3, 'deleted');
    expect(rx.itemsFor(sub.body.id)[2]).toMatchObject({ changeType: 'deleted', resource: `Users/${ids.room2}/Events/${e.id}`, resourceData: { id: e.id } });
  });

  it('changes made through Graph\'s calendar routes are notified too (the EventStore publishes every write)', async () => {
    const mine = await f.call('POST', '/subscriptions', await f.userToken(ids.alice, ['Calendars.Read']), { body: subBody({ resource: 'me/events', changeType: 'created' }) });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const created = await f.call('POST', '/me/events', await f.userToken(ids.alice, ['Calendars.ReadWrite']), {
      body: { subject: 'Focus time', start: { dateTime: '2030-01-07T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2030-01-07T10:00:00', timeZone: 'UTC' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await rx.waitFor(() => rx.itemsFor(mine.body.id).length === 1, 'created through Graph');
    expect(rx.itemsFor(mine.body.id)[0]).toMatchObject({ changeType: 'created', resourceData: { id: created.body.id }, resource: `Users/${ids.alice}/Events/${created.body.id}` });
  });

  it('only the change types subscribed to are sent; other mailboxes are not', async () => {
    const t = await f.appToken(['Calendars.Read']);
    const deletes = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.bob}/events`, changeType: 'deleted', clientState: 'deletes' }) });
    const other = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.room1}/calendar/events`, changeType: 'created', clientState: 'other' }) });
    const e = event('bob', ids.bob, 'One on one');
    await f.stores.events.putEvent(e);
    await f.stores.events.deleteEvent(TID, e.id);
    await rx.waitFor(() => rx.itemsFor(deletes.body.id).length === 1, 'the deletion');
    expect(rx.itemsFor(deletes.body.id).map((i) => i.changeType)).toEqual(['deleted']);
    expect(rx.itemsFor(other.body.id)).toEqual([]);
  });

  it('an expired subscription stops notifying and is gone; a renewed one goes on', async () => {
    const t = await f.appToken(['Calendars.Read']);
    const short = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.room1}/events`, expirationDateTime: inMinutes(30), clientState: 'short' }) });
    const renewed = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.room1}/events`, expirationDateTime: inMinutes(30), clientState: 'renewed' }) });
    const renewal = await f.call('PATCH', `/subscriptions/${renewed.body.id}`, t, { body: { expirationDateTime: inMinutes(120) } });
    expect(renewal.status).toBe(200);
    expect(Date.parse(renewal.body.expirationDateTime)).toBeGreaterThan(Date.parse(renewed.body.expirationDateTime));
    f.clock.advance(31 * 60_000);
    expect((await f.call('GET', `/subscriptions/${short.body.id}`, t)).status).toBe(404);
    expect((await f.call('PATCH', `/subscriptions/${short.body.id}`, t, { body: { expirationDateTime: inMinutes(60) } })).status).toBe(404);
    await f.stores.events.putEvent(event('room1', ids.room1, 'After expiry'));
    await rx.waitFor(() => rx.itemsFor(renewed.body.id).length === 1, 'the renewed subscription');
    expect(rx.itemsFor(renewed.body.id)[0]!.subscriptionExpirationDateTime).toBe(renewal.body.expirationDateTime);
    expect(rx.itemsFor(short.body.id)).toEqual([]);
  });

  it('a failed delivery is retried', async () => {
    const t = await f.appToken(['Calendars.Read']);
    const sub = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.room2}/events`, changeType: 'created', clientState: 'retry', notificationUrl: `${rx.url}/flaky` }) });
    let failed = false;
    rx.notifyStatus = (path) => (path === '/flaky' && !failed ? ((failed = true), 503) : 202);
    const before = notifierOf(f.s).attempts.length;
    await f.stores.events.putEvent(event('room2', ids.room2, 'Retry me'));
    await rx.waitFor(() => rx.itemsFor(sub.body.id).length === 1, 'the retried delivery');
    // The notifier records an attempt once the receiver's answer is back, which can be after the
    // receiver has the item.
    const attempts = () => notifierOf(f.s).attempts.slice(before).filter((a) => a.subscriptionId === sub.body.id);
    await rx.waitFor(() => attempts().length === 2, 'the second attempt recorded');
    expect(attempts().map((a) => a.status)).toEqual([503, 202]);
  });

  it('a deleted subscription stops notifying', async () => {
    const t = await f.appToken(['Calendars.Read']);
    const gone = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.bob}/events`, changeType: 'created', clientState: 'gone' }) });
    const kept = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.bob}/events`, changeType: 'created', clientState: 'kept' }) });
    expect((await f.call('DELETE', `/subscriptions/${gone.body.id}`, t)).status).toBe(204);
    await f.stores.events.putEvent(event('bob', ids.bob, 'Quiet'));
    await rx.waitFor(() => rx.itemsFor(kept.body.id).length === 1, 'the kept subscription');
    expect(rx.itemsFor(gone.body.id)).toEqual([]);
  });
});

describe('who may subscribe, and to what', () => {
  it('subscribing needs the read permission of the resource; Calendars.ReadBasic is not enough', async () => {
    const basic = await f.call('POST', '/subscriptions', await f.appToken(['Calendars.ReadBasic']), { body: subBody() });
    expect(basic.status).toBe(403);
    expect(basic.body.error.code).toBe('ErrorAccessDenied');
    expect(basic.body.error.details[0].target).toBe('Calendars.Read');
    expect((await f.call('POST', '/subscriptions', await f.appToken(['Mail.Read']), { body: subBody() })).status).toBe(403);
    expect((await f.call('POST', '/subscriptions', await f.appToken(['Calendars.ReadWrite']), { body: subBody() })).status).toBe(201);
  });

  it("delegated: one's own mailbox; another's only with a .Shared scope and sharing; /me is delegated only", async () => {
    const alice = await f.userToken(ids.alice, ['Calendars.Read']);
    expect((await f.call('POST', '/subscriptions', alice, { body: subBody({ resource: '/me/events' }) })).status).toBe(201);
    const bobs = await f.call('POST', '/subscriptions', alice, { body: subBody({ resource: `/users/${ids.bob}/events` }) });
    expect(bobs.status).toBe(403);
    expect(bobs.body.error.code).toBe('ErrorAccessDenied');
    const me = await f.call('POST', '/subscriptions', await f.appToken(['Calendars.Read']), { body: subBody({ resource: 'me/events' }) });
    expect(me.status).toBe(400);
  });

  it('app-only subscriptions obey Exchange application access policies', async () => {
    await f.stores.policies.putApplicationAccessPolicy({ tenantId: TID, id: 'aap-1', appId: ids.clientAppId, accessRight: 'RestrictAccess', scopeGroupId: ids.staffGroup, scopeName: 'staff@contoso.test', description: null });
    try {
      const t = await f.appToken(['Calendars.Read']);
      const room = await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.room1}/events` }) });
      expect(room.status).toBe(403);
      expect(room.body.error).toMatchObject({ code: 'ErrorAccessDenied', message: 'Access to OData is disabled.' });
      expect((await f.call('POST', '/subscriptions', t, { body: subBody({ resource: `/users/${ids.alice}/events` }) })).status).toBe(201);
    } finally {
      await f.stores.policies.deleteApplicationAccessPolicy(TID, 'aap-1');
    }
  });

  it('other resources are not emulated (501), after their own permission check', async () => {
    const r = await f.call('POST', '/subscriptions', await f.appToken(['Mail.Read']), { body: subBody({ resource: `/users/${ids.alice}/messages` }) });
    expect(r.status).toBe(501);
    expect(r.body.error.message).toContain('messages');
  });

  it('an app sees only its own subscriptions; a user those the app made for them; never the clientState', async () => {
    const appSubs = await f.call('GET', '/subscriptions', await f.appToken(['Calendars.Read']));
    expect(appSubs.status).toBe(200);
    expect(appSubs.body.value.length).toBeGreaterThan(0);
    expect(appSubs.body.value.every((x: { applicationId: string; clientState: unknown }) => x.applicationId === ids.clientAppId && x.clientState === null)).toBe(true);
    const otherApp = await f.call('GET', '/subscriptions', await f.appToken(['Calendars.Read'], { appid: ids.otherAppId, oid: ids.otherSp }));
    expect(otherApp.body.value).toEqual([]);
    const one = appSubs.body.value[0];
    expect((await f.call('GET', `/subscriptions/${one.id}`, await f.appToken(['Calendars.Read'], { appid: ids.otherAppId, oid: ids.otherSp }))).status).toBe(404);
    const alices = await f.call('GET', '/subscriptions', await f.userToken(ids.alice, ['Calendars.Read']));
    expect(alices.body.value.length).toBeGreaterThan(0);
    expect(alices.body.value.every((x: { creatorId: string }) => x.creatorId === ids.alice)).toBe(true);
    expect((await f.call('GET', '/subscriptions', await f.userToken(ids.bob, ['Calendars.Read']))).body.value).toEqual([]);
    // Subscription.Read.All: any app's subscriptions for the user; all of them for an administrator.
    const readAll = await f.call('GET', '/subscriptions', await f.userToken(ids.alice, ['Subscription.Read.All'], { appid: ids.otherAppId }));
    expect(readAll.body.value.length).toBe(alices.body.value.length);
    const admin = await f.call('GET', '/subscriptions', await f.userToken(ids.admin, ['Subscription.Read.All']));
    expect(admin.body.value.length).toBeGreaterThan(alices.body.value.length);
  });

  it("PATCH needs expirationDateTime or notificationUrl, in Graph's words", async () => {
    const t = await f.appToken(['Calendars.Read']);
    const sub = await f.call('POST', '/subscriptions', t, { body: subBody() });
    const r = await f.call('PATCH', `/subscriptions/${sub.body.id}`, t, { body: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe("Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.");
    rx.handshake = 'forbidden';
    expect((await f.call('PATCH', `/subscriptions/${sub.body.id}`, t, { body: { notificationUrl: `${rx.url}/elsewhere` } })).status).toBe(400);
  });
});

describe('permission matrix for /subscriptions', () => {
  // Microsoft's data has no /subscriptions entry: each route takes GET /users/{id}/events's
  // permissions (Calendars.ReadBasic excluded, see src/graph/subscriptions/rules.ts).
  const routes: { name: string; run: (token: string, id: string) => Promise<{ status: number; body: any }>; status: number }[] = [
    { name: 'POST /subscriptions', run: (t) => f.call('POST', '/subscriptions', t, { body: subBody() }), status: 201 },
    { name: 'GET /subscriptions', run: (t) => f.call('GET', '/subscriptions', t), status: 200 },
    { name: 'GET /subscriptions/{id}', run: (t, id) => f.call('GET', `/subscriptions/${id}`, t), status: 200 },
    { name: 'PATCH /subscriptions/{id}', run: (t, id) => f.call('PATCH', `/subscriptions/${id}`, t, { body: { expirationDateTime: inMinutes(90) } }), status: 200 },
    { name: 'DELETE /subscriptions/{id}', run: (t, id) => f.call('DELETE', `/subscriptions/${id}`, t), status: 204 },
  ];
  for (const scheme of ['delegated', 'application'] as const) {
    const token = (perms: string[]) => (scheme === 'delegated' ? f.userToken(ids.room1, perms) : f.appToken(perms));
    const fresh = async () => (await f.call('POST', '/subscriptions', await token(['Calendars.Read']), { body: subBody() })).body.id as string;
    for (const r of routes) {
      it(`${r.name} (${scheme}): Calendars.Read succeeds, Calendars.ReadWrite succeeds, an unrelated permission gets 403`, async () => {
        expect((await r.run(await token(['Calendars.Read']), await fresh())).status).toBe(r.status);
        expect((await r.run(await token(['Calendars.ReadWrite']), await fresh())).status).toBe(r.status);
        const denied = await r.run(await token(['Sites.Read.All']), await fresh());
        expect(denied.status).toBe(403);
        expect(denied.body.error.code).toBe('ErrorAccessDenied');
        expect(denied.body.error.details[0].message).toContain('Calendars.Read');
      });
    }
  }
});
