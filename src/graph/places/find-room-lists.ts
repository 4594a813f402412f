import type { FastifyInstance } from 'fastify';
import { authorizeRoomFinder, emailAddressCollection, roomListAddress } from './email-address-view.js';

// GET /beta/me/findRoomLists (graph-docs beta user-findroomlists.md): the tenant's room lists as
// emailAddress {name, address}; "If no lists are defined in the tenant, then an empty array is
// returned." Delegated User.Read (or User.ReadBasic.All, User.Read.All) from the catalog.
export function registerFindRoomLists(app: FastifyInstance): void {
  app.get('/me/findRoomLists', async (req) => {
    await authorizeRoomFinder(req, 'findRoomLists');
    const groups = await req.graph.ctx.s.stores.directory.listGroups(req.graph.tenant!.id);
    return emailAddressCollection(req, groups.filter((g) => g.isRoomList).map(roomListAddress));
  });
}
