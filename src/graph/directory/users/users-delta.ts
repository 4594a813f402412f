import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import type { DeltaTracker } from '../delta.js';
import { directoryCollection } from '../rules.js';
import { USER_SPEC } from '../shapes/user-shape.js';
import { userView } from './user-view.js';

// GET /users/delta (and the function form /users/delta() Kiota sends): changes since the
// $deltatoken, through the same permission check and guest rule as listing users.
export function registerUsersDelta(app: FastifyInstance, tracker: DeltaTracker): void {
  const handler = async (req: FastifyRequest) => {
    const auth = await authorize(req, { resource: directoryCollection('users') });
    const users = await req.graph.ctx.s.stores.directory.listUsers(auth.tenant.id);
    return tracker.respond(req, auth.tenant.id, 'users', USER_SPEC, users.map((u) => ({ id: u.id, resource: userView(auth, u) })));
  };
  app.get('/users/delta', handler);
  app.get('/users/delta()', handler);
}
