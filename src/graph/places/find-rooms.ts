import type { FastifyInstance, FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { authorizeRoomFinder, emailAddressCollection, FIND_ROOMS_LIMIT, roomAddress } from './email-address-view.js';

// GET /beta/me/findRooms and GET /beta/me/findRooms(RoomList='{address}') (graph-docs beta
// user-findrooms.md): the tenant's rooms, or those of one room list, as emailAddress {name,
// address}, at most the first 100 ("You can get up to the first 100 rooms in the tenant"; no
// nextLink). Permissions from the catalog, whose two entries differ: the plain function takes
// User.Read (the docs' table), the RoomList form User.ReadBasic.All or User.Read.All only (the
// data still carries the page's earlier table; tenantbox follows the data).
// A RoomList that is not a room list of the tenant: Microsoft documents no answer; tenantbox
// answers as the places API does for one, 404 ErrorItemNotFound [I].
export function registerFindRooms(app: FastifyInstance): void {
  app.get('/me/findRooms', async (req) => {
    await authorizeRoomFinder(req, 'findRooms');
    const { directory } = req.graph.ctx.s.stores;
    const rooms = await directory.listUsers(req.graph.tenant!.id, { kind: 'room' });
    return emailAddressCollection(req, rooms.map(roomAddress), FIND_ROOMS_LIMIT);
  });

  // The router cannot end a parameter at a quote, so the parameter takes the rest of the
  // segment ('{address}') and roomListParam unquotes it.
  app.get<{ Params: { list: string } }>('/me/findRooms(RoomList=:list(^.+$)', async (req) => {
    await authorizeRoomFinder(req, 'findRooms');
    const tenantId = req.graph.tenant!.id;
    const { directory } = req.graph.ctx.s.stores;
    const address = roomListParam(req);
    const list = address.includes('@') ? await directory.getGroup(tenantId, address) : undefined;
    if (!list?.isRoomList) throw graphErrors.itemNotFound();
    const members = new Set((await directory.listMembers(tenantId, list.id)).map((m) => m.id.toLowerCase()));
    const rooms = (await directory.listUsers(tenantId, { kind: 'room' })).filter((r) => members.has(r.id.toLowerCase()));
    return emailAddressCollection(req, rooms.map(roomAddress), FIND_ROOMS_LIMIT);
  });
}

// The parameter as an OData string literal: '{address}') with the closing parenthesis,
// percent-decoded, '' for a quote.
function roomListParam(req: FastifyRequest<{ Params: { list: string } }>): string {
  let v = req.params.list;
  try {
    v = decodeURIComponent(v);
  } catch {
    throw graphErrors.badRequest(`Invalid RoomList parameter '${v}'.`);
  }
  const m = /^'((?:[^']|'')*)'\)$/.exec(v.trim());
  if (!m) throw graphErrors.badRequest(`The RoomList parameter must be a quoted string: RoomList='{address}'.`);
  return m[1]!.replace(/''/g, "'").trim().toLowerCase();
}
