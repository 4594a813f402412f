import type { FastifyInstance } from 'fastify';
import type { GroupRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityContext } from '../../odata/links.js';
import { param, teamsStore } from '../access.js';
import { rejectUnknown, settingsPatch, SETTINGS_PROPERTIES, peekBody } from '../bodies.js';
import { teamGroup } from '../creation-rule.js';
import { provisionTeam } from '../provision.js';
import { toGraphTeam } from '../shapes/team-shape.js';

// PUT /groups/{id}/team (team-put-teams.md): a team on an existing Microsoft 365 group, at once
// (201 with the team). The group needs an owner; a group with a team already gets 409.

export function registerTeamFromGroup(app: FastifyInstance): void {
  app.put<{ Params: { id: string } }>('/groups/:id/team', async (req, reply) => {
    const auth = await authorize<GroupRecord>(req, { workload: 'teams', resource: teamGroup(param(req.params, 'id')) });
    const { s } = req.graph.ctx;
    const group = auth.target;
    const body = peekBody(req);
    rejectUnknown(body, SETTINGS_PROPERTIES, 'team');
    const settings = settingsPatch(body);
    if (!group.groupTypes.includes('Unified')) throw graphErrors.badRequest('Only Microsoft 365 groups (groupTypes Unified) can have a team.');
    if (await teamsStore(s).getTeam(auth.tenant.id, group.id)) throw graphErrors.teamsConflict(`The group '${group.id}' already has a team.`);
    if ((await s.stores.directory.listMembers(auth.tenant.id, group.id, 'owner')).length === 0) {
      throw graphErrors.badRequest('A team can be created only from a group that has at least one owner.');
    }
    const created = await s.stores.transaction(() => provisionTeam(s, { tenantId: auth.tenant.id, group, provisionedAtMs: s.clock.now(), settings }));
    reply.code(201).header('location', `/teams('${group.id}')`);
    return { '@odata.context': entityContext(req, 'teams'), ...toGraphTeam(created, group) };
  });
}
