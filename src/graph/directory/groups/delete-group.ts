import type { FastifyInstance } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { directoryObject } from '../rules.js';

// DELETE /groups/{id} (graph-docs group-delete.md): 204.
export function registerDeleteGroup(app: FastifyInstance): void {
  app.delete<{ Params: { id: string } }>('/groups/:id', async (req, reply) => {
    const auth = await authorize<GroupRecord>(req, { resource: directoryObject('group', req.params.id, 'delete') });
    await req.graph.ctx.s.stores.directory.deleteGroup(auth.tenant.id, auth.target.id);
    return reply.code(204).send();
  });
}
