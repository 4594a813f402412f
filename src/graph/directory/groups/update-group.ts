import type { FastifyInstance } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { resolveAssignedLabels } from '../../labels/group-labels.js';
import { bool, rejectUnknown, requireBody, str } from '../request-body.js';
import { directoryObject } from '../rules.js';

// PATCH /groups/{id} (graph-docs group-update.md): 204. Owners and group administrators may.
// `assignedLabels` (sensitivity labels, Microsoft 365 groups, delegated only): src/graph/labels/group-labels.ts.
export function registerUpdateGroup(app: FastifyInstance): void {
  app.patch<{ Params: { id: string } }>('/groups/:id', async (req, reply) => {
    const auth = await authorize<GroupRecord>(req, { resource: directoryObject('group', req.params.id, 'update') });
    const body = requireBody(req);
    rejectUnknown(body, ['displayName', 'description', 'mailNickname', 'securityEnabled', 'assignedLabels'], 'Group');
    const g = auth.target;
    const assignedLabels = body.assignedLabels === undefined ? g.assignedLabels : await resolveAssignedLabels(req, auth, body.assignedLabels);
    const next: GroupRecord = {
      ...g,
      displayName: str(body, 'displayName', 'Group') ?? g.displayName,
      description: str(body, 'description', 'Group', { nullable: true }) === undefined ? g.description : (body.description as string | null),
      mailNickname: str(body, 'mailNickname', 'Group') ?? g.mailNickname,
      securityEnabled: bool(body, 'securityEnabled', 'Group') ?? g.securityEnabled,
      ...(assignedLabels === undefined ? {} : { assignedLabels }),
    };
    await req.graph.ctx.s.stores.directory.putGroup(next);
    return reply.code(204).send();
  });
}
