import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GoogleCalendarRecord, GoogleEventRecord } from '../../store/google/types.js';
import { isValidTimeZone } from '../../tenant-file/relative-time.js';
import type { GoogleContext } from '../context.js';
import { googleErrors } from '../errors.js';
import { principal } from '../pipeline.js';
import { apiRoute, bool, checkBools, etagOf, fingerprint, int, intOrUndefined, jsonBody, page, params, query, readPageToken, str, type Query } from '../routes-util.js';
import { RANK, loadCalendar, requireRole, type Access } from './access.js';
import { deleteEvent, saveEvent } from './booking.js';
import { buildEvent, expandSeries, instanceDuration, instanceOf, isValidEventId, parseInstanceId, recurrenceOf, seriesZone, serializeEvent, type Attendee, type EventBody, type View } from './event-model.js';
import { occurrences } from './rrule.js';
import { instanceStamp, parseQueryTime } from './times.js';

// events.list / get / insert / update / patch / delete / instances.

const BASE = '/calendar/v3/calendars/:calendarId/events';
const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';
const LIST_CACHE_MAX = 2_000;
const EVENT_JSON_MAX = 50_000;

/** Fields an attendee may change on their own copy (the rest belongs to the organizer). */
const ATTENDEE_FIELDS = new Set(['attendees', 'reminders', 'colorId', 'extendedProperties', 'id', 'etag', 'kind']);

