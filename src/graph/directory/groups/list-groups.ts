import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryCollection } from '../rules.js';
import { toGraphGroupWithLabels } from '../shapes/group-shape.js';
import { groupSpecFor } from './group-view.js';

// GET /groups (graph-docs group-list.md): security, Microsoft 365 and distribution groups (room
// lists included), with OData and $expand=members.
export function registerListGroups(app: FastifyInstance): void {
  app.get('/groups', async (req) => {
    const auth = await authorize(req, { resource: directoryCollection('groups') });
    const groups = await req.graph.ctx.s.stores.directory.listGroups(auth.tenant.id);
    return queryCollection(req, groupSpecFor(req), groups.map(toGraphGroupWithLabels));
  });
}
