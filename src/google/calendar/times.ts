import { isValidTimeZone } from '../../tenant-file/relative-time.js';
import { instantOf, offsetAt, wallAt } from '../../shared/zone-time.js';
import { googleErrors } from '../errors.js';

// Google's EventDateTime: {dateTime: RFC 3339, timeZone?} for timed events, {date: YYYY-MM-DD} for
// all-day ones. Stored as given (dateTime normalized to UTC); answered in the zone the caller asks
// for (timeZone parameter) or the calendar's, with that zone's offset, as Google does.

export interface StoredDateTime {
  dateTime?: string; // UTC ISO
  date?: string;
  timeZone?: string;
}

export interface ParsedTime {
  ms: number;
  allDay: boolean;
  stored: StoredDateTime;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses an event's start or end. `fallbackZone` (the calendar's) places all-day dates in time. */
export function parseEventTime(v: unknown, which: 'start' | 'end', fallbackZone: string): ParsedTime {
  if (!v || typeof v !== 'object') throw googleErrors.required(`Missing ${which} time.`);
  const t = v as { dateTime?: unknown; date?: unknown; timeZone?: unknown };
  if (t.timeZone !== undefined && (typeof t.timeZone !== 'string' || !isValidTimeZone(t.timeZone))) {
    throw googleErrors.invalid(`Invalid time zone definition for ${which} time.`);
  }
  const tz = typeof t.timeZone === 'string' ? t.timeZone : undefined;
  if (typeof t.date === 'string') {
    const m = DATE.exec(t.date);
    if (!m) throw googleErrors.invalid(`Invalid ${which} time.`);
    const ms = instantOf({ y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: 0, mi: 0, s: 0 }, tz ?? fallbackZone);
    return { ms, allDay: true, stored: { date: t.date, ...(tz ? { timeZone: tz } : {}) } };
  }
  if (typeof t.dateTime !== 'string') throw googleErrors.required(`Missing ${which} time.`);
  const m = RFC3339.exec(t.dateTime);
  if (!m) throw googleErrors.invalid(`Invalid ${which} time.`);
  let ms: number;
  if (m[8]) ms = Date.parse(t.dateTime);
  else {
    if (!tz) throw googleErrors.badRequest(`Missing time zone definition for ${which} time.`);
    ms = instantOf({ y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]!, s: +(m[6] ?? 0) }, tz);
  }
  if (Number.isNaN(ms)) throw googleErrors.invalid(`Invalid ${which} time.`);
  return { ms, allDay: false, stored: { dateTime: new Date(ms).toISOString(), ...(tz ? { timeZone: tz } : {}) } };
}

/** RFC 3339 in a zone: 2026-05-04T09:00:00+02:00, or ...Z in UTC. */
export function formatInZone(ms: number, timeZone: string): string {
  const w = wallAt(ms, timeZone);
  const pad = (n: number, l = 2) => String(n).padStart(l, '0');
  const base = `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
  const off = offsetAt(ms, timeZone);
  if (off === 0) return `${base}Z`;
  const a = Math.abs(off) / 60_000;
  return `${base}${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

export function formatTime(t: StoredDateTime, zone: string): StoredDateTime {
  if (t.date) return { date: t.date };
  const out: StoredDateTime = { dateTime: formatInZone(Date.parse(t.dateTime!), zone) };
  if (t.timeZone) out.timeZone = t.timeZone;
  return out;
}

/** Date (YYYY-MM-DD) of an instant in a zone. */
export function dateInZone(ms: number, timeZone: string): string {
  const w = wallAt(ms, timeZone);
  return `${String(w.y).padStart(4, '0')}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** timeMin/timeMax/updatedMin: RFC 3339 with a mandatory offset. */
export function parseQueryTime(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const m = typeof v === 'string' ? RFC3339.exec(v) : null;
  if (!m || !m[8]) throw googleErrors.badRequest(`Bad Request: ${name} must be an RFC 3339 timestamp with a time zone offset, e.g. 2026-05-04T10:00:00Z`);
  return Date.parse(v as string);
}

/** Instance id suffix: 20260504T070000Z for timed events, 20260504 for all-day ones. */
export function instanceStamp(ms: number, allDay: boolean, zone: string): string {
  if (allDay) return dateInZone(ms, zone).replace(/-/g, '');
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
