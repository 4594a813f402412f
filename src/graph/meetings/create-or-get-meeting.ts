import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { requireBody } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';
import { entityResult } from '../odata/collection.js';
import { MEETING_SPEC, buildMeeting, meetingsEntitySet, readMeetingBody } from './meeting-view.js';
import { meetingUser } from './rules.js';
import { meetingStoreOf } from './stores.js';

// POST /me/onlineMeetings/createOrGet and /users/{id}/onlineMeetings/createOrGet: the organizer's
// meeting with this externalId if there is one (200), else a new one (201)
// (graph-docs onlinemeeting-createorget.md).
export function registerCreateOrGetMeeting(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    const auth = await authorize<UserRecord>(req, { workload: 'teams', resource: meetingUser(req.params.id ?? 'me') });
    const body = readMeetingBody(requireBody(req), 'createOrGet');
    if (typeof body.externalId !== 'string') throw graphErrors.requiredProperty('externalId', 'onlineMeeting');
    const { s } = req.graph.ctx;
    const store = meetingStoreOf(s);
    let meeting = await store.findByExternalId(auth.tenant.id, auth.target.id, body.externalId);
    if (meeting) reply.code(200);
    else {
      meeting = await buildMeeting(s, auth.tenant, auth.target, body);
      await store.put(meeting);
      reply.code(201);
    }
    return entityResult(req, MEETING_SPEC, meeting.data, { contextEntitySet: meetingsEntitySet(auth.target.id) });
  };
  app.post('/me/onlineMeetings/createOrGet', handler);
  app.post('/users/:id/onlineMeetings/createOrGet', handler);
}
