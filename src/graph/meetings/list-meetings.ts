import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OnlineMeetingRecord } from '../../store/meetings/types.js';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { queryCollection } from '../odata/collection.js';
import type { FilterNode } from '../odata/filter-parser.js';
import { readODataQuery } from '../odata/query-options.js';
import { MEETING_SPEC, meetingsEntitySet } from './meeting-view.js';
import { meetingUser } from './rules.js';
import { meetingStoreOf } from './stores.js';

// GET /me/onlineMeetings?$filter=JoinWebUrl eq '…' (or joinMeetingIdSettings/joinMeetingId eq '…'),
// and the same on /users/{id}. Graph lists meetings only by those keys: no filter, or any other,
// is 400 InvalidArgument [O]. Only the organizer finds a meeting by its join URL; an attendee gets
// 403 (observed, microsoft-graph-docs#17234).
export function registerListMeetings(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>) => {
    const auth = await authorize<UserRecord>(req, { workload: 'teams', resource: meetingUser(req.params.id ?? 'me') });
    const q = readODataQuery(req);
    const key = q.filter ? lookupKey(q.filter) : undefined;
    if (!key) throw graphErrors.onlineMeetingFilterRequired();
    const store = meetingStoreOf(req.graph.ctx.s);
    let items: OnlineMeetingRecord[];
    if (key.property === 'joinWebUrl') {
      // Graph asks for the URL encoded inside the filter; one decoding too many or too few still finds it.
      const m =
        (await store.findByJoinWebUrl(auth.tenant.id, key.value)) ??
        (await store.listByOrganizer(auth.tenant.id, auth.target.id)).find((x) => normalizeUrl(x.joinWebUrl) === normalizeUrl(key.value));
      if (m && m.organizerId.toLowerCase() !== auth.target.id.toLowerCase()) {
        throw graphErrors.onlineMeetingAccessDenied({
          details: [{ code: 'tenantbox.onlineMeetingOrganizer', message: 'Only the organizer can look a meeting up by its joinWebUrl.', target: auth.target.id }],
        });
      }
      items = m ? [m] : [];
    } else {
      items = (await store.listByOrganizer(auth.tenant.id, auth.target.id)).filter((m) => m.joinMeetingId === key.value);
    }
    // The filter has been applied (leniently) above; $select and the rest apply as usual.
    return queryCollection(req, MEETING_SPEC, items.map((m) => m.data), { contextEntitySet: meetingsEntitySet(auth.target.id), query: { ...q, filter: undefined } });
  };
  app.get('/me/onlineMeetings', handler);
  app.get('/users/:id/onlineMeetings', handler);
}

/** The one comparison Graph accepts: `<joinWebUrl | joinMeetingIdSettings/joinMeetingId> eq '<value>'`. */
function lookupKey(f: FilterNode): { property: 'joinWebUrl' | 'joinMeetingId'; value: string } | undefined {
  if (f.type !== 'compare' || f.op !== 'eq' || f.left.type !== 'path' || f.right.type !== 'literal' || typeof f.right.value !== 'string') return undefined;
  const path = f.left.segments.join('/').toLowerCase();
  if (path === 'joinweburl') return { property: 'joinWebUrl', value: f.right.value };
  if (path === 'joinmeetingidsettings/joinmeetingid') return { property: 'joinMeetingId', value: f.right.value };
  return undefined;
}

function normalizeUrl(url: string): string {
  let cur = url;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      break;
    }
    if (next === cur) break;
    cur = next;
  }
  return cur.toLowerCase();
}
