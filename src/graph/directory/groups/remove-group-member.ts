import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { directoryObject } from '../rules.js';

// DELETE /groups/{id}/members/{memberId}/$ref and /owners/{ownerId}/$ref (graph-docs
// group-delete-members.md, group-delete-owners.md): 204; 404 when not there.
export function registerRemoveGroupMember(app: FastifyInstance): void {
  const handler = (relation: 'member' | 'owner') => async (req: FastifyRequest<{ Params: { id: string; memberId: string } }>, reply: FastifyReply) => {
    const auth = await authorize<GroupRecord>(req, { resource: directoryObject('group', req.params.id, 'manage') });
    const { s } = req.graph.ctx;
    const existing = await s.stores.directory.listMembers(auth.tenant.id, auth.target.id, relation);
    const m = existing.find((x) => x.id.toLowerCase() === req.params.memberId.toLowerCase());
    if (!m) throw graphErrors.directoryResourceNotFound(req.params.memberId);
    await s.stores.directory.removeMember(auth.tenant.id, auth.target.id, m.id, relation);
    return reply.code(204).send();
  };
  app.delete('/groups/:id/members/:memberId/$ref', handler('member'));
  app.delete('/groups/:id/owners/:memberId/$ref', handler('owner'));
}