export function registerEventRoutes(app: FastifyInstance, g: GoogleContext): void {
  // Per mounted surface: two tenantboxes in one process (tests) must not share answers.
  const listCache = new Map<string, string>();
  const fragments = new EventJsonCache();
  apiRoute(app, g, 'calendar.events.list', 'GET', BASE, async (req, reply) => {
    const q = query(req);
    checkListParams(q, ['alwaysIncludeEmail', 'showDeleted', 'showHiddenInvitations', 'singleEvents']);
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    // A display polling its room asks the same question until something changes: answers are kept
    // per (calendar version, caller's role and address, change counter, query), so a repeat is
    // answered without re-reading and re-serializing. Any event write moves the change counter.
    const seq = await g.stores.calendars.currentSeq();
    const qs = req.url.slice(req.url.indexOf('?') + 1 || req.url.length);
    const cacheKey = [cal.tenantId, cal.id, cal.etagSeq, access.role, principal(req).email, seq, qs].join('\u0001');
    let text = listCache.get(cacheKey);
    if (text === undefined) {
      // A poller that moves timeMin on every call never repeats a query: its answer is assembled
      // from each event's JSON, kept per (event version, view) until the next event write.
      const { envelope, items, view: v } = await listEvents(g, req, cal, access, q);
      text = spliceItems(JSON.stringify({ ...envelope, items: [] }), fragments.all(seq, cal, v, items));
      if (listCache.size >= LIST_CACHE_MAX) listCache.clear();
      listCache.set(cacheKey, text);
    }
    return reply.type('application/json; charset=utf-8').send(text);
  });

  apiRoute(app, g, 'calendar.events.get', 'GET', `${BASE}/:eventId`, async (req) => {
    const q = query(req);
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    const ev = await findEvent(g, cal, params(req).eventId!);
    if (!ev || (access.role === 'freeBusyReader' && ev.body.transparency === 'transparent')) throw googleErrors.notFound();
    return serializeEvent(ev, view(req, cal, access, q));
  });

  apiRoute(app, g, 'calendar.events.insert', 'POST', BASE, async (req, reply) => {
    const input = jsonBody(req);
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'writerWithoutPrivateAccess');
    const id = input.id === undefined ? newEventId(g) : String(input.id);
    if (!isValidEventId(id)) throw googleErrors.invalid('Invalid resource id value.');
    if (input.recurringEventId) throw googleErrors.invalid('Insert an instance change with events.update on the instance id.');
    const p = principal(req);
    const saved = await g.stores.transaction(async () => {
      if (await g.stores.calendars.getEvent(p.tenantId, cal.id, id)) throw googleErrors.eventIdExists();
      const built = buildEvent(cal, input, {}, { id, now: g.clock.nowDate().toISOString(), creator: p.email });
      return saveEvent(g, cal, built, { actor: { email: p.email, isAdmin: p.isAdmin } });
    });
    return reply.send(serializeEvent(saved, view(req, cal, access, query(req))));
  });

  for (const [methodId, verb] of [
    ['calendar.events.update', 'PUT'],
    ['calendar.events.patch', 'PATCH'],
  ] as const) {
    apiRoute(app, g, methodId, verb, `${BASE}/:eventId`, async (req) => {
      const input = jsonBody(req);
      const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
      requireRole(req, access, 'writerWithoutPrivateAccess');
      const p = principal(req);
      const saved = await g.stores.transaction(async () => {
        const prev = await findEvent(g, cal, params(req).eventId!);
        if (!prev) throw googleErrors.notFound();
        if (prev.body.organizer?.email !== cal.id) return respondOnCopy(g, cal, prev, input, verb);
        const keep: EventBody = { created: prev.body.created, iCalUID: prev.body.iCalUID, creator: prev.body.creator, organizer: prev.body.organizer, sequence: prev.body.sequence };
        if (prev.body.recurringEventId) Object.assign(keep, { recurringEventId: prev.body.recurringEventId, originalStartTime: prev.body.originalStartTime });
        const base = verb === 'PATCH' ? { ...prev.body } : keep;
        const built = buildEvent(cal, input, base, { id: prev.id, now: g.clock.nowDate().toISOString(), creator: p.email });
        // A stored row for an instance is an exception; its master stays as it is.
        if (prev.recurringEventId) delete built.body.recurrence;
        const stored = await g.stores.calendars.getEvent(p.tenantId, cal.id, prev.id);
        return saveEvent(g, cal, built, { previous: stored ?? prev, actor: { email: p.email, isAdmin: p.isAdmin } });
      });
      return serializeEvent(saved, view(req, cal, access, query(req)));
    });
  }

  apiRoute(app, g, 'calendar.events.delete', 'DELETE', `${BASE}/:eventId`, async (req, reply) => {
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'writerWithoutPrivateAccess');
    await g.stores.transaction(async () => {
      const ev = await findEvent(g, cal, params(req).eventId!);
      if (!ev) throw googleErrors.notFound();
      if (ev.status === 'cancelled') throw googleErrors.deleted();
      if (ev.recurringEventId && !(await g.stores.calendars.getEvent(cal.tenantId, cal.id, ev.id))) {
        // Deleting one instance of a series stores a cancelled exception.
        const body = { ...ev.body, status: 'cancelled', updated: g.clock.nowDate().toISOString() };
        await g.stores.calendars.putEvent({ ...ev, calendarId: cal.id, status: 'cancelled', body });
        return;
      }
      await deleteEvent(g, cal, ev);
    });
    return reply.code(204).send();
  });

  apiRoute(app, g, 'calendar.events.instances', 'GET', `${BASE}/:eventId/instances`, async (req) => {
    const q = query(req);
    checkListParams(q, ['alwaysIncludeEmail', 'showDeleted']);
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    const master = await g.stores.calendars.getEvent(cal.tenantId, cal.id, params(req).eventId!);
    if (!master || master.status === 'cancelled') throw googleErrors.notFound();
    const tmin = parseQueryTime(str(q, 'timeMin'), 'timeMin') ?? Number.MIN_SAFE_INTEGER;
    const tmax = parseQueryTime(str(q, 'timeMax'), 'timeMax') ?? Number.MAX_SAFE_INTEGER;
    let items: GoogleEventRecord[];
    if (!master.body.recurrence) items = master.startMs < tmax && master.endMs > tmin ? [master] : [];
    else {
      const exceptions = await g.stores.calendars.listExceptions(cal.tenantId, cal.id, master.id);
      items = expandSeries(master, exceptions, cal, tmin, tmax, bool(q, 'showDeleted'));
      const orig = str(q, 'originalStart');
      if (orig) {
        const t = parseQueryTime(orig, 'originalStart')!;
        items = items.filter((i) => Date.parse(i.body.originalStartTime?.dateTime ?? `${i.body.originalStartTime?.date}T00:00:00Z`) === t || i.startMs === t);
      }
    }
    const fp = fingerprint(['instances', cal.id, master.id, q.timeMin, q.timeMax, q.showDeleted, q.originalStart]);
    const pg = page(items, int(q, 'maxResults', 250, 1, 2500), readPageToken(str(q, 'pageToken'), fp), fp);
    const v = view(req, cal, access, q);
    return {
      kind: 'calendar#events',
      etag: etagOf(master.seq),
      summary: cal.summary,
      updated: master.body.updated,
      timeZone: cal.timeZone,
      accessRole: access.role,
      defaultReminders: [],
      ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : {}),
      items: pg.items.map((i) => serializeEvent(i, v)),
    };
  });
}

