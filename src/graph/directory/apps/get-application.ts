import type { FastifyInstance } from 'fastify';
import type { ApplicationRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityResult } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { APPLICATION_SPEC, toGraphApplication } from '../shapes/app-shape.js';

// GET /applications/{id} (graph-docs application-get.md): by object id, not appId.
export function registerGetApplication(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/applications/:id', async (req) => {
    const auth = await authorize<ApplicationRecord>(req, { resource: directoryObject('application', req.params.id) });
    return entityResult(req, APPLICATION_SPEC, toGraphApplication(auth.target, auth.tenant.domain));
  });
}
