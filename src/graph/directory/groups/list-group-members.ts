import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { queryCollection } from '../../odata/collection.js';
import { directoryObject } from '../rules.js';
import { DIRECTORY_OBJECT_SPEC, toDirectoryObjects } from '../shapes/directory-object.js';

// GET /groups/{id}/members and GET /groups/{id}/owners (graph-docs group-list-members.md,
// group-list-owners.md): direct members as directoryObjects; members of a type the caller cannot
// read show only @odata.type and id.
export function registerListGroupMembers(app: FastifyInstance): void {
  const handler = (relation: 'member' | 'owner') => async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const auth = await authorize<GroupRecord>(req, { resource: directoryObject('group', req.params.id) });
    const refs = await req.graph.ctx.s.stores.directory.listMembers(auth.tenant.id, auth.target.id, relation);
    return queryCollection(req, DIRECTORY_OBJECT_SPEC, await toDirectoryObjects(req, refs));
  };
  app.get('/groups/:id/members', handler('member'));
  app.get('/groups/:id/owners', handler('owner'));
}
