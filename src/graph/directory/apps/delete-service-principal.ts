import type { FastifyInstance } from 'fastify';
import type { ServicePrincipalRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { directoryObject } from '../rules.js';

// DELETE /servicePrincipals/{id} (graph-docs serviceprincipal-delete.md): 204. The app's grants in
// this tenant go with it; its tokens are refused from then on (Authorization_IdentityNotFound).
export function registerDeleteServicePrincipal(app: FastifyInstance): void {
  app.delete<{ Params: { id: string } }>('/servicePrincipals/:id', async (req, reply) => {
    const auth = await authorize<ServicePrincipalRecord>(req, { resource: directoryObject('servicePrincipal', req.params.id, 'delete') });
    const { s } = req.graph.ctx;
    const tenantId = auth.tenant.id;
    const spId = auth.target.id;
    await s.stores.transaction(async () => {
      for (const g of await s.stores.grants.listDelegatedGrants(tenantId, { clientId: spId })) await s.stores.grants.deleteDelegatedGrant(tenantId, g.id);
      for (const a of await s.stores.grants.listAppRoleAssignments(tenantId, { principalId: spId })) await s.stores.grants.deleteAppRoleAssignment(tenantId, a.id);
      await s.stores.apps.deleteServicePrincipal(tenantId, spId);
    });
    return reply.code(204).send();
  });
}
