import type { FastifyInstance } from 'fastify';
import type { ServicePrincipalRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { bool, rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryObject } from '../rules.js';

// PATCH /servicePrincipals/{id} (graph-docs serviceprincipal-update.md): 204. Disabling
// (accountEnabled: false) stops new tokens (AADSTS7000112); tokens already issued live on.
export function registerUpdateServicePrincipal(app: FastifyInstance): void {
  app.patch<{ Params: { id: string } }>('/servicePrincipals/:id', async (req, reply) => {
    const auth = await authorize<ServicePrincipalRecord>(req, { resource: directoryObject('servicePrincipal', req.params.id, 'update') });
    const body = requireBody(req);
    rejectUnknown(body, ['accountEnabled', 'appRoleAssignmentRequired', 'displayName'], 'ServicePrincipal');
    const sp = auth.target;
    await req.graph.ctx.s.stores.apps.putServicePrincipal({
      ...sp,
      accountEnabled: bool(body, 'accountEnabled', 'ServicePrincipal') ?? sp.accountEnabled,
      appRoleAssignmentRequired: bool(body, 'appRoleAssignmentRequired', 'ServicePrincipal') ?? sp.appRoleAssignmentRequired,
      displayName: str(body, 'displayName', 'ServicePrincipal') ?? sp.displayName,
    });
    return reply.code(204).send();
  });
}