/**
 * Typed parameters of events.list / events.instances, checked before the calendar is looked at, as
 * Google's front end checks them against the discovery document before the method runs.
 */
function checkListParams(q: Query, booleans: string[]): void {
  checkBools(q, ...booleans);
  intOrUndefined(q, 'maxResults', 1);
  intOrUndefined(q, 'maxAttendees', 1);
}

function view(req: FastifyRequest, cal: GoogleCalendarRecord, access: Access, q: Query) {
  const tz = str(q, 'timeZone');
  const max = intOrUndefined(q, 'maxAttendees', 1);
  return {
    calendarId: cal.id,
    role: access.role,
    zone: tz && isValidTimeZone(tz) ? tz : cal.timeZone,
    viewer: principal(req).email,
    ...(max !== undefined ? { maxAttendees: max } : {}),
  };
}

/** A stored event or exception, or an instance of a stored series ("<master>_<stamp>"). */
async function findEvent(g: GoogleContext, cal: GoogleCalendarRecord, id: string): Promise<GoogleEventRecord | undefined> {
  const stored = await g.stores.calendars.getEvent(cal.tenantId, cal.id, id);
  if (stored) return stored;
  const inst = parseInstanceId(id);
  if (!inst) return undefined;
  const master = await g.stores.calendars.getEvent(cal.tenantId, cal.id, inst.masterId);
  const rec = master && master.status !== 'cancelled' ? recurrenceOf(master, cal) : undefined;
  if (!master || !rec) return undefined;
  const zone = seriesZone(master.body, cal);
  const allDay = Boolean(master.body.start?.date);
  for (const t of occurrences(rec, master.startMs, zone, Number.MAX_SAFE_INTEGER, 100_000)) {
    const stamp = instanceStamp(t, allDay, zone);
    if (stamp === inst.stamp) return instanceOf(master, t, instanceDuration(master), allDay, zone, id);
    if (stamp > inst.stamp && stamp.length === inst.stamp.length) break;
  }
  return undefined;
}

/** An attendee changing their copy: their own response (sent to every copy) and personal fields. */
async function respondOnCopy(g: GoogleContext, cal: GoogleCalendarRecord, prev: GoogleEventRecord, input: EventBody, verb: string): Promise<GoogleEventRecord> {
  const touched = Object.keys(input).filter((k) => !ATTENDEE_FIELDS.has(k));
  const same = (k: string) => JSON.stringify(input[k]) === JSON.stringify(prev.body[k]);
  if (touched.some((k) => !same(k))) throw googleErrors.forbiddenForNonOrganizer();
  const mine = (input.attendees as Attendee[] | undefined)?.find((a) => a?.email?.toLowerCase() === cal.id);
  const body: EventBody = { ...prev.body, updated: g.clock.nowDate().toISOString() };
  for (const k of ['reminders', 'colorId', 'extendedProperties'] as const) if (k in input) body[k] = input[k];
  else if (verb === 'PUT') delete body[k];
  if (mine?.responseStatus) {
    for (const copy of await g.stores.calendars.listCopies(cal.tenantId, prev.id)) {
      if (copy.calendarId === cal.id) continue;
      const attendees = ((copy.body.attendees ?? []) as Attendee[]).map((a) => (a.email === cal.id ? { ...a, responseStatus: mine.responseStatus } : a));
      await g.stores.calendars.putEvent({ ...copy, body: { ...copy.body, attendees } });
    }
    body.attendees = ((body.attendees ?? []) as Attendee[]).map((a) => (a.email === cal.id ? { ...a, responseStatus: mine.responseStatus } : a));
  }
  return g.stores.calendars.putEvent({ ...prev, body });
}

