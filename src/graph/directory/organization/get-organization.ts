import type { FastifyInstance } from 'fastify';
import type { TenantRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityResult } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { ORGANIZATION_SPEC, toGraphOrganization } from './organization-shape.js';

// GET /organization/{id} (graph-docs organization-get.md): the tenant by its id.
export function registerGetOrganization(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/organization/:id', async (req) => {
    const auth = await authorize<TenantRecord>(req, { resource: directoryObject('organization', req.params.id) });
    return entityResult(req, ORGANIZATION_SPEC, toGraphOrganization(auth.target));
  });
}
