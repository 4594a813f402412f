import type { FastifyReply, FastifyRequest } from 'fastify';
import { graphErrors } from '../../errors.js';
import { readMaxPageSize } from '../../odata/prefer.js';
import { instantOf, resolveZone, UTC_ZONE, wallAt, type Zone } from './zones.js';

// Graph's dateTimeTimeZone ({dateTime: "2019-03-15T09:00:00.0000000", timeZone: "Pacific Standard
// Time"}): a wall-clock time without offset and the zone it is in. Responses write dateTime with
// seven fractional digits and no offset, in the zone the client asked for with
// `Prefer: outlook.timezone` (UTC otherwise), and confirm it with `Preference-Applied`.

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** The zone a client named, or Graph's 400 for one it does not know. */
export function zoneOrThrow(name: string): Zone {
  const z = resolveZone(name);
  if (!z) throw graphErrors.timeZoneNotSupported(name);
  return z;
}

/** Parses a wall-clock (or offset) date-time in a zone; undefined when the text is not one. */
export function parseLocal(text: string, zone: Zone): number | undefined {
  const t = text.trim();
  if (WITH_OFFSET.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const m = LOCAL.exec(t);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 59) return undefined;
  return instantOf({ y, mo, d, h, mi, s, ms }, zone.iana);
}

/** A dateTimeTimeZone from a request body; `prop` names it in the 400. */
export function readDateTimeTimeZone(v: unknown, prop: string): { ms: number; zone: Zone } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw graphErrors.outlookInvalidRequest(`The property '${prop}' must be a dateTimeTimeZone object ({dateTime, timeZone}).`);
  const { dateTime, timeZone } = v as Partial<DateTimeTimeZone>;
  if (typeof dateTime !== 'string' || dateTime.trim() === '') throw graphErrors.outlookInvalidRequest(`The property '${prop}.dateTime' is required.`);
  const zone = typeof timeZone === 'string' && timeZone.trim() !== '' ? zoneOrThrow(timeZone) : UTC_ZONE;
  const ms = parseLocal(dateTime, zone);
  if (ms === undefined) throw graphErrors.outlookInvalidRequest(`The value '${dateTime}' of property '${prop}.dateTime' is not a valid date-time.`);
  return { ms, zone };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

// Formatted times, per (zone, instant): every page of a calendar writes the same few slot
// boundaries over and over. Bounded; cleared when full.
const formatted = new Map<string, Map<number, string>>();
let formattedSize = 0;

/** "2019-03-15T09:00:00.0000000": the wall-clock time of an instant in a zone, as Graph writes it. */
export function graphDateTime(ms: number, zone: Zone = UTC_ZONE): string {
  let byMs = formatted.get(zone.iana);
  const hit = byMs?.get(ms);
  if (hit !== undefined) return hit;
  let text: string;
  if (zone.iana === 'UTC') {
    const iso = new Date(ms).toISOString();
    text = `${iso.slice(0, 23)}0000`;
  } else {
    const w = wallAt(ms, zone.iana);
    text = `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}.${pad(w.ms, 3)}0000`;
  }
  if (formattedSize > 100_000) {
    formatted.clear();
    formattedSize = 0;
    byMs = undefined;
  }
  if (!byMs) formatted.set(zone.iana, (byMs = new Map()));
  byMs.set(ms, text);
  formattedSize++;
  return text;
}

// The same as JSON text ({"dateTime":"…","timeZone":"…"}), per (zone name as the client wrote it,
// instant): getSchedule writes thousands of items' start and end as text, mostly on a few slot
// boundaries. Bounded like `formatted`.
const formattedJson = new Map<string, Map<number, string>>();
let formattedJsonSize = 0;

/** JSON.stringify(toDateTimeTimeZone(ms, zone)), cached. */
export function dateTimeTimeZoneJson(ms: number, zone: Zone): string {
  let byMs = formattedJson.get(zone.name);
  const hit = byMs?.get(ms);
  if (hit !== undefined) return hit;
  const text = `{"dateTime":"${graphDateTime(ms, zone)}","timeZone":${JSON.stringify(zone.name)}}`;
  if (formattedJsonSize > 100_000) {
    formattedJson.clear();
    formattedJsonSize = 0;
    byMs = undefined;
  }
  if (!byMs) formattedJson.set(zone.name, (byMs = new Map()));
  byMs.set(ms, text);
  formattedJsonSize++;
  return text;
}

export function toDateTimeTimeZone(ms: number, zone: Zone): DateTimeTimeZone {
  return { dateTime: graphDateTime(ms, zone), timeZone: zone.name };
}

/** The start/end query parameters of calendarView: ISO 8601, UTC when no offset is given. */
export function readWindowParam(req: FastifyRequest, name: string): number | undefined {
  const q = req.query as Record<string, string | string[] | undefined>;
  const key = Object.keys(q).find((k) => k.toLowerCase() === name.toLowerCase());
  const raw = key === undefined ? undefined : q[key];
  const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (text === undefined || text.trim() === '') return undefined;
  const ms = parseLocal(text, UTC_ZONE);
  if (ms === undefined) throw graphErrors.invalidParameter(`The value '${text}' of parameter '${name}' is invalid.`);
  return ms;
}

/** The preferences of a `Prefer` header that calendar responses honour. */
export interface OutlookPreferences {
  zone: Zone;
  /** True when the client named a zone (then Preference-Applied confirms it). */
  zoneRequested: boolean;
  bodyContentType: 'html' | 'text' | undefined;
  maxPageSize: number | undefined;
}

export function readPreferences(req: FastifyRequest): OutlookPreferences {
  // odata.maxpagesize is validated once, where every route's OData options are (src/graph/odata/prefer.ts).
  const out: OutlookPreferences = { zone: UTC_ZONE, zoneRequested: false, bodyContentType: undefined, maxPageSize: readMaxPageSize(req) };
  const header = req.headers.prefer;
  const values = Array.isArray(header) ? header : header ? [header] : [];
  for (const v of values) {
    for (const part of v.split(',')) {
      const eq = part.indexOf('=');
      const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (name === 'outlook.timezone') {
        out.zone = zoneOrThrow(value);
        out.zoneRequested = true;
      } else if (name === 'outlook.body-content-type') {
        const t = value.toLowerCase();
        if (t !== 'text' && t !== 'html') throw graphErrors.invalidParameter(`The Prefer value outlook.body-content-type="${value}" is invalid; use "text" or "html".`);
        out.bodyContentType = t;
      }
    }
  }
  return out;
}

/** `Preference-Applied`, as Graph confirms the preferences it honoured. */
export function applyPreferences(reply: FastifyReply, p: OutlookPreferences, opts: { body?: boolean } = {}): void {
  const applied: string[] = [];
  if (p.zoneRequested) applied.push(`outlook.timezone="${p.zone.name}"`);
  if (opts.body && p.bodyContentType) applied.push(`outlook.body-content-type="${p.bodyContentType}"`);
  if (p.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${p.maxPageSize}`);
  if (applied.length) reply.header('preference-applied', applied.join(', '));
}
