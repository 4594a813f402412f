import type { FastifyInstance } from 'fastify';
import type { OAuth2PermissionGrantRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityResult } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { DELEGATED_GRANT_SPEC, toGraphDelegatedGrant } from '../shapes/grant-shape.js';

// GET /oauth2PermissionGrants/{id} (graph-docs oauth2permissiongrant-get.md).
export function registerGetOAuth2PermissionGrant(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>('/oauth2PermissionGrants/:id', async (req) => {
    const auth = await authorize<OAuth2PermissionGrantRecord>(req, { resource: directoryObject('oauth2PermissionGrant', req.params.id) });
    return entityResult(req, DELEGATED_GRANT_SPEC, toGraphDelegatedGrant(auth.target));
  });
}
