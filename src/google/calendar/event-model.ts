import type { CalendarRole, GoogleCalendarRecord, GoogleEventRecord } from '../../store/google/types.js';
import { deepFreeze } from '../../store/sqlite/cache.js';
import { googleErrors } from '../errors.js';
import { RANK } from './access.js';
import { MAX_INSTANCES, lastOccurrence, occurrences, parseRecurrence, type Recurrence } from './rrule.js';
import { dateInZone, formatTime, instanceStamp, parseEventTime, type StoredDateTime } from './times.js';

// Google event resources: building the stored body from a request, expanding recurring series
// into instances, and answering an event as a given caller may see it.

export type EventBody = Record<string, any>;

export interface Attendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  resource?: boolean;
  organizer?: boolean;
  responseStatus: 'needsAction' | 'declined' | 'tentative' | 'accepted';
  comment?: string;
  additionalGuests?: number;
}

const WRITABLE = [
  'summary',
  'description',
  'location',
  'colorId',
  'transparency',
  'visibility',
  'reminders',
  'extendedProperties',
  'guestsCanInviteOthers',
  'guestsCanModify',
  'guestsCanSeeOtherGuests',
  'anyoneCanAddSelf',
  'source',
  'status',
] as const;

const EVENT_ID = /^[a-v0-9]{5,1024}$/;

export function isValidEventId(id: string): boolean {
  return EVENT_ID.test(id);
}

export interface BuiltEvent {
  body: EventBody;
  startMs: number;
  /** End of the event, or of the series' last instance (MAX_SAFE_INTEGER without end). */
  endMs: number;
}

/** The zone a recurring series expands in: its start's timeZone, else the calendar's. */
export function seriesZone(body: EventBody, cal: GoogleCalendarRecord): string {
  return (body.start as StoredDateTime | undefined)?.timeZone ?? cal.timeZone;
}

/**
 * Merges `input` over `base` (a patch) or replaces it (insert/update: base = {}), validates, and
 * fills the server-set fields. `attendees` are normalized but their responses decided by booking.
 */
export function buildEvent(cal: GoogleCalendarRecord, input: EventBody, base: EventBody, server: { id: string; now: string; creator: string }): BuiltEvent {
  const body: EventBody = { ...base };
  for (const k of WRITABLE) if (k in input) body[k] = input[k];
  for (const k of ['start', 'end', 'recurrence', 'attendees', 'originalStartTime'] as const) if (k in input) body[k] = input[k];
  if (body.status !== undefined && !['confirmed', 'tentative', 'cancelled'].includes(body.status)) throw googleErrors.invalid('Invalid value for: status');
  if (body.visibility !== undefined && !['default', 'public', 'private', 'confidential'].includes(body.visibility)) throw googleErrors.invalid('Invalid value for: visibility');
  if (body.transparency !== undefined && !['opaque', 'transparent'].includes(body.transparency)) throw googleErrors.invalid('Invalid value for: transparency');

  const start = parseEventTime(body.start, 'start', cal.timeZone);
  const end = parseEventTime(body.end, 'end', cal.timeZone);
  if (start.allDay !== end.allDay) throw googleErrors.badRequest('The start and end times must either both be dates or both be date-times.');
  if (end.ms <= start.ms) throw googleErrors.timeRangeEmpty();
  body.start = start.stored;
  body.end = end.stored;

  let endMs = end.ms;
  if (body.recurrence !== undefined && body.recurrence !== null) {
    if (!Array.isArray(body.recurrence) || body.recurrence.length === 0) throw googleErrors.invalid('Invalid recurrence rule.');
    if (body.recurringEventId) throw googleErrors.invalid('An instance of a recurring event cannot itself recur.');
    if (!start.allDay && !start.stored.timeZone) throw googleErrors.badRequest('Missing time zone definition for start time.');
    const rec = parseRecurrence(body.recurrence, seriesZone(body, cal));
    if (!rec.ok) throw googleErrors.invalid(`Invalid recurrence rule. (${rec.message})`);
    const last = lastOccurrence(rec.value, start.ms, seriesZone(body, cal));
    endMs = last === undefined ? Number.MAX_SAFE_INTEGER : last + (end.ms - start.ms);
  } else {
    delete body.recurrence;
  }

  if (body.attendees !== undefined) body.attendees = normalizeAttendees(body.attendees);
  body.id = server.id;
  body.iCalUID ??= `${server.id}@google.com`;
  body.created ??= server.now;
  body.updated = server.now;
  body.creator ??= { email: server.creator };
  body.organizer ??= { email: cal.id, ...(cal.kind !== 'primary' ? { displayName: cal.summary } : {}) };
  body.status ??= 'confirmed';
  body.sequence = typeof base.sequence === 'number' ? base.sequence + (timesChanged(base, body) ? 1 : 0) : 0;
  body.reminders ??= { useDefault: true };
  body.eventType ??= 'default';
  return { body, startMs: start.ms, endMs };
}

