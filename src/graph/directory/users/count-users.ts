import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { queryCollection } from '../../odata/collection.js';
import { readODataQuery } from '../../odata/query-options.js';
import { directoryCollection } from '../rules.js';
import { USER_SPEC } from '../shapes/user-shape.js';
import { userView } from './user-view.js';

// GET /users/$count: the number as text/plain; an advanced query, so it needs
// `ConsistencyLevel: eventual` ("Raw count (/$count) is not supported because…" otherwise).
export function registerCountUsers(app: FastifyInstance): void {
  app.get('/users/$count', async (req, reply) => {
    const auth = await authorize(req, { resource: directoryCollection('users') });
    const q = readODataQuery(req);
    if (!q.eventual) throw graphErrors.countNeedsConsistencyLevel(true);
    const users = await req.graph.ctx.s.stores.directory.listUsers(auth.tenant.id);
    const page = await queryCollection(req, { ...USER_SPEC, pageSize: Number.MAX_SAFE_INTEGER, maxTop: Number.MAX_SAFE_INTEGER }, users.map((u) => userView(auth, u)), {
      query: { ...q, count: true, select: ['id'] },
    });
    return reply.type('text/plain').send(String(page['@odata.count'] ?? page.value.length));
  });
}
