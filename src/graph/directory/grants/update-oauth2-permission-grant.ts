import type { FastifyInstance } from 'fastify';
import type { OAuth2PermissionGrantRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryObject } from '../rules.js';
import { validateGrantScope } from './grant-scope.js';

// PATCH /oauth2PermissionGrants/{id} {scope} (graph-docs oauth2permissiongrant-update.md): 204.
// Removing a scope stops new tokens carrying it; tokens already issued keep it until they expire.
export function registerUpdateOAuth2PermissionGrant(app: FastifyInstance): void {
  app.patch<{ Params: { id: string } }>('/oauth2PermissionGrants/:id', async (req, reply) => {
    const auth = await authorize<OAuth2PermissionGrantRecord>(req, { resource: directoryObject('oauth2PermissionGrant', req.params.id, 'update') });
    const { s } = req.graph.ctx;
    const body = requireBody(req);
    rejectUnknown(body, ['scope'], 'OAuth2PermissionGrant');
    const scope = str(body, 'scope', 'OAuth2PermissionGrant', { required: true })!;
    const resource = await s.stores.apps.getServicePrincipal(auth.tenant.id, auth.target.resourceId);
    if (!resource) throw graphErrors.directoryResourceNotFound(auth.target.resourceId);
    await s.stores.grants.putDelegatedGrant({ ...auth.target, scope: await validateGrantScope(s, resource, scope) });
    return reply.code(204).send();
  });
}
