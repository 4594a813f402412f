import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OnlineMeetingRecord } from '../../store/meetings/types.js';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { entityResult } from '../odata/collection.js';
import { MEETING_SPEC, canRead, meetingsEntitySet } from './meeting-view.js';
import { meetingUser } from './rules.js';
import { meetingStoreOf } from './stores.js';

// GET /me/onlineMeetings/{meetingId} and /users/{id}/onlineMeetings/{meetingId}: the organizer's or
// an invited attendee's token (delegated) or user id (app-only) (graph-docs onlinemeeting-get.md).
export function registerGetMeeting(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; meetingId: string } }>) => {
    const auth = await authorize<UserRecord>(req, { workload: 'teams', resource: meetingUser(req.params.id ?? 'me') });
    const m = await findMeeting(req, auth.tenant.id, req.params.meetingId, auth.target, 'read');
    return entityResult(req, MEETING_SPEC, m.data, { contextEntitySet: meetingsEntitySet(auth.target.id) });
  };
  app.get('/me/onlineMeetings/:meetingId', handler);
  app.get('/users/:id/onlineMeetings/:meetingId', handler);
}

/** The meeting if `user` may read it (organizer or attendee) or change it (organizer only). */
export async function findMeeting(req: FastifyRequest, tenantId: string, meetingId: string, user: UserRecord, need: 'read' | 'write'): Promise<OnlineMeetingRecord> {
  const m = await meetingStoreOf(req.graph.ctx.s).get(tenantId, meetingId);
  if (!m) throw graphErrors.itemNotFound();
  const allowed = need === 'read' ? canRead(m, user.id) : m.organizerId.toLowerCase() === user.id.toLowerCase();
  if (!allowed) {
    if (!canRead(m, user.id)) throw graphErrors.itemNotFound();
    throw graphErrors.onlineMeetingAccessDenied({
      details: [{ code: 'tenantbox.onlineMeetingOrganizer', message: 'Only the organizer can change or delete an online meeting.', target: user.id }],
    });
  }
  return m;
}
