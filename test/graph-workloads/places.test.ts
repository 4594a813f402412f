import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkloadFixture, DOMAIN, ids, more, type WorkloadFixture } from './fixture.js';

// The places API as the room-signage archetype uses it (seed 002): list the tenant's rooms with
// Place.Read.All, app-only (model A) or delegated (model B's service account), then address each
// room's calendar by its emailAddress.

let f: WorkloadFixture;
beforeAll(async () => {
  f = await createWorkloadFixture();
});
afterAll(() => f.close());

describe('places: rooms and room lists', () => {
  it('app-only Place.Read.All lists every room with the room shape', async () => {
    const r = await f.call('GET', '/places/microsoft.graph.room', await f.appToken(['Place.Read.All']));
    expect(r.status).toBe(200);
    expect(r.body['@odata.context']).toBe('https://127.0.0.1:8443/v1.0/$metadata#places/microsoft.graph.room');
    expect(r.body.value.map((x: { emailAddress: string }) => x.emailAddress)).toEqual([`room1@${DOMAIN}`, `room3@${DOMAIN}`, `room2@${DOMAIN}`]);
    expect(r.body.value[0]).toEqual({
      id: ids.room1,
      emailAddress: `room1@${DOMAIN}`,
      displayName: 'Room One',
      address: null,
      geoCoordinates: null,
      phone: null,
      nickname: 'Room One',
      label: null,
      capacity: 8,
      building: 'HQ',
      floorLabel: '2',
      floorNumber: 2,
      isWheelChairAccessible: true,
      bookingType: 'standard',
      tags: ['whiteboard', 'display'],
      audioDeviceName: null,
      videoDeviceName: null,
      displayDeviceName: 'Surface Hub',
    });
    const room2 = r.body.value.find((x: { id: string }) => x.id === ids.room2);
    expect([room2.floorLabel, room2.floorNumber, room2.isWheelChairAccessible]).toEqual(['Ground', null, false]);
  });

  it('a delegated token with Place.Read.All (the signage service account) lists them too', async () => {
    const r = await f.call('GET', '/places/microsoft.graph.room?$select=displayName,capacity', await f.userToken(ids.alice, ['Place.Read.All', 'User.ReadBasic.All']));
    expect(r.status).toBe(200);
    expect(r.body['@odata.context']).toBe('https://127.0.0.1:8443/v1.0/$metadata#places/microsoft.graph.room(displayName,capacity)');
    expect(r.body.value).toEqual([
      { displayName: 'Room One', capacity: 8 },
      { displayName: 'Room Three', capacity: 20 },
      { displayName: 'Room Two', capacity: 4 },
    ]);
  });

  it('User.ReadBasic.All alone does not reach places: 403 ErrorAccessDenied naming Place.Read.All', async () => {
    const r = await f.call('GET', '/places/microsoft.graph.room', await f.userToken(ids.alice, ['User.ReadBasic.All', 'Calendars.ReadWrite.Shared']));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ErrorAccessDenied');
    expect(r.body.error.details[0].target).toBe('Place.Read.All');
  });

  it('filters, counts and pages (100 a page by default; $top, $skip, nextLink)', async () => {
    const t = await f.appToken(['Place.Read.All']);
    const hq = await f.call('GET', "/places/microsoft.graph.room?$filter=building eq 'HQ' and capacity ge 5&$count=true", t);
    expect(hq.body['@odata.count']).toBe(1);
    expect(hq.body.value.map((x: { id: string }) => x.id)).toEqual([ids.room1]);
    const tagged = await f.call('GET', "/places/microsoft.graph.room?$filter=tags/any(t:t eq 'display')", t);
    expect(tagged.body.value.map((x: { id: string }) => x.id)).toEqual([ids.room1]);
    const page1 = await f.call('GET', '/places/microsoft.graph.room?$top=2&$select=id', t);
    expect(page1.body.value).toHaveLength(2);
    const next = new URL(page1.body['@odata.nextLink']);
    const page2 = await f.call('GET', `${next.pathname}${next.search}`, t);
    expect(page2.body.value).toEqual([{ id: ids.room2 }]);
    expect(page2.body['@odata.nextLink']).toBeUndefined();
    const skipped = await f.call('GET', '/places/microsoft.graph.room?$skip=2&$select=id', t);
    expect(skipped.body.value).toEqual([{ id: ids.room2 }]);
    expect((await f.call('GET', "/places/microsoft.graph.room?$filter=colour eq 'red'", t)).status).toBe(400);
  });

  it('lists room lists in either casing, and the rooms of one by its email address', async () => {
    const t = await f.appToken(['Place.Read.All']);
    for (const path of ['/places/microsoft.graph.roomList', '/places/microsoft.graph.roomlist']) {
      const lists = await f.call('GET', path, t);
      expect(lists.status).toBe(200);
      expect(lists.body.value).toEqual([{ id: more.roomList, displayName: 'Building 1', emailAddress: `building1@${DOMAIN}`, address: null, geoCoordinates: null, phone: null }]);
    }
    const rooms = await f.call('GET', `/places/building1@${DOMAIN}/microsoft.graph.roomlist/rooms?$select=emailAddress`, t);
    expect(rooms.status).toBe(200);
    expect(rooms.body['@odata.context']).toBe(`https://127.0.0.1:8443/v1.0/$metadata#places('building1%40${DOMAIN}')/microsoft.graph.roomList/rooms(emailAddress)`);
    expect(rooms.body.value).toEqual([{ emailAddress: `room1@${DOMAIN}` }, { emailAddress: `room2@${DOMAIN}` }]);
    // The list is addressed by email, not id; an address that is not a room list is not found.
    expect((await f.call('GET', `/places/${more.roomList}/microsoft.graph.roomlist/rooms`, t)).status).toBe(404);
    expect((await f.call('GET', `/places/staff@${DOMAIN}/microsoft.graph.roomlist/rooms`, t)).body.error.code).toBe('ErrorItemNotFound');
  });

  it('gets one place by id or email, typed', async () => {
    const t = await f.appToken(['Place.Read.All']);
    const byMail = await f.call('GET', `/places/room3@${DOMAIN}`, t);
    expect(byMail.body).toMatchObject({ '@odata.type': '#microsoft.graph.room', id: more.room3, bookingType: 'reserved', capacity: 20 });
    const list = await f.call('GET', `/places/${more.roomList}`, t);
    expect(list.body).toMatchObject({ '@odata.type': '#microsoft.graph.roomList', emailAddress: `building1@${DOMAIN}` });
    expect((await f.call('GET', `/places/${ids.alice}`, t)).status).toBe(404);
  });

  it('serves /beta like /v1.0', async () => {
    const r = await f.call('GET', '/beta/places/microsoft.graph.room?$top=1', await f.appToken(['Place.Read.All']));
    expect(r.status).toBe(200);
    expect(r.body['@odata.nextLink']).toMatch(/^https:\/\/127\.0\.0\.1:8443\/beta\/places\/microsoft\.graph\.room\?/);
  });
});
