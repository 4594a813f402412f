import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryCollection } from '../odata/collection.js';
import { labelsEntitySet, authorizeLabels } from './label-route.js';
import { LABEL_SPEC, labelStoreOf, labelView } from './label-view.js';

// GET /beta/me/security/informationProtection/sensitivityLabels, /users/{id}/… and
// /security/informationProtection/sensitivityLabels (InformationProtectionPolicy.Read delegated,
// InformationProtectionPolicy.Read.All app, from the catalog).
export function registerListLabels(app: FastifyInstance): void {
  const handler = (scope: 'me' | 'user' | 'org') => async (req: FastifyRequest<{ Params: { id?: string } }>) => {
    const { auth, user } = await authorizeLabels(req, scope === 'org' ? undefined : scope === 'me' ? 'me' : req.params.id);
    const labels = await labelStoreOf(req.graph.ctx.s).list(auth.tenant.id);
    return queryCollection(req, LABEL_SPEC, labels.map((l) => labelView(l, labels)), { contextEntitySet: labelsEntitySet(user) });
  };
  app.get('/me/security/informationProtection/sensitivityLabels', handler('me'));
  app.get('/users/:id/security/informationProtection/sensitivityLabels', handler('user'));
  app.get('/security/informationProtection/sensitivityLabels', handler('org'));
}
