import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { entityResult } from '../../odata/collection.js';
import { param } from '../access.js';
import { team, type TeamTarget } from '../rules.js';
import { TEAM_SPEC, toGraphTeam } from '../shapes/team-shape.js';

// GET /teams/{id} (team-get.md), also as /teams('{id}') (the Content-Location of POST /teams), and
// GET /groups/{id}/team (the same team, Group.Read.All).

export function registerGetTeam(app: FastifyInstance): void {
  const get = (keyForm: boolean, name: string) => async (req: FastifyRequest) => {
    const auth = await authorize<TeamTarget>(req, {
      workload: 'teams',
      resource: team(param(req.params as Record<string, string>, name), 'read'),
      ...(keyForm ? { permissionsOf: { method: 'GET', path: '/teams/{id}', why: "the key-segment form /teams('{id}') of the same operation" } } : {}),
    });
    return entityResult(req, TEAM_SPEC, toGraphTeam(auth.target.team, auth.target.group));
  };
  app.get('/teams/:teamId', get(false, 'teamId'));
  app.get("/teams(':teamId')", get(true, 'teamId'));
  // The directory area routes /groups/:id and /users/:id: same parameter name at the same position.
  app.get('/groups/:id/team', get(false, 'id'));
}
