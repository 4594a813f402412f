import type { FastifyInstance } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { bool, rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryObject } from '../rules.js';

// PATCH /groups/{id} (graph-docs group-update.md): 204. Owners and group administrators may.
export function registerUpdateGroup(app: FastifyInstance): void {
  app.patch<{ Params: { id: string } }>('/groups/:id', async (req, reply) => {
    const auth = await authorize<GroupRecord>(req, { resource: directoryObject('group', req.params.id, 'update') });
    const body = requireBody(req);
    rejectUnknown(body, ['displayName', 'description', 'mailNickname', 'securityEnabled'], 'Group');
    const g = auth.target;
    const next: GroupRecord = {
      ...g,
      displayName: str(body, 'displayName', 'Group') ?? g.displayName,
      description: str(body, 'description', 'Group', { nullable: true }) === undefined ? g.description : (body.description as string | null),
      mailNickname: str(body, 'mailNickname', 'Group') ?? g.mailNickname,
      securityEnabled: bool(body, 'securityEnabled', 'Group') ?? g.securityEnabled,
    };
    await req.graph.ctx.s.stores.directory.putGroup(next);
    return reply.code(204).send();
  });
}
