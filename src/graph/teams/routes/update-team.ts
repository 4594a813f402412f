import type { FastifyInstance } from 'fastify';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { param, teamsStore } from '../access.js';
import { mergeSettings, optString, rejectUnknown, requireBody, settingsPatch, SETTINGS_PROPERTIES } from '../bodies.js';
import { team, type TeamTarget } from '../rules.js';

// PATCH /teams/{id} (team-update.md): settings, name, description, visibility. 204. A delegated
// caller must own the team (the Teams client offers team settings to owners only) [I].

const KNOWN = ['displayName', 'description', 'visibility', ...SETTINGS_PROPERTIES];

export function registerUpdateTeam(app: FastifyInstance): void {
  app.patch<{ Params: { teamId: string } }>('/teams/:teamId', async (req, reply) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: team(param(req.params, 'teamId'), 'owner') });
    const { s } = req.graph.ctx;
    const body = requireBody(req);
    rejectUnknown(body, KNOWN, 'team');
    const patch = settingsPatch(body);
    const displayName = optString(body, 'displayName', { max: 256 });
    const description = optString(body, 'description');
    let visibility = auth.target.team.visibility;
    if (body.visibility !== undefined) {
      const v = String(body.visibility).toLowerCase();
      if (v !== 'public' && v !== 'private') throw graphErrors.badRequest(`Invalid value for property 'visibility': '${String(body.visibility)}'.`);
      visibility = v;
    }
    if (displayName !== undefined && displayName.trim() === '') throw graphErrors.badRequest("The property 'displayName' cannot be empty.");
    await s.stores.transaction(async () => {
      await teamsStore(s).putTeam({ ...mergeSettings(auth.target.team, patch), visibility });
      if (displayName !== undefined || description !== undefined) {
        const g = auth.target.group;
        await s.stores.directory.putGroup({ ...g, displayName: displayName ?? g.displayName, description: description ?? g.description });
      }
    });
    reply.code(204);
    return reply.send();
  });
}
