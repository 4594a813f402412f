import type { FastifyInstance } from 'fastify';
import type { OAuth2PermissionGrantRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { directoryObject } from '../rules.js';

// DELETE /oauth2PermissionGrants/{id} (graph-docs oauth2permissiongrant-delete.md): 204. "Existing
// access tokens will continue to be valid for their lifetime, but new access tokens will not be
// granted for the delegated permissions identified in the deleted grant."
export function registerDeleteOAuth2PermissionGrant(app: FastifyInstance): void {
  app.delete<{ Params: { id: string } }>('/oauth2PermissionGrants/:id', async (req, reply) => {
    const auth = await authorize<OAuth2PermissionGrantRecord>(req, { resource: directoryObject('oauth2PermissionGrant', req.params.id, 'delete') });
    await req.graph.ctx.s.stores.grants.deleteDelegatedGrant(auth.tenant.id, auth.target.id);
    return reply.code(204).send();
  });
}
