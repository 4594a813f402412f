import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { appRoleGrant } from '../rules.js';

// DELETE /servicePrincipals/{id}/appRoleAssignments/{assignmentId} and
// DELETE /servicePrincipals/{resourceId}/appRoleAssignedTo/{assignmentId}: 204. Revokes the
// application permission for new tokens; tokens already issued keep their roles until they expire.
export function registerDeleteAppRoleAssignment(app: FastifyInstance): void {
  const handler = (side: 'principal' | 'resource') => async (req: FastifyRequest<{ Params: { id: string; assignmentId: string } }>, reply: FastifyReply) => {
    const { s } = req.graph.ctx;
    const tenantId = req.graph.tenant!.id;
    const assignment = await s.stores.grants.getAppRoleAssignment(tenantId, req.params.assignmentId);
    // The resource whose role is removed decides who may remove it (Graph's roles need more).
    const auth = await authorize(req, { resource: appRoleGrant(side === 'resource' ? req.params.id : (assignment?.resourceId ?? req.params.id)) });
    const onPath = side === 'principal' ? assignment?.principalId : assignment?.resourceId;
    if (!assignment || onPath?.toLowerCase() !== req.params.id.toLowerCase()) throw graphErrors.directoryResourceNotFound(req.params.assignmentId);
    await s.stores.grants.deleteAppRoleAssignment(auth.tenant.id, assignment.id);
    return reply.code(204).send();
  };
  app.delete('/servicePrincipals/:id/appRoleAssignments/:assignmentId', handler('principal'));
  app.delete('/servicePrincipals/:id/appRoleAssignedTo/:assignmentId', handler('resource'));
}