async function listEvents(g: GoogleContext, req: FastifyRequest, cal: GoogleCalendarRecord, access: Access, q: Query) {
  const single = bool(q, 'singleEvents');
  const orderBy = str(q, 'orderBy');
  if (orderBy !== undefined && orderBy !== 'startTime' && orderBy !== 'updated') throw googleErrors.invalid('Invalid value for: orderBy');
  if (orderBy === 'startTime' && !single) throw googleErrors.invalidOrdering();
  for (const p of ['privateExtendedProperty', 'sharedExtendedProperty']) if (q[p] !== undefined) throw googleErrors.notImplemented(`events.list with ${p}`);
  const types = str(q, 'eventTypes');
  if (types !== undefined && !types.split(',').includes('default')) throw googleErrors.notImplemented(`events.list with eventTypes=${types} (tenantbox has only default events)`);
  const syncToken = str(q, 'syncToken');
  const fp = fingerprint(['events', cal.id, q.timeMin, q.timeMax, q.singleEvents, q.showDeleted, q.orderBy, q.q, q.iCalUID, q.updatedMin, syncToken]);
  const token = readPageToken(str(q, 'pageToken'), fp);
  const snapshot = token?.s ?? (await g.stores.calendars.currentSeq());
  const showDeleted = bool(q, 'showDeleted') || syncToken !== undefined;

  let rows: GoogleEventRecord[];
  let windowStart = Number.MIN_SAFE_INTEGER;
  let windowEnd = Number.MAX_SAFE_INTEGER;
  if (syncToken !== undefined) {
    for (const p of ['timeMin', 'timeMax', 'q', 'orderBy', 'iCalUID', 'updatedMin']) {
      if (q[p] !== undefined) throw googleErrors.badRequest(`Bad Request: syncToken cannot be combined with ${p}`);
    }
    const since = readSyncToken(syncToken, cal.id);
    if (since === undefined || since > snapshot) throw googleErrors.fullSyncRequired();
    rows = (await g.stores.calendars.listChangedSince(cal.tenantId, cal.id, since)).filter((r) => r.seq <= snapshot);
  } else {
    windowStart = parseQueryTime(str(q, 'timeMin'), 'timeMin') ?? windowStart;
    windowEnd = parseQueryTime(str(q, 'timeMax'), 'timeMax') ?? windowEnd;
    if (windowEnd <= windowStart) throw googleErrors.timeRangeEmpty();
    const bounded = windowStart > Number.MIN_SAFE_INTEGER || windowEnd < Number.MAX_SAFE_INTEGER;
    rows = await g.stores.calendars.listEvents(cal.tenantId, cal.id, bounded ? { startMs: windowStart, endMs: windowEnd, includeCancelled: showDeleted } : { includeCancelled: showDeleted });
    rows = rows.filter((r) => r.seq <= snapshot);
  }

  let items: GoogleEventRecord[] = rows;
  if (single) {
    items = [];
    const produced = new Set<string>();
    for (const r of rows) {
      if (!r.body.recurrence) continue;
      if (r.status === 'cancelled') {
        if (showDeleted) items.push(r);
        continue;
      }
      const exceptions = await g.stores.calendars.listExceptions(cal.tenantId, cal.id, r.id);
      for (const i of expandSeries(r, exceptions, cal, windowStart, windowEnd, showDeleted)) {
        produced.add(i.id);
        items.push(i);
      }
    }
    for (const r of rows) if (!r.body.recurrence && !produced.has(r.id)) items.push(r);
  }

  if (access.role === 'freeBusyReader') items = items.filter((i) => i.status !== 'cancelled' && i.body.transparency !== 'transparent');
  const text = str(q, 'q')?.toLowerCase().split(/\s+/).filter(Boolean);
  if (text?.length) items = items.filter((i) => RANK[access.role] >= RANK.reader && text.every((w) => searchable(i).includes(w)));
  const ical = str(q, 'iCalUID');
  if (ical) items = items.filter((i) => i.iCalUID === ical);
  const updatedMin = parseQueryTime(str(q, 'updatedMin'), 'updatedMin');
  if (updatedMin !== undefined) items = items.filter((i) => Date.parse(i.body.updated) >= updatedMin);

  if (syncToken !== undefined && !single) items.sort((a, b) => a.seq - b.seq);
  else if (orderBy === 'updated') items.sort((a, b) => String(a.body.updated).localeCompare(String(b.body.updated)) || a.id.localeCompare(b.id));
  else items.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));

  const pg = page(items, int(q, 'maxResults', 250, 1, 2500), token, fp, snapshot);
  const v = view(req, cal, access, q);
  const updated = items.reduce((m, i) => (String(i.body.updated) > m ? String(i.body.updated) : m), '');
  // Serialized by the caller: `items` (each event as `v` sees it) goes last, after the envelope.
  return {
    envelope: {
      kind: 'calendar#events',
      etag: etagOf(snapshot),
      summary: cal.summary,
      ...(cal.description ? { description: cal.description } : {}),
      updated: updated || g.clock.nowDate().toISOString(),
      timeZone: cal.timeZone,
      accessRole: access.role,
      defaultReminders: [],
      ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : { nextSyncToken: writeSyncToken(cal.id, snapshot) }),
    },
    items: pg.items,
    view: v,
  };
}

