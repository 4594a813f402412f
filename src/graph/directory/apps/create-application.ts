import type { FastifyInstance } from 'fastify';
import type { ApplicationRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityContext } from '../../odata/links.js';
import { addOwner } from '../ownership.js';
import { requireBody, str } from '../request-body.js';
import { directoryCollection } from '../rules.js';
import { toGraphApplication } from '../shapes/app-shape.js';
import { applyApplicationBody } from './application-body.js';

// POST /applications (graph-docs application-post-applications.md): 201 with the new registration,
// a fresh appId, and the caller (user or app) as its owner. No service principal is created
// (POST /servicePrincipals does that).
export function registerCreateApplication(app: FastifyInstance): void {
  app.post('/applications', async (req, reply) => {
    const auth = await authorize(req, { resource: directoryCollection('applications', 'create') });
    const { s } = req.graph.ctx;
    const body = requireBody(req);
    str(body, 'displayName', 'Application', { required: true });
    const base: ApplicationRecord = {
      tenantId: auth.tenant.id,
      id: s.ids.uuid(),
      appId: s.ids.uuid(),
      displayName: '',
      signInAudience: 'AzureADMyOrg',
      isFallbackPublicClient: false,
      redirectUris: { web: [], spa: [], publicClient: [] },
      passwordCredentials: [],
      keyCredentials: [],
      requiredResourceAccess: [],
      identifierUris: [],
      api: { oauth2PermissionScopes: [], knownClientApplications: [], preAuthorizedApplications: [] },
      verifiedPublisher: false,
      createdDateTime: s.clock.nowDate().toISOString(),
    };
    const record = applyApplicationBody(base, body);
    await s.stores.apps.putApplication(record);
    await addOwner(s, auth.tenant.id, record.id, auth.principal.userId ?? auth.principal.servicePrincipalId!);
    reply.code(201);
    return { '@odata.context': entityContext(req, 'applications'), ...toGraphApplication(record, auth.tenant.domain) };
  });
}
