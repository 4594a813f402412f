import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityResult } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { userSpecFor, userView } from './user-view.js';

// GET /users/{id | userPrincipalName} and GET /me (graph-docs user-get.md).
export function registerGetUser(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>) => {
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id ?? 'me') });
    return entityResult(req, userSpecFor(req), userView(auth, auth.target));
  };
  app.get('/users/:id', handler);
  app.get('/me', handler);
}
