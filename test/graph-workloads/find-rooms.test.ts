import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRecord } from '../graph-core/fixture.js';
import { createWorkloadFixture, DOMAIN, ids, TID, type WorkloadFixture } from './fixture.js';

// The beta room finder as the room-signage service account uses it (seed 002, model b):
// GET /beta/me/findRooms with a delegated token, rooms as emailAddress {name, address}
// (graph-docs beta user-findrooms.md, user-findroomlists.md).

let f: WorkloadFixture;
beforeAll(async () => {
  f = await createWorkloadFixture();
});
afterAll(() => f.close());

const CONTEXT = 'https://127.0.0.1:8443/beta/$metadata#Collection(microsoft.graph.emailAddress)';

describe('findRooms and findRoomLists (beta)', () => {
  it('GET /beta/me/findRooms lists every room of the tenant by name with User.Read', async () => {
    const r = await f.call('GET', '/beta/me/findRooms', await f.userToken(ids.alice, ['User.Read']));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      '@odata.context': CONTEXT,
      value: [
        { name: 'Room One', address: `room1@${DOMAIN}` },
        { name: 'Room Three', address: `room3@${DOMAIN}` },
        { name: 'Room Two', address: `room2@${DOMAIN}` },
      ],
    });
  });

  it("GET /beta/me/findRooms(RoomList='…') lists the rooms of one list; the data asks User.ReadBasic.All there", async () => {
    const basic = await f.userToken(ids.alice, ['User.ReadBasic.All']);
    for (const list of [`building1@${DOMAIN}`, `Building1%40${DOMAIN}`]) {
      const r = await f.call('GET', `/beta/me/findRooms(RoomList='${list}')`, basic);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.value).toEqual([
        { name: 'Room One', address: `room1@${DOMAIN}` },
        { name: 'Room Two', address: `room2@${DOMAIN}` },
      ]);
    }
    // Microsoft's permission data lists only User.ReadBasic.All and User.Read.All for the RoomList form.
    const userRead = await f.call('GET', `/beta/me/findRooms(RoomList='building1@${DOMAIN}')`, await f.userToken(ids.alice, ['User.Read']));
    expect(userRead.status).toBe(403);
    expect(userRead.body.error.code).toBe('ErrorAccessDenied');
    expect(userRead.body.error.details[0].target).toBe('User.ReadBasic.All');
  });

  it('a RoomList that is not a room list of the tenant is not found', async () => {
    const t = await f.userToken(ids.alice, ['User.ReadBasic.All']);
    for (const list of [`nowhere@${DOMAIN}`, `staff@${DOMAIN}`, 'not-an-address']) {
      const r = await f.call('GET', `/beta/me/findRooms(RoomList='${list}')`, t);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('ErrorItemNotFound');
    }
  });

  it('GET /beta/me/findRoomLists lists the room lists; none → an empty array', async () => {
    const r = await f.call('GET', '/beta/me/findRoomLists', await f.userToken(ids.alice, ['User.Read']));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ '@odata.context': CONTEXT, value: [{ name: 'Building 1', address: `building1@${DOMAIN}` }] });
    const empty = await createWorkloadFixture();
    try {
      await empty.stores.directory.deleteGroup(TID, (await empty.stores.directory.getGroup(TID, `building1@${DOMAIN}`))!.id);
      const none = await empty.call('GET', '/beta/me/findRoomLists', await empty.userToken(ids.alice, ['User.Read']));
      expect(none.body.value).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('returns at most the first 100 rooms, without a nextLink', async () => {
    const many = await createWorkloadFixture();
    try {
      for (let i = 0; i < 105; i++) {
        const n = String(i).padStart(3, '0');
        await many.stores.directory.putUser(userRecord(`e1000000-0000-4000-8000-000000000${n}`, `extra${n}@${DOMAIN}`, { kind: 'room', displayName: `Extra ${n}` }));
      }
      const r = await many.call('GET', '/beta/me/findRooms', await many.userToken(ids.alice, ['User.Read']));
      expect(r.status).toBe(200);
      expect(r.body.value).toHaveLength(100);
      expect(r.body.value[0]).toEqual({ name: 'Extra 000', address: `extra000@${DOMAIN}` });
      expect(r.body['@odata.nextLink']).toBeUndefined();
    } finally {
      await many.close();
    }
  });

  it('is a beta API: /v1.0 answers 400 for the unknown segment', async () => {
    const t = await f.userToken(ids.alice, ['User.Read', 'User.ReadBasic.All']);
    for (const [path, segment] of [['/v1.0/me/findRooms', 'findRooms'], [`/v1.0/me/findRooms(RoomList='building1@${DOMAIN}')`, 'findRooms'], ['/v1.0/me/findRoomLists', 'findRoomLists']]) {
      const r = await f.call('GET', path!, t);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBe(`Resource not found for the segment '${segment}'.`);
    }
  });

  it('app-only tokens are refused on /me (the catalog lists no application permission either)', async () => {
    const r = await f.call('GET', '/beta/me/findRooms', await f.appToken(['User.Read.All', 'Place.Read.All']));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('Request_BadRequest');
  });

  it('without an accepted scope → 403 ErrorAccessDenied naming User.Read; query options are refused', async () => {
    const r = await f.call('GET', '/beta/me/findRooms', await f.userToken(ids.alice, ['Place.Read.All']));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ErrorAccessDenied');
    expect(r.body.error.details[0].target).toBe('User.Read');
    const q = await f.call('GET', '/beta/me/findRooms?$top=1', await f.userToken(ids.alice, ['User.Read']));
    expect(q.status).toBe(400);
  });
});
