import type { FastifyInstance } from 'fastify';
import { authorize } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { queryCollection } from '../odata/collection.js';
import { ROOM_SPEC, roomView } from './place-view.js';

// GET /places/{roomListEmail}/microsoft.graph.roomList/rooms: the rooms of one room list. The list
// is addressed by its emailAddress, not its id (graph-docs place-list.md); an id, or an address
// that is not a room list, is not found.
export function registerListRoomListRooms(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/places/:id/microsoft.graph.roomList/rooms', async (req) => {
    const auth = await authorize(req, { workload: 'outlook' });
    const { directory } = req.graph.ctx.s.stores;
    const email = req.params.id.toLowerCase();
    const list = email.includes('@') ? await directory.getGroup(auth.tenant.id, email) : undefined;
    if (!list?.isRoomList) throw graphErrors.itemNotFound();
    const members = new Set((await directory.listMembers(auth.tenant.id, list.id)).map((m) => m.id.toLowerCase()));
    const rooms = (await directory.listUsers(auth.tenant.id, { kind: 'room' })).filter((r) => members.has(r.id.toLowerCase()));
    return queryCollection(req, ROOM_SPEC, rooms.map(roomView), { contextEntitySet: `places('${encodeURIComponent(email)}')/microsoft.graph.roomList/rooms` });
  });
}
