import type { FastifyInstance, FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { entityResult } from '../odata/collection.js';
import { labelsEntitySet, authorizeLabels } from './label-route.js';
import { LABEL_SPEC, labelStoreOf, labelView } from './label-view.js';

// GET /beta/…/security/informationProtection/sensitivityLabels/{id}: one label (graph-docs beta
// security-sensitivitylabel-get.md); an unknown id is 404.
export function registerGetLabel(app: FastifyInstance): void {
  const handler = (scope: 'me' | 'user' | 'org') => async (req: FastifyRequest<{ Params: { id?: string; labelId: string } }>) => {
    const { auth, user } = await authorizeLabels(req, scope === 'org' ? undefined : scope === 'me' ? 'me' : req.params.id);
    const labels = await labelStoreOf(req.graph.ctx.s).list(auth.tenant.id);
    const label = labels.find((l) => l.id.toLowerCase() === req.params.labelId.toLowerCase());
    if (!label) throw graphErrors.itemNotFound();
    return entityResult(req, LABEL_SPEC, labelView(label, labels), { contextEntitySet: labelsEntitySet(user) });
  };
  app.get('/me/security/informationProtection/sensitivityLabels/:labelId', handler('me'));
  app.get('/users/:id/security/informationProtection/sensitivityLabels/:labelId', handler('user'));
  app.get('/security/informationProtection/sensitivityLabels/:labelId', handler('org'));
}