function timesChanged(a: EventBody, b: EventBody): boolean {
  return JSON.stringify([a.start, a.end, a.recurrence]) !== JSON.stringify([b.start, b.end, b.recurrence]);
}

function normalizeAttendees(v: unknown): Attendee[] {
  if (!Array.isArray(v)) throw googleErrors.invalid('Invalid attendees.');
  const out: Attendee[] = [];
  for (const a of v) {
    if (!a || typeof a !== 'object' || typeof (a as { email?: unknown }).email !== 'string') throw googleErrors.required('Missing attendee email.');
    const x = a as Record<string, unknown>;
    const email = String(x.email).trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw googleErrors.invalid('Invalid attendee email.');
    if (out.some((o) => o.email === email)) continue;
    const at: Attendee = { email, responseStatus: isResponse(x.responseStatus) ? x.responseStatus : 'needsAction' };
    if (typeof x.displayName === 'string') at.displayName = x.displayName;
    if (x.optional === true) at.optional = true;
    if (typeof x.comment === 'string') at.comment = x.comment;
    if (typeof x.additionalGuests === 'number') at.additionalGuests = x.additionalGuests;
    out.push(at);
  }
  return out;
}

const isResponse = (v: unknown): v is Attendee['responseStatus'] => v === 'needsAction' || v === 'declined' || v === 'tentative' || v === 'accepted';

export function recurrenceOf(rec: GoogleEventRecord, cal: GoogleCalendarRecord): Recurrence | undefined {
  const lines = rec.body.recurrence as string[] | undefined;
  if (!lines) return undefined;
  const r = parseRecurrence(lines, seriesZone(rec.body, cal));
  return r.ok ? r.value : undefined;
}

/**
 * Instances of a series overlapping [windowStart, windowEnd), each replaced by its exception when
 * there is one (a cancelled exception removes the instance unless `includeCancelled`).
 */
export function expandSeries(
  master: GoogleEventRecord,
  exceptions: readonly GoogleEventRecord[],
  cal: GoogleCalendarRecord,
  windowStart: number,
  windowEnd: number,
  includeCancelled = false,
  max = MAX_INSTANCES,
): GoogleEventRecord[] {
  const s = seriesOf(master, cal, windowEnd);
  if (!s) return [];
  const byId = exceptions.length ? new Map(exceptions.map((e) => [e.id, e])) : undefined;
  const out: GoogleEventRecord[] = [];
  // Instances that start before the window may still overlap it.
  for (const t of s.times) {
    if (t >= windowEnd) break;
    if (t + s.duration <= windowStart) continue;
    const inst = s.instance(t);
    const ex = byId?.get(inst.id);
    if (ex) {
      if (ex.status !== 'cancelled' || includeCancelled) out.push(ex);
    } else {
      out.push(inst);
    }
    if (out.length >= max) break;
  }
  return out;
}

interface Series {
  zone: string;
  duration: number;
  /** Occurrence starts from the first, every one before `horizon` (at most 100,000). */
  times: number[];
  horizon: number;
  instance(t: number): GoogleEventRecord;
}

/**
 * A series' occurrences and instance records. A pollers' window moves on every call, so for a
 * stored (frozen, hence unchanging) master they are kept with the record and reused while the
 * window stays within what was computed, plus a week, so a window creeping forward reuses them
 * too. The occurrences before an end are a prefix of those before a later one, so filtering the
 * longer list gives the same answer. Instances are frozen like the master they come from.
 */
const seriesMemo = new WeakMap<GoogleEventRecord, Series>();
const HORIZON_SLACK_MS = 7 * 86_400_000;

function seriesOf(master: GoogleEventRecord, cal: GoogleCalendarRecord, windowEnd: number): Series | undefined {
  const zone = seriesZone(master.body, cal);
  const keep = Object.isFrozen(master);
  let s = keep ? seriesMemo.get(master) : undefined;
  if (s && s.zone === zone && s.horizon >= windowEnd) return s;
  const rec = recurrenceOf(master, cal);
  if (!rec) return undefined;
  const horizon = keep && windowEnd < Number.MAX_SAFE_INTEGER - HORIZON_SLACK_MS ? windowEnd + HORIZON_SLACK_MS : windowEnd;
  const allDay = Boolean(master.body.start?.date);
  const duration = instanceDuration(master);
  const made = new Map<number, GoogleEventRecord>();
  s = {
    zone,
    duration,
    times: occurrences(rec, master.startMs, zone, horizon, 100_000),
    horizon,
    instance(t) {
      let inst = made.get(t);
      if (!inst) {
        inst = instanceOf(master, t, duration, allDay, zone, `${master.id}_${instanceStamp(t, allDay, zone)}`);
        if (keep) {
          deepFreeze(inst);
          made.set(t, inst);
        }
      }
      return inst;
    },
  };
  if (keep) seriesMemo.set(master, s);
  return s;
}

