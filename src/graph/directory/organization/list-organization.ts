import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryCollection } from '../rules.js';
import { ORGANIZATION_SPEC, toGraphOrganization } from './organization-shape.js';

// GET /organization (graph-docs organization-list.md): the caller's tenant, as a one-item collection.
export function registerListOrganization(app: FastifyInstance): void {
  app.get('/organization', async (req) => {
    const auth = await authorize(req, { resource: directoryCollection('organization') });
    return queryCollection(req, ORGANIZATION_SPEC, [toGraphOrganization(auth.tenant)]);
  });
}
