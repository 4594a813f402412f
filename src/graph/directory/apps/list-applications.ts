import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { ownersOf } from '../ownership.js';
import { directoryCollection } from '../rules.js';
import { APPLICATION_SPEC, toGraphApplication } from '../shapes/app-shape.js';

// GET /applications (graph-docs application-list.md): the tenant's app registrations. With only
// Application.ReadWrite.OwnedBy, the ones the calling app owns.
export function registerListApplications(app: FastifyInstance): void {
  app.get('/applications', async (req) => {
    const auth = await authorize(req, { resource: directoryCollection('applications') });
    const { s } = req.graph.ctx;
    let apps = await s.stores.apps.listApplications(auth.tenant.id);
    if (auth.allowing.every((p) => /\.ownedby$/i.test(p))) {
      const mine = auth.principal.servicePrincipalId?.toLowerCase();
      const owned = await Promise.all(apps.map(async (a) => (await ownersOf(s, auth.tenant.id, a.id)).includes(mine ?? '')));
      apps = apps.filter((_, i) => owned[i]);
    }
    return queryCollection(req, APPLICATION_SPEC, apps.map((a) => toGraphApplication(a, auth.tenant.domain)));
  });
}
