import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryCollection } from '../rules.js';
import { servicePrincipalView, spSpec } from './service-principal-view.js';

// GET /servicePrincipals (graph-docs serviceprincipal-list.md), e.g. with
// `$filter=appId eq '00000003-0000-0000-c000-000000000000'` to find Microsoft Graph's own.
export function registerListServicePrincipals(app: FastifyInstance): void {
  app.get('/servicePrincipals', async (req) => {
    const auth = await authorize(req, { resource: directoryCollection('servicePrincipals') });
    const sps = await req.graph.ctx.s.stores.apps.listServicePrincipals(auth.tenant.id);
    return queryCollection(req, spSpec(req), await Promise.all(sps.map((sp) => servicePrincipalView(req, sp))));
  });
}
