import type { FastifyInstance, FastifyReply } from 'fastify';
import { graphErrors } from '../../errors.js';
import { authorizeMailbox } from '../access.js';
import { calendarViewDelta } from '../delta/view-delta.js';
import { calendarOf } from '../service/mailboxes.js';
import { readWindowParam } from '../time/date-time.js';
import { both, preferences, viewOptions, type Req } from './route-util.js';

// GET /me/calendarView/delta and /users/{id}/calendarView/delta (v1.0 and beta; graph-docs
// api/event-delta.md lists exactly these two paths for v1.0), and the function form
// `…/delta()` Kiota sends. The default calendar's view, through the same mailbox rule as
// calendarView (existence, application access policies, delegated sharing), so a policy that
// refuses calendarView refuses delta too. The window is read only for a first request: with a
// token it is the token's (the concepts page: parameters are encoded in the token).
// Not built: beta's /events/delta (delta on a calendar folder, not bounded by a window), nor
// the /calendars/{id}/calendarView/delta forms the event-delta page does not list for v1.0.

export function registerCalendarViewDelta(app: FastifyInstance): void {
  const handler = async (req: Req, reply: FastifyReply) => {
    const access = await authorizeMailbox(req, req.params.id, 'read');
    const from = readWindowParam(req, 'startDateTime');
    const to = readWindowParam(req, 'endDateTime');
    if (from !== undefined && to !== undefined && to < from) throw graphErrors.invalidParameter('The value of parameter endDateTime must be later than the value of parameter startDateTime.');
    const prefs = preferences(req, reply, { body: true });
    const s = req.graph.ctx.s;
    const calendar = await calendarOf(s, access.owner, undefined);
    return calendarViewDelta({ req, reply, s, access, calendar, window: from !== undefined && to !== undefined ? { from, to } : undefined, view: viewOptions(access, prefs), prefs });
  };
  both(app, 'GET', '/calendarView/delta', handler);
  both(app, 'GET', '/calendarView/delta()', handler);
}
