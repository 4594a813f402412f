import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import type { DeltaTracker } from '../delta.js';
import { directoryCollection } from '../rules.js';
import { GROUP_SPEC, toGraphGroup } from '../shapes/group-shape.js';

// GET /groups/delta (and /groups/delta()): changed groups with `members@delta`.
export function registerGroupsDelta(app: FastifyInstance, tracker: DeltaTracker): void {
  const handler = async (req: FastifyRequest) => {
    const auth = await authorize(req, { resource: directoryCollection('groups') });
    const { directory } = req.graph.ctx.s.stores;
    const groups = await directory.listGroups(auth.tenant.id);
    const objects = await Promise.all(
      groups.map(async (g) => ({ id: g.id, resource: toGraphGroup(g), members: await directory.listMembers(auth.tenant.id, g.id, 'member') })),
    );
    return tracker.respond(req, auth.tenant.id, 'groups', GROUP_SPEC, objects);
  };
  app.get('/groups/delta', handler);
  app.get('/groups/delta()', handler);
}
