import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { referencedId } from '../request-body.js';
import { directoryObject } from '../rules.js';

// POST /groups/{id}/members/$ref and /owners/$ref with {"@odata.id": ".../directoryObjects/{id}"}
// (graph-docs group-post-members.md, group-post-owners.md): 204; 400 when already there.
// Microsoft's data has no entry for adding members; the Graph docs list the same permissions for
// adding and removing one, so the route borrows DELETE /groups/{id}/members/{id}'s entry.
export function registerAddGroupMember(app: FastifyInstance): void {
  const handler = (relation: 'member' | 'owner') => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const auth = await authorize<GroupRecord>(req, {
      resource: directoryObject('group', req.params.id, 'manage'),
      ...(relation === 'member'
        ? { permissionsOf: { method: 'DELETE', path: '/groups/{id}/members/{id}', why: 'the Graph docs list the same permissions for adding and removing a member' } }
        : {}),
    });
    const { s } = req.graph.ctx;
    const id = referencedId(req);
    const user = await s.stores.directory.getUser(auth.tenant.id, id);
    const group = user ? undefined : await s.stores.directory.getGroup(auth.tenant.id, id);
    if (!user && !group) throw graphErrors.directoryResourceNotFound(id);
    if (relation === 'owner' && !user) throw graphErrors.directoryBadRequest('Only users can be owners of a group.');
    const memberId = user ? user.id : group!.id;
    if (memberId === auth.target.id) throw graphErrors.directoryBadRequest('A group cannot be a member of itself.');
    const existing = await s.stores.directory.listMembers(auth.tenant.id, auth.target.id, relation);
    if (existing.some((m) => m.id === memberId)) throw graphErrors.referenceExists(relation === 'member' ? 'members' : 'owners');
    await s.stores.directory.addMember(auth.tenant.id, auth.target.id, memberId, user ? 'user' : 'group', relation);
    return reply.code(204).send();
  };
  app.post('/groups/:id/members/$ref', handler('member'));
  app.post('/groups/:id/owners/$ref', handler('owner'));
}
