import type { FastifyInstance } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityResult } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { toGraphGroupWithLabels } from '../shapes/group-shape.js';
import { groupSpecFor } from './group-view.js';

// GET /groups/{id} (graph-docs group-get.md).
export function registerGetGroup(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/groups/:id', async (req) => {
    const auth = await authorize<GroupRecord>(req, { resource: directoryObject('group', req.params.id) });
    return entityResult(req, groupSpecFor(req), toGraphGroupWithLabels(auth.target));
  });
}
