import type { FastifyInstance } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { directoryObject } from '../rules.js';

// DELETE /users/{id} (graph-docs user-delete.md): 204. Entra keeps deleted users 30 days; tenantbox
// removes them at once (a delta query reports them as removed).
export function registerDeleteUser(app: FastifyInstance): void {
  app.delete<{ Params: { id: string } }>('/users/:id', async (req, reply) => {
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id, 'delete') });
    await req.graph.ctx.s.stores.directory.deleteUser(auth.tenant.id, auth.target.id);
    return reply.code(204).send();
  });
}
