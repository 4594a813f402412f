import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { requireBody } from '../directory/request-body.js';
import { entityResult } from '../odata/collection.js';
import { findMeeting } from './get-meeting.js';
import { MEETING_SPEC, applyMeetingUpdate, meetingsEntitySet, readMeetingBody } from './meeting-view.js';
import { meetingUser } from './rules.js';
import { meetingStoreOf } from './stores.js';

// PATCH /me/onlineMeetings/{meetingId} and /users/{id}/onlineMeetings/{meetingId}: the organizer
// changes the meeting; Graph answers 200 with the updated meeting (graph-docs onlinemeeting-update.md).
export function registerUpdateMeeting(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; meetingId: string } }>) => {
    const auth = await authorize<UserRecord>(req, { workload: 'teams', resource: meetingUser(req.params.id ?? 'me') });
    const body = readMeetingBody(requireBody(req), 'update');
    const { s } = req.graph.ctx;
    const current = await findMeeting(req, auth.tenant.id, req.params.meetingId, auth.target, 'write');
    const updated = await applyMeetingUpdate(s, auth.tenant, auth.target, current, body);
    await meetingStoreOf(s).put(updated);
    return entityResult(req, MEETING_SPEC, updated.data, { contextEntitySet: meetingsEntitySet(auth.target.id) });
  };
  app.patch('/me/onlineMeetings/:meetingId', handler);
  app.patch('/users/:id/onlineMeetings/:meetingId', handler);
}
