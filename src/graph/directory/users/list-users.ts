import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryCollection } from '../rules.js';
import { userSpecFor, userView } from './user-view.js';

// GET /users: every user and room mailbox of the tenant, with $filter, $search, $orderby, $count,
// $top, $select, $expand=manager and $skiptoken paging (graph-docs user-list.md).
export function registerListUsers(app: FastifyInstance): void {
  app.get('/users', async (req) => {
    const auth = await authorize(req, { resource: directoryCollection('users') });
    const users = await req.graph.ctx.s.stores.directory.listUsers(auth.tenant.id);
    return queryCollection(req, userSpecFor(req), users.map((u) => userView(auth, u)));
  });
}
