import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { DIRECTORY_OBJECT_SPEC, toDirectoryObjects } from '../shapes/directory-object.js';

// GET /users/{id}/memberOf and GET /me/memberOf: the groups the user is a direct member of
// (graph-docs user-list-memberof.md), as directoryObjects.
export function registerListMemberOf(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>) => {
    const auth = await authorize<UserRecord>(req, { resource: directoryObject('user', req.params.id ?? 'me') });
    const groupIds = await req.graph.ctx.s.stores.directory.listMemberOf(auth.tenant.id, auth.target.id);
    return queryCollection(req, DIRECTORY_OBJECT_SPEC, await toDirectoryObjects(req, groupIds.map((id) => ({ id, type: 'group' as const }))));
  };
  app.get('/users/:id/memberOf', handler);
  app.get('/me/memberOf', handler);
}
