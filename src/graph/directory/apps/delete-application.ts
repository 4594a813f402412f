import type { FastifyInstance } from 'fastify';
import type { ApplicationRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { directoryObject } from '../rules.js';

// DELETE /applications/{id} (graph-docs application-delete.md): 204. Its service principals in
// other tenants stay, as in Entra.
export function registerDeleteApplication(app: FastifyInstance): void {
  app.delete<{ Params: { id: string } }>('/applications/:id', async (req, reply) => {
    const auth = await authorize<ApplicationRecord>(req, { resource: directoryObject('application', req.params.id, 'delete') });
    await req.graph.ctx.s.stores.apps.deleteApplication(auth.tenant.id, auth.target.id);
    return reply.code(204).send();
  });
}
