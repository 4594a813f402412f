import type { FastifyInstance } from 'fastify';
import { authorize } from '../auth/authorize.js';
import { queryCollection } from '../odata/collection.js';
import { ROOM_SPEC, roomView } from './place-view.js';

// GET /places/microsoft.graph.room: every room mailbox of the tenant (graph-docs place-list.md),
// 100 per page, with $filter, $select, $top, $skip and $count.
export function registerListRooms(app: FastifyInstance): void {
  app.get('/places/microsoft.graph.room', async (req) => {
    const auth = await authorize(req, { workload: 'outlook' });
    const rooms = await req.graph.ctx.s.stores.directory.listUsers(auth.tenant.id, { kind: 'room' });
    return queryCollection(req, ROOM_SPEC, rooms.map(roomView));
  });
}
