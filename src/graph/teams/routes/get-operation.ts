import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TeamsOperationRecord } from '../../../store/teams/types.js';
import { authorize } from '../../auth/authorize.js';
import { entityContext } from '../../odata/links.js';
import { param } from '../access.js';
import { teamOperation } from '../creation-rule.js';

// GET /teams/{id}/operations/{opId}, also as Graph's Location writes it: /teams('{id}')/operations('{opId}').
// `inProgress` until the emulated clock reaches the end of provisioning, then `succeeded`.

const WHY = 'Graph documents no permissions for team operations (teamsasyncoperation-get.md lists chats only); the creator polls with the token that created the team';

export function registerGetOperation(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest) => {
    const p = req.params as Record<string, string>;
    const auth = await authorize<TeamsOperationRecord>(req, {
      workload: 'teams',
      resource: teamOperation(param(p, 'teamId'), param(p, 'opId')),
      permissionsOf: { method: 'POST', path: '/teams', why: WHY },
    });
    const op = auth.target;
    const now = req.graph.ctx.s.clock.now();
    const done = now >= op.completesAtMs;
    return {
      '@odata.context': entityContext(req, `teams('${op.teamId}')/operations`),
      id: op.id,
      operationType: op.operationType,
      createdDateTime: new Date(op.createdMs).toISOString(),
      status: done ? 'succeeded' : 'inProgress',
      lastActionDateTime: new Date(done ? op.completesAtMs : now).toISOString(),
      attemptsCount: 1,
      targetResourceId: op.targetResourceId,
      targetResourceLocation: op.targetResourceLocation,
      error: null,
    };
  };
  app.get('/teams/:teamId/operations/:opId', handler);
  app.get("/teams(':teamId')/operations(':opId')", handler);
}
