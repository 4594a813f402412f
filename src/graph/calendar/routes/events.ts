import type { FastifyInstance } from 'fastify';
import { entityResult } from '../../odata/collection.js';
import { authorizeMailbox } from '../access.js';
import { eventCollectionSpec, eventView } from '../model/event-view.js';
import { readEventInput, requireJsonBody } from '../model/event-input.js';
import { instanceOfRecord } from '../service/expand.js';
import { locateEvent } from '../service/locate.js';
import { calendarOf } from '../service/mailboxes.js';
import { deleteLocated, updateOccurrence } from '../service/meeting-actions.js';
import { createEvent, updateEvent } from '../service/meetings.js';
import { writerFor } from '../service/writer.js';
import { both, COLLECTIONS, entitySet, eventPage, preferences, viewOptions, type Req } from './route-util.js';

// Events of a mailbox (graph-docs user-list-events.md, event-get.md, user-post-events.md,
// event-update.md, event-delete.md), at /events (the primary calendar), /calendar/events and
// /calendars/{id}/events. A list holds single events and series masters (occurrences are in
// calendarView and instances). Writes go through service/meetings.ts: a meeting reaches its
// attendees and rooms.

export function registerEvents(app: FastifyInstance): void {
  for (const c of COLLECTIONS) {
    both(app, 'GET', `${c}/events`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'read');
      const prefs = preferences(req, reply, { body: true });
      const s = req.graph.ctx.s;
      const cal = await calendarOf(s, access.owner, req.params.cid);
      const records = (await s.stores.events.listEvents(access.owner.tenantId, cal.id)).filter((e) => e.type === 'singleInstance' || e.type === 'seriesMaster');
      const items = records.map((e) => eventView(instanceOfRecord(e), viewOptions(access, prefs)));
      return eventPage(req, eventCollectionSpec(entitySet(req, access, 'events'), 10), items, prefs);
    });

    both(app, 'GET', `${c}/events/:eid`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'read');
      const prefs = preferences(req, reply, { body: true });
      const s = req.graph.ctx.s;
      const cal = req.params.cid !== undefined || c === '/calendar' ? await calendarOf(s, access.owner, req.params.cid) : undefined;
      const loc = await locateEvent(s, access.owner, req.params.eid!, cal);
      return entityResult(req, eventCollectionSpec(entitySet(req, access, 'events'), 10), eventView(loc.instance, viewOptions(access, prefs)));
    });

    both(app, 'POST', `${c}/events`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'create');
      const prefs = preferences(req, reply, { body: true });
      const input = readEventInput(requireJsonBody(req));
      const s = req.graph.ctx.s;
      const cal = await calendarOf(s, access.owner, req.params.cid);
      const rec = await createEvent(writerFor(s, access.owner.tenantId), access.owner, cal, input);
      reply.code(201);
      return entityResult(req, eventCollectionSpec(entitySet(req, access, 'events'), 10), eventView(instanceOfRecord(rec), viewOptions(access, prefs)));
    });

    both(app, 'PATCH', `${c}/events/:eid`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'write');
      const prefs = preferences(req, reply, { body: true });
      const input = readEventInput(requireJsonBody(req));
      const s = req.graph.ctx.s;
      const cal = req.params.cid !== undefined || c === '/calendar' ? await calendarOf(s, access.owner, req.params.cid) : undefined;
      const loc = await locateEvent(s, access.owner, req.params.eid!, cal);
      const w = writerFor(s, access.owner.tenantId);
      let rec;
      if (loc.kind === 'occurrence') rec = await updateOccurrence(w, loc.master, loc.originalStartMs, input);
      else if (loc.record.type === 'exception' && loc.record.seriesMasterId && loc.instance.originalStartMs !== undefined) {
        const master = await s.stores.events.getEvent(w.tenantId, loc.record.seriesMasterId);
        rec = master ? await updateOccurrence(w, master, loc.instance.originalStartMs, input) : loc.record;
      } else rec = await updateEvent(w, access.owner, loc.record, input);
      return entityResult(req, eventCollectionSpec(entitySet(req, access, 'events'), 10), eventView(instanceOfRecord(rec), viewOptions(access, prefs)));
    });

    both(app, 'DELETE', `${c}/events/:eid`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'write');
      const s = req.graph.ctx.s;
      const cal = req.params.cid !== undefined || c === '/calendar' ? await calendarOf(s, access.owner, req.params.cid) : undefined;
      const loc = await locateEvent(s, access.owner, req.params.eid!, cal);
      await deleteLocated(writerFor(s, access.owner.tenantId), loc, { cancel: false });
      return reply.code(204).send();
    });
  }
}
