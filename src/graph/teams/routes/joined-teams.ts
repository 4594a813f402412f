import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { queryCollection, type Resource } from '../../odata/collection.js';
import { findTeam, roleInTeam, teamsStore } from '../access.js';
import { TEAM_SPEC, toJoinedTeam } from '../shapes/team-shape.js';

// GET /me/joinedTeams, GET /users/{id}/joinedTeams (user-list-joinedteams.md): the teams the user
// is a direct member or owner of, with Graph's basic facts only (the other properties are null).

export function registerJoinedTeams(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest) => {
    const auth = await authorize(req, { workload: 'teams' });
    const { s } = req.graph.ctx;
    const id = (req.params as { id?: string }).id ?? auth.principal.userId!;
    const user = await s.stores.directory.getUser(auth.tenant.id, id);
    if (!user) throw graphErrors.directoryResourceNotFound(id);
    const items: Resource[] = [];
    for (const t of await teamsStore(s).listTeams(auth.tenant.id)) {
      if (!(await roleInTeam(s, auth.tenant.id, t.id, user.id))) continue;
      const found = await findTeam(s, auth.tenant.id, t.id);
      if (found) items.push(toJoinedTeam(found.team, found.group));
    }
    return queryCollection(req, TEAM_SPEC, items);
  };
  app.get('/me/joinedTeams', handler);
  app.get('/users/:id/joinedTeams', handler);
}
