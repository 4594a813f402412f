import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { requireBody } from '../directory/request-body.js';
import { entityResult } from '../odata/collection.js';
import { MEETING_SPEC, buildMeeting, meetingsEntitySet, readMeetingBody } from './meeting-view.js';
import { meetingUser } from './rules.js';
import { meetingStoreOf } from './stores.js';

// POST /me/onlineMeetings (delegated OnlineMeetings.ReadWrite) and POST /users/{id}/onlineMeetings
// (app-only OnlineMeetings.ReadWrite.All plus the Teams application access policy). The meeting is
// standalone: it does not appear on anyone's calendar (graph-docs application-post-onlinemeetings).
export function registerCreateMeeting(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    const auth = await authorize<UserRecord>(req, { workload: 'teams', resource: meetingUser(req.params.id ?? 'me') });
    const body = readMeetingBody(requireBody(req), 'create');
    const { s } = req.graph.ctx;
    const meeting = await buildMeeting(s, auth.tenant, auth.target, body);
    await meetingStoreOf(s).put(meeting);
    reply.code(201);
    return entityResult(req, MEETING_SPEC, meeting.data, { contextEntitySet: meetingsEntitySet(auth.target.id) });
  };
  app.post('/me/onlineMeetings', handler);
  app.post('/users/:id/onlineMeetings', handler);
}
