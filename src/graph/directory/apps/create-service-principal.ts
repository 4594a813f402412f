import type { FastifyInstance } from 'fastify';
import type { ServicePrincipalRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityContext } from '../../odata/links.js';
import { addOwner } from '../ownership.js';
import { rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryCollection } from '../rules.js';
import { servicePrincipalView } from './service-principal-view.js';

// POST /servicePrincipals {appId} (graph-docs serviceprincipal-post-serviceprincipals.md): 201.
// The app may be registered in this tenant or be a multi-tenant app registered in another one.
export function registerCreateServicePrincipal(app: FastifyInstance): void {
  app.post('/servicePrincipals', async (req, reply) => {
    const auth = await authorize(req, { resource: directoryCollection('servicePrincipals', 'create') });
    const { s } = req.graph.ctx;
    const body = requireBody(req);
    rejectUnknown(body, ['appId', 'accountEnabled', 'appRoleAssignmentRequired', 'tags'], 'ServicePrincipal');
    const appId = str(body, 'appId', 'ServicePrincipal', { required: true })!;
    const application = await s.stores.apps.findApplicationByAppId(appId);
    if (!application || (application.tenantId !== auth.tenant.id && application.signInAudience !== 'AzureADMultipleOrgs')) {
      throw graphErrors.directoryBadRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
    }
    if (await s.stores.apps.getServicePrincipal(auth.tenant.id, appId)) throw graphErrors.objectConflict('servicePrincipalNames');
    const record: ServicePrincipalRecord = {
      tenantId: auth.tenant.id,
      id: s.ids.uuid(),
      appId: application.appId,
      displayName: application.displayName,
      accountEnabled: typeof body.accountEnabled === 'boolean' ? body.accountEnabled : true,
      appRoleAssignmentRequired: typeof body.appRoleAssignmentRequired === 'boolean' ? body.appRoleAssignmentRequired : false,
      appOwnerOrganizationId: application.tenantId,
      servicePrincipalType: 'Application',
      servicePrincipalNames: [application.appId, ...application.identifierUris],
      createdDateTime: s.clock.nowDate().toISOString(),
    };
    await s.stores.apps.putServicePrincipal(record);
    await addOwner(s, auth.tenant.id, record.id, auth.principal.userId ?? auth.principal.servicePrincipalId!);
    reply.code(201);
    return { '@odata.context': entityContext(req, 'servicePrincipals'), ...(await servicePrincipalView(req, record)) };
  });
}
