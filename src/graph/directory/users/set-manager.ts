import type { FastifyInstance } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { referencedId } from '../request-body.js';
import { directoryObject } from '../rules.js';

// PUT /users/{id}/manager/$ref with {"@odata.id": ".../users/{managerId}"} (graph-docs
// user-post-manager.md): 204. Microsoft's data lists it as PUT /users/{id}/manager.
export function registerSetManager(app: FastifyInstance): void {
  app.put<{ Params: { id: string } }>('/users/:id/manager/$ref', async (req, reply) => {
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id, 'manage') });
    const { s } = req.graph.ctx;
    const managerId = referencedId(req);
    const manager = await s.stores.directory.getUser(auth.tenant.id, managerId);
    if (!manager) throw graphErrors.directoryResourceNotFound(managerId);
    if (manager.id === auth.target.id) throw graphErrors.directoryBadRequest('A user cannot be their own manager.');
    await s.stores.directory.putUser({ ...auth.target, managerId: manager.id });
    return reply.code(204).send();
  });
}
