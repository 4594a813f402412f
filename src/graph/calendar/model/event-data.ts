import type { EventRecord, RoomInfo } from '../../../store/types.js';
import { parseLocal } from '../time/date-time.js';
import type { PatternedRecurrence } from '../time/recurrence.js';
import { resolveZone, UTC_ZONE } from '../time/zones.js';

// What an event record's `data` holds, as the seeder (src/store/seed/seed-events.ts) and this area
// write it: the Graph event body, with `start`/`end` kept in UTC (the zone the client used is in
// originalStartTimeZone), plus tenantbox's own bookkeeping under `_tenantbox` (never returned):
// a series master's exceptions and deleted occurrences, an exception's original start.
// A meeting is one item per mailbox (organizer, each attendee, each room), all sharing an iCalUId.

export const NO_RESPONSE_TIME = '0001-01-01T00:00:00Z';
/** Exchange iCalUIds (Outlook's global object id) start with this class id. */
export const ICAL_PREFIX = '040000008200E00074C5B7101A82E00800000000';

export type ResponseType = 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

export interface Attendee {
  type: 'required' | 'optional' | 'resource';
  status: { response: ResponseType; time: string };
  emailAddress: { name: string; address: string };
}

export interface Bookkeeping {
  /** Series master: original start (ms, as a string key) → exception event id. */
  exceptions?: Record<string, string>;
  /** Series master: original starts of occurrences deleted from the series. */
  deleted?: number[];
  /** Exception: the start of the occurrence it replaces. */
  originalStartMs?: number;
}

export type EventData = Record<string, unknown> & {
  subject?: string;
  attendees?: Attendee[];
  organizer?: { emailAddress: { name: string; address: string } };
  recurrence?: PatternedRecurrence | null;
  _tenantbox?: Bookkeeping;
};

export function dataOf(e: EventRecord): EventData {
  return e.data as EventData;
}

export function bookkeeping(e: EventRecord): Bookkeeping {
  return (dataOf(e)._tenantbox ?? {}) as Bookkeeping;
}

/** The stored start/end instant of a dateTimeTimeZone in `data` (UTC for everything written). */
export function instantIn(data: EventData, prop: 'start' | 'end'): number | undefined {
  const v = data[prop] as { dateTime?: string; timeZone?: string } | undefined;
  if (!v?.dateTime) return undefined;
  return parseLocal(v.dateTime, resolveZone(v.timeZone ?? 'UTC') ?? UTC_ZONE);
}

/** Length of one occurrence: the record's span for a single event, start→end of the body for a series. */
export function durationOf(e: EventRecord): number {
  if (e.type !== 'seriesMaster') return Math.max(0, e.endMs - e.startMs);
  const d = dataOf(e);
  const s = instantIn(d, 'start');
  const en = instantIn(d, 'end');
  return s !== undefined && en !== undefined ? Math.max(0, en - s) : 0;
}

// Occurrence ids: the master's id and the occurrence's original start, so any occurrence can be
// addressed (GET, PATCH, DELETE, cancel) without storing it.
const OCC = /^(.+)_(\d{8}T\d{6}Z)$/;

export function occurrenceId(masterId: string, originalStartMs: number): string {
  return `${masterId}_${new Date(originalStartMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}`;
}

export function parseOccurrenceId(id: string): { masterId: string; originalStartMs: number } | undefined {
  const m = OCC.exec(id);
  if (!m) return undefined;
  const t = m[2]!;
  const ms = Date.parse(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}Z`);
  return Number.isNaN(ms) ? undefined : { masterId: m[1]!, originalStartMs: ms };
}

/** Set-CalendarProcessing on a room: AddOrganizerToSubject and DeleteSubject decide its copy's subject. */
export function roomSubject(room: RoomInfo, subject: string, organizerName: string): string {
  if (room.addOrganizerToSubject) return room.deleteSubject ? organizerName : `${organizerName} ${subject}`;
  return room.deleteSubject ? '' : subject;
}

export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

export function attendeesOf(d: EventData): Attendee[] {
  return Array.isArray(d.attendees) ? d.attendees : [];
}

export function organizerAddress(d: EventData): string | undefined {
  return d.organizer?.emailAddress?.address?.toLowerCase();
}