export function instanceDuration(master: GoogleEventRecord): number {
  const s = master.body.start as StoredDateTime;
  const e = master.body.end as StoredDateTime;
  if (s.date && e.date) return Date.parse(`${e.date}T00:00:00Z`) - Date.parse(`${s.date}T00:00:00Z`);
  return Date.parse(e.dateTime!) - Date.parse(s.dateTime!);
}

export function instanceOf(master: GoogleEventRecord, t: number, duration: number, allDay: boolean, zone: string, id: string): GoogleEventRecord {
  const body: EventBody = { ...master.body, id, recurringEventId: master.id };
  delete body.recurrence;
  const tz = (master.body.start as StoredDateTime).timeZone;
  if (allDay) {
    const endDay = new Date(Date.parse(`${dateInZone(t, zone)}T00:00:00Z`) + duration).toISOString().slice(0, 10);
    body.start = { date: dateInZone(t, zone) };
    body.end = { date: endDay };
    body.originalStartTime = { date: dateInZone(t, zone) };
  } else {
    body.start = { dateTime: new Date(t).toISOString(), ...(tz ? { timeZone: tz } : {}) };
    body.end = { dateTime: new Date(t + duration).toISOString(), ...((master.body.end as StoredDateTime).timeZone ? { timeZone: (master.body.end as StoredDateTime).timeZone } : {}) };
    body.originalStartTime = { dateTime: new Date(t).toISOString(), ...(tz ? { timeZone: tz } : {}) };
  }
  return { ...master, id, recurringEventId: master.id, startMs: t, endMs: t + duration, body };
}

/** Splits "<masterId>_<stamp>" into the master id and the instance start, if it has that shape. */
export function parseInstanceId(id: string): { masterId: string; stamp: string } | undefined {
  const m = /^([a-v0-9]{5,1024})_(\d{8}(?:T\d{6}Z)?)$/.exec(id);
  return m ? { masterId: m[1]!, stamp: m[2]! } : undefined;
}

export interface View {
  calendarId: string;
  role: CalendarRole;
  zone: string;
  viewer: string;
  maxAttendees?: number;
}

/** The event as this caller sees it: free/busy only, private details hidden, or everything. */
export function serializeEvent(rec: GoogleEventRecord, v: View): Record<string, unknown> {
  const b = rec.body;
  const etag = `"${String(rec.seq).padStart(16, '0')}"`;
  const times = { start: formatTime(b.start, v.zone), end: formatTime(b.end, v.zone) };
  const series = b.recurringEventId ? { recurringEventId: b.recurringEventId, originalStartTime: formatTime(b.originalStartTime, v.zone) } : {};
  if (v.role === 'freeBusyReader') return { kind: 'calendar#event', etag, id: rec.id, status: rec.status, ...times, ...series };
  const isPrivate = b.visibility === 'private' || b.visibility === 'confidential';
  const involved = b.organizer?.email === v.viewer || (b.attendees as Attendee[] | undefined)?.some((a) => a.email === v.viewer);
  if (isPrivate && RANK[v.role] < RANK.writer && !involved) {
    return { kind: 'calendar#event', etag, id: rec.id, status: rec.status, created: b.created, updated: b.updated, ...times, ...series, visibility: b.visibility, iCalUID: b.iCalUID, sequence: b.sequence, eventType: b.eventType, ...(b.transparency ? { transparency: b.transparency } : {}) };
  }
  const self = (email: string | undefined) => (email === v.calendarId ? { self: true } : {});
  const out: Record<string, unknown> = {
    kind: 'calendar#event',
    etag,
    id: rec.id,
    status: rec.status,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${rec.id} ${v.calendarId}`).toString('base64url')}`,
    created: b.created,
    updated: b.updated,
  };
  for (const k of ['summary', 'description', 'location', 'colorId'] as const) if (b[k] !== undefined) out[k] = b[k];
  out.creator = { ...b.creator, ...self(b.creator?.email) };
  out.organizer = { ...b.organizer, ...self(b.organizer?.email) };
  Object.assign(out, times);
  if (b.recurrence) out.recurrence = b.recurrence;
  Object.assign(out, series);
  if (b.transparency === 'transparent') out.transparency = 'transparent';
  if (b.visibility && b.visibility !== 'default') out.visibility = b.visibility;
  out.iCalUID = b.iCalUID;
  out.sequence = b.sequence;
  if (b.attendees?.length) {
    const list = (b.attendees as Attendee[]).map((a) => ({ ...a, ...self(a.email) }));
    if (v.maxAttendees !== undefined && list.length > v.maxAttendees) {
      out.attendeesOmitted = true;
      out.attendees = list.filter((a) => 'self' in a).slice(0, v.maxAttendees);
    } else out.attendees = list;
  }
  for (const k of ['guestsCanInviteOthers', 'guestsCanModify', 'guestsCanSeeOtherGuests', 'anyoneCanAddSelf', 'extendedProperties', 'source'] as const) if (b[k] !== undefined) out[k] = b[k];
  out.reminders = b.reminders;
  out.eventType = b.eventType;
  return out;
}