/**
 * JSON of events as a view sees them, by (calendar version, view, event id, event seq). An event
 * record's content is fixed by its id and seq (every write takes a new seq; an instance of a series
 * is fixed by its master's seq and its own id, which names its start), and its answer also by the
 * calendar (whose zone a series expands in) and the view. Emptied when the change counter moves.
 */
class EventJsonCache {
  private seq = -1;
  private readonly map = new Map<string, string>();

  all(seq: number, cal: GoogleCalendarRecord, v: View, items: readonly GoogleEventRecord[]): string[] {
    if (seq !== this.seq || this.map.size > EVENT_JSON_MAX) {
      this.map.clear();
      this.seq = seq;
    }
    const prefix = [cal.tenantId, cal.id, cal.etagSeq, v.calendarId, v.role, v.zone, v.viewer, v.maxAttendees ?? ''].join('\u0001');
    return items.map((i) => {
      const k = `${prefix}\u0001${i.id}\u0001${i.seq}`;
      let text = this.map.get(k);
      if (text === undefined) {
        text = JSON.stringify(serializeEvent(i, v));
        this.map.set(k, text);
      }
      return text;
    });
  }
}

/** `{...,"items":[]}` with the items' JSON put in: what JSON.stringify of the whole answer gives. */
function spliceItems(envelopeWithEmptyItems: string, items: string[]): string {
  if (!envelopeWithEmptyItems.endsWith('"items":[]}')) throw new Error('tenantbox: events.list envelope must end with its items');
  return `${envelopeWithEmptyItems.slice(0, -2)}${items.join(',')}]}`;
}

function searchable(i: GoogleEventRecord): string {
  const b = i.body;
  const people = [b.organizer?.email, b.organizer?.displayName, ...((b.attendees ?? []) as Attendee[]).flatMap((a) => [a.email, a.displayName])];
  return [b.summary, b.description, b.location, ...people].filter(Boolean).join(' ').toLowerCase();
}

function writeSyncToken(calendarId: string, seq: number): string {
  return Buffer.from(JSON.stringify({ c: calendarId, s: seq })).toString('base64url');
}

function readSyncToken(token: string, calendarId: string): number | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { c?: string; s?: number };
    return t.c === calendarId && typeof t.s === 'number' ? t.s : undefined;
  } catch {
    return undefined;
  }
}

function newEventId(g: GoogleContext): string {
  // 26 base32hex characters, the shape of Google's generated ids.
  const bytes = Buffer.from(g.ids.token(32), 'base64url');
  let out = '';
  for (let i = 0; i < 26; i++) out += BASE32HEX[bytes[i % bytes.length]! % 32];
  return out;
}

