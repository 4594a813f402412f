import type { FastifyInstance } from 'fastify';
import type { ApplicationRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { requireBody } from '../request-body.js';
import { directoryObject } from '../rules.js';
import { applyApplicationBody } from './application-body.js';

// PATCH /applications/{id} (graph-docs application-update.md): 204.
export function registerUpdateApplication(app: FastifyInstance): void {
  app.patch<{ Params: { id: string } }>('/applications/:id', async (req, reply) => {
    const auth = await authorize<ApplicationRecord>(req, { resource: directoryObject('application', req.params.id, 'update') });
    await req.graph.ctx.s.stores.apps.putApplication(applyApplicationBody(auth.target, requireBody(req)));
    return reply.code(204).send();
  });
}
