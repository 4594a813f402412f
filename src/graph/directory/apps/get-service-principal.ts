import type { FastifyInstance } from 'fastify';
import type { ServicePrincipalRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityResult } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { servicePrincipalView, spSpec } from './service-principal-view.js';

// GET /servicePrincipals/{id} (graph-docs serviceprincipal-get.md): by object id.
export function registerGetServicePrincipal(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/servicePrincipals/:id', async (req) => {
    const auth = await authorize<ServicePrincipalRecord>(req, { resource: directoryObject('servicePrincipal', req.params.id) });
    return entityResult(req, spSpec(req), await servicePrincipalView(req, auth.target));
  });
}
