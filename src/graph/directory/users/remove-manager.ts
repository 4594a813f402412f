import type { FastifyInstance } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { directoryObject } from '../rules.js';

// DELETE /users/{id}/manager/$ref (graph-docs user-delete-manager.md): 204; 404 when none is set.
export function registerRemoveManager(app: FastifyInstance): void {
  app.delete<{ Params: { id: string } }>('/users/:id/manager/$ref', async (req, reply) => {
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id, 'manage') });
    if (!auth.target.managerId) throw graphErrors.directoryResourceNotFound('manager');
    await req.graph.ctx.s.stores.directory.putUser({ ...auth.target, managerId: null });
    return reply.code(204).send();
  });
}
