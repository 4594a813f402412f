import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServicePrincipalRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { APP_ROLE_ASSIGNMENT_SPEC, toGraphAppRoleAssignment } from '../shapes/grant-shape.js';

// GET /servicePrincipals/{id}/appRoleAssignments (the app roles this principal holds: its granted
// application permissions) and GET /servicePrincipals/{id}/appRoleAssignedTo (who holds the roles
// this resource exposes) (graph-docs serviceprincipal-list-approleassignments.md, -approleassignedto.md).
export function registerListAppRoleAssignments(app: FastifyInstance): void {
  const handler = (side: 'principalId' | 'resourceId') => async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const auth = await authorize<ServicePrincipalRecord>(req, { resource: directoryObject('servicePrincipal', req.params.id) });
    const list = await req.graph.ctx.s.stores.grants.listAppRoleAssignments(auth.tenant.id, { [side]: auth.target.id });
    return queryCollection(req, APP_ROLE_ASSIGNMENT_SPEC, list.map(toGraphAppRoleAssignment), {
      contextEntitySet: `servicePrincipals('${auth.target.id}')/${side === 'principalId' ? 'appRoleAssignments' : 'appRoleAssignedTo'}`,
    });
  };
  app.get('/servicePrincipals/:id/appRoleAssignments', handler('principalId'));
  app.get('/servicePrincipals/:id/appRoleAssignedTo', handler('resourceId'));
}
