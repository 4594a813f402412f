import type { FastifyInstance } from 'fastify';
import { authorize } from '../auth/authorize.js';
import { queryCollection } from '../odata/collection.js';
import { ROOM_LIST_SPEC, roomListView } from './place-view.js';

// GET /places/microsoft.graph.roomList (Microsoft documents `roomlist`; the router matches either
// casing): the tenant's room lists (graph-docs place-list.md).
export function registerListRoomLists(app: FastifyInstance): void {
  app.get('/places/microsoft.graph.roomList', async (req) => {
    const auth = await authorize(req, { workload: 'outlook' });
    const groups = await req.graph.ctx.s.stores.directory.listGroups(auth.tenant.id);
    return queryCollection(req, ROOM_LIST_SPEC, groups.filter((g) => g.isRoomList).map(roomListView));
  });
}
