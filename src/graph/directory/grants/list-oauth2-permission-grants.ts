import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryCollection } from '../rules.js';
import { DELEGATED_GRANT_SPEC, toGraphDelegatedGrant } from '../shapes/grant-shape.js';

// GET /oauth2PermissionGrants (graph-docs oauth2permissiongrant-list.md), usually with
// `$filter=clientId eq '{sp id}'`: the delegated consents of the tenant.
export function registerListOAuth2PermissionGrants(app: FastifyInstance): void {
  app.get('/oauth2PermissionGrants', async (req) => {
    const auth = await authorize(req, { resource: directoryCollection('oauth2PermissionGrants') });
    const grants = await req.graph.ctx.s.stores.grants.listDelegatedGrants(auth.tenant.id);
    return queryCollection(req, DELEGATED_GRANT_SPEC, grants.map(toGraphDelegatedGrant));
  });
}
