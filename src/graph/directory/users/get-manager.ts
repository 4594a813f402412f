import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityResult } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { DIRECTORY_OBJECT_SPEC, toDirectoryObjects } from '../shapes/directory-object.js';

// GET /users/{id}/manager and GET /me/manager (graph-docs user-list-manager.md): the manager as a
// directoryObject, or 404 when none is set.
export function registerGetManager(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>) => {
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id ?? 'me') });
    const [manager] = auth.target.managerId ? await toDirectoryObjects(req, [{ id: auth.target.managerId, type: 'user' }]) : [];
    if (!manager) throw graphErrors.directoryResourceNotFound('manager');
    return entityResult(req, DIRECTORY_OBJECT_SPEC, manager);
  };
  app.get('/users/:id/manager', handler);
  app.get('/me/manager', handler);
}
