import type { FastifyInstance } from 'fastify';
import type { OAuth2PermissionGrantRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityContext } from '../../odata/links.js';
import { rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryCollection } from '../rules.js';
import { toGraphDelegatedGrant } from '../shapes/grant-shape.js';
import { validateGrantScope } from './grant-scope.js';

// POST /oauth2PermissionGrants (graph-docs oauth2permissiongrant-post.md): delegated consent as an
// admin scripts it, for all users (consentType AllPrincipals) or one (Principal + principalId).
// It takes effect at once for new tokens (semantics doc §1.6.6). 201.
export function registerCreateOAuth2PermissionGrant(app: FastifyInstance): void {
  app.post('/oauth2PermissionGrants', async (req, reply) => {
    const auth = await authorize(req, { resource: directoryCollection('oauth2PermissionGrants', 'create') });
    const { s } = req.graph.ctx;
    const tenantId = auth.tenant.id;
    const body = requireBody(req);
    rejectUnknown(body, ['clientId', 'consentType', 'principalId', 'resourceId', 'scope'], 'OAuth2PermissionGrant');
    const clientId = str(body, 'clientId', 'OAuth2PermissionGrant', { required: true })!;
    const consentType = str(body, 'consentType', 'OAuth2PermissionGrant', { required: true })!;
    const resourceId = str(body, 'resourceId', 'OAuth2PermissionGrant', { required: true })!;
    const principalId = str(body, 'principalId', 'OAuth2PermissionGrant', { nullable: true }) ?? null;
    const scope = str(body, 'scope', 'OAuth2PermissionGrant') ?? '';
    if (consentType !== 'AllPrincipals' && consentType !== 'Principal') throw graphErrors.invalidProperty('consentType', 'OAuth2PermissionGrant');
    if (consentType === 'Principal' && !principalId) throw graphErrors.requiredProperty('principalId', 'OAuth2PermissionGrant');
    if (consentType === 'AllPrincipals' && principalId) throw graphErrors.invalidProperty('principalId', 'OAuth2PermissionGrant');
    const client = await s.stores.apps.getServicePrincipal(tenantId, clientId);
    if (!client || client.id.toLowerCase() !== clientId.toLowerCase()) throw graphErrors.directoryResourceNotFound(clientId);
    const resource = await s.stores.apps.getServicePrincipal(tenantId, resourceId);
    if (!resource || resource.id.toLowerCase() !== resourceId.toLowerCase()) throw graphErrors.directoryResourceNotFound(resourceId);
    const user = principalId ? await s.stores.directory.getUser(tenantId, principalId) : undefined;
    if (principalId && !user) throw graphErrors.directoryResourceNotFound(principalId);
    const existing = await s.stores.grants.listDelegatedGrants(tenantId, { clientId: client.id, resourceId: resource.id, principalId: user?.id ?? null });
    if (existing.some((g) => g.consentType === consentType)) throw graphErrors.permissionGrantExists();
    const record: OAuth2PermissionGrantRecord = {
      tenantId,
      id: s.ids.token(32),
      clientId: client.id,
      consentType,
      principalId: user?.id ?? null,
      resourceId: resource.id,
      scope: await validateGrantScope(s, resource, scope),
    };
    await s.stores.grants.putDelegatedGrant(record);
    reply.code(201);
    return { '@odata.context': entityContext(req, 'oauth2PermissionGrants'), ...toGraphDelegatedGrant(record) };
  });
}
