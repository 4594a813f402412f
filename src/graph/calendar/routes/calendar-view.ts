import type { FastifyInstance } from 'fastify';
import type { EventRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import { authorizeMailbox } from '../access.js';
import { bookkeeping } from '../model/event-data.js';
import { eventCollectionSpec } from '../model/event-view.js';
import { byStart, expandMaster, expandRange, instanceOfRecord, type Instance } from '../service/expand.js';
import { locateEvent } from '../service/locate.js';
import { calendarOf } from '../service/mailboxes.js';
import { readWindowParam } from '../time/date-time.js';
import { both, COLLECTIONS, entitySet, instancePage, preferences, viewOptions, type Req } from './route-util.js';

// calendarView (graph-docs user-list-calendarview.md, calendar-list-calendarview.md): the
// occurrences, exceptions and single events of a calendar in [startDateTime, endDateTime), sorted
// by start; and instances (event-list-instances.md): the occurrences and exceptions of one series.
// Both need the window (Graph's 400 otherwise) and honour Prefer: outlook.timezone.

function window(req: Req): { from: number; to: number } {
  const from = readWindowParam(req, 'startDateTime');
  const to = readWindowParam(req, 'endDateTime');
  if (from === undefined || to === undefined) throw graphErrors.calendarTimeWindowRequired();
  if (to < from) throw graphErrors.invalidParameter('The value of parameter endDateTime must be later than the value of parameter startDateTime.');
  return { from, to };
}

export function registerCalendarView(app: FastifyInstance): void {
  // /calendarView (primary calendar), /calendar/calendarView, /calendars/{id}/calendarView.
  for (const c of COLLECTIONS) {
    both(app, 'GET', `${c}/calendarView`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'read');
      const { from, to } = window(req);
      const prefs = preferences(req, reply, { body: true });
      const s = req.graph.ctx.s;
      const cal = await calendarOf(s, access.owner, req.params.cid);
      const instances = await expandRange(s, access.owner.tenantId, [cal.id], from, to);
      return instancePage(req, reply, eventCollectionSpec(entitySet(req, access, 'calendarView'), 10), instances, viewOptions(access, prefs), prefs);
    });

    both(app, 'GET', `${c}/events/:eid/instances`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'read');
      const { from, to } = window(req);
      const prefs = preferences(req, reply, { body: true });
      const s = req.graph.ctx.s;
      const cal = req.params.cid !== undefined || c === '/calendar' ? await calendarOf(s, access.owner, req.params.cid) : undefined;
      const loc = await locateEvent(s, access.owner, req.params.eid!, cal);
      if (loc.kind !== 'item' || loc.record.type !== 'seriesMaster') throw graphErrors.outlookInvalidRequest('The event is not the master of a recurring series; instances lists the occurrences of a series master.');
      const instances = await seriesInstances(req, loc.record, from, to);
      return instancePage(req, reply, eventCollectionSpec(entitySet(req, access, 'events'), 10), instances, viewOptions(access, prefs), prefs);
    });
  }
}

async function seriesInstances(req: Req, master: EventRecord, from: number, to: number): Promise<Instance[]> {
  const out = expandMaster(master, from, to);
  for (const id of Object.values(bookkeeping(master).exceptions ?? {})) {
    const ex = await req.graph.ctx.s.stores.events.getEvent(master.tenantId, id);
    if (ex && ex.startMs < to && (ex.endMs > from || ex.startMs >= from)) out.push(instanceOfRecord(ex));
  }
  return out.sort(byStart);
}
