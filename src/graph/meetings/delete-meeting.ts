import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { findMeeting } from './get-meeting.js';
import { meetingUser } from './rules.js';
import { meetingStoreOf } from './stores.js';

// DELETE /me/onlineMeetings/{meetingId} and /users/{id}/onlineMeetings/{meetingId}: organizer only, 204.
export function registerDeleteMeeting(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; meetingId: string } }>, reply: FastifyReply) => {
    const auth = await authorize<UserRecord>(req, { workload: 'teams', resource: meetingUser(req.params.id ?? 'me') });
    const m = await findMeeting(req, auth.tenant.id, req.params.meetingId, auth.target, 'write');
    await meetingStoreOf(req.graph.ctx.s).delete(auth.tenant.id, m.id);
    return reply.code(204).send();
  };
  app.delete('/me/onlineMeetings/:meetingId', handler);
  app.delete('/users/:id/onlineMeetings/:meetingId', handler);
}
