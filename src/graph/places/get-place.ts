import type { FastifyInstance } from 'fastify';
import { authorize } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { entityResult } from '../odata/collection.js';
import { ROOM_LIST_SPEC, ROOM_SPEC, roomListView, roomView } from './place-view.js';

// GET /places/{id}: one room or room list, by id or emailAddress, typed with @odata.type since
// `place` is the base type of both (graph-docs place-get.md).
export function registerGetPlace(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/places/:id', async (req) => {
    const auth = await authorize(req, { workload: 'outlook' });
    const { directory } = req.graph.ctx.s.stores;
    const room = await directory.getUser(auth.tenant.id, req.params.id);
    if (room?.kind === 'room') return entityResult(req, ROOM_SPEC, { '@odata.type': '#microsoft.graph.room', ...roomView(room) }, { contextEntitySet: 'places' });
    const list = await directory.getGroup(auth.tenant.id, req.params.id);
    if (list?.isRoomList) return entityResult(req, ROOM_LIST_SPEC, { '@odata.type': '#microsoft.graph.roomList', ...roomListView(list) }, { contextEntitySet: 'places' });
    throw graphErrors.itemNotFound();
  });
}
