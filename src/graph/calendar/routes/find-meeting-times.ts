import type { FastifyInstance } from 'fastify';
import { metadataUrl } from '../../odata/links.js';
import { authorizeMailbox } from '../access.js';
import { requireJsonBody } from '../model/event-input.js';
import { findMeetingTimes } from '../service/meeting-times.js';
import { both, preferences, type Req } from './route-util.js';

// POST /me/findMeetingTimes and /users/{id}/findMeetingTimes (graph-docs user-findmeetingtimes.md):
// delegated only. Microsoft's data lists no application permission for it, so an app-only token
// gets the Outlook 403 from the permission check (and an app-only /me call Graph's 400 first).

export function registerFindMeetingTimes(app: FastifyInstance): void {
  both(app, 'POST', '/findMeetingTimes', async (req: Req, reply) => {
    const access = await authorizeMailbox(req, req.params.id, 'read');
    const prefs = preferences(req, reply);
    const body = req.body === undefined || req.body === null ? {} : requireJsonBody(req);
    const result = await findMeetingTimes(req.graph.ctx.s, access.auth.tenant, access.owner, body, prefs.zone);
    return { '@odata.context': metadataUrl(req, 'microsoft.graph.meetingTimeSuggestionsResult'), ...result };
  });
}
