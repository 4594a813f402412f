import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GRAPH_APP_ID, type AppRoleAssignmentRecord, type ServicePrincipalRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { metadataUrl } from '../../odata/links.js';
import { requireBody, str } from '../request-body.js';
import { appRoleGrant } from '../rules.js';
import { toGraphAppRoleAssignment } from '../shapes/grant-shape.js';

// POST /servicePrincipals/{id}/appRoleAssignments (assign an app role to this service principal)
// and POST /servicePrincipals/{resourceId}/appRoleAssignedTo (assign this resource's role to a
// service principal, user or group): 201 (graph-docs serviceprincipal-post-approleassignments.md,
// -approleassignedto.md). This is application-permission consent, as admins script it: it writes
// the GrantStore the identity platform reads, so the next client-credentials token carries the role.
const DEFAULT_ROLE = '00000000-0000-0000-0000-000000000000';

export function registerCreateAppRoleAssignment(app: FastifyInstance): void {
  const handler = (side: 'principal' | 'resource') => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const resourceId = side === 'resource' ? req.params.id : typeof raw.resourceId === 'string' ? raw.resourceId : '';
    // Whose role is assigned decides who may assign it; without a resourceId the body is refused below.
    const auth = await authorize<ServicePrincipalRecord>(req, resourceId ? { resource: appRoleGrant(resourceId) } : {});
    const { s } = req.graph.ctx;
    const tenantId = auth.tenant.id;
    const body = requireBody(req);
    const principalId = str(body, 'principalId', 'AppRoleAssignment', { required: true })!;
    str(body, 'resourceId', 'AppRoleAssignment', { required: true });
    const appRoleId = str(body, 'appRoleId', 'AppRoleAssignment', { required: true })!.toLowerCase();
    if (side === 'principal' && principalId.toLowerCase() !== req.params.id.toLowerCase()) {
      throw graphErrors.directoryBadRequest(`principalId '${principalId}' must be the service principal in the URL ('${req.params.id}').`);
    }
    if (side === 'resource' && String(body.resourceId).toLowerCase() !== req.params.id.toLowerCase()) {
      throw graphErrors.directoryBadRequest(`resourceId '${String(body.resourceId)}' must be the service principal in the URL ('${req.params.id}').`);
    }
    const resource = auth.target;

    // The principal: a service principal, a user or a group.
    const byId = <T extends { id: string }>(r: T | undefined) => (r && r.id.toLowerCase() === principalId.toLowerCase() ? r : undefined);
    const sp = byId(await s.stores.apps.getServicePrincipal(tenantId, principalId));
    const user = sp ? undefined : byId(await s.stores.directory.getUser(tenantId, principalId));
    const group = sp || user ? undefined : byId(await s.stores.directory.getGroup(tenantId, principalId));
    if (!sp && !user && !group) throw graphErrors.directoryResourceNotFound(principalId);
    if (side === 'principal' && !sp) throw graphErrors.directoryResourceNotFound(principalId);

    // The role must be one the resource defines: Graph's from the catalog, others only the default role.
    const valid =
      resource.appId === GRAPH_APP_ID ? s.catalog.permissionById(appRoleId, 'application')?.scheme === 'application' : appRoleId === DEFAULT_ROLE;
    if (!valid) throw graphErrors.directoryBadRequest(`Permission (appRole) with id '${appRoleId}' was not found on application '${resource.appId}'.`);

    const existing = await s.stores.grants.listAppRoleAssignments(tenantId, { principalId: (sp ?? user ?? group)!.id, resourceId: resource.id });
    if (existing.some((a) => a.appRoleId.toLowerCase() === appRoleId)) throw graphErrors.appRoleAssignmentExists();
    const record: AppRoleAssignmentRecord = {
      tenantId,
      id: s.ids.token(32),
      principalId: (sp ?? user ?? group)!.id,
      principalType: sp ? 'ServicePrincipal' : user ? 'User' : 'Group',
      principalDisplayName: (sp ?? user ?? group)!.displayName,
      resourceId: resource.id,
      resourceDisplayName: resource.displayName,
      appRoleId,
      createdDateTime: s.clock.nowDate().toISOString(),
    };
    await s.stores.grants.putAppRoleAssignment(record);
    reply.code(201);
    const set = side === 'principal' ? 'appRoleAssignments' : 'appRoleAssignedTo';
    return { '@odata.context': metadataUrl(req, `servicePrincipals('${req.params.id}')/${set}/$entity`), ...toGraphAppRoleAssignment(record) };
  };
  app.post('/servicePrincipals/:id/appRoleAssignments', handler('principal'));
  app.post('/servicePrincipals/:id/appRoleAssignedTo', handler('resource'));
}
