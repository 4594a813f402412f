import { zoneOffsetMs } from '../tenant-file/relative-time.js';

// Time-zone arithmetic on the calendar hot paths (every dateTime in an answer, every occurrence of a
// series), shared by the Graph and Google calendars. A zone's UTC offset is constant within a quarter
// hour (every real zone changes offset on a quarter-hour boundary), so it is computed once per
// (zone, quarter hour) with relative-time.ts's Intl-based zoneOffsetMs and remembered.

const QUARTER = 900_000;
const offsets = new Map<string, number>();

export function offsetAt(ms: number, iana: string): number {
  if (iana === 'UTC' || iana === 'Etc/UTC') return 0;
  const q = Math.floor(ms / QUARTER);
  const k = `${iana}|${q}`;
  let off = offsets.get(k);
  if (off === undefined) {
    if (offsets.size > 200_000) offsets.clear();
    off = zoneOffsetMs(q * QUARTER, iana);
    offsets.set(k, off);
  }
  return off;
}

/** Wall-clock fields of an instant in a zone (month 1-12). */
export interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

export function wallAt(ms: number, iana: string): Wall {
  const t = new Date(ms + offsetAt(ms, iana));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds() };
}

/**
 * The instant of a wall-clock time. An ambiguous time (clocks going back) takes the earlier
 * instant; a time inside a spring-forward gap moves forward by the gap, as Exchange and Google do.
 */
export function instantOf(w: Omit<Wall, 'ms'> & { ms?: number }, iana: string): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms ?? 0);
  if (iana === 'UTC' || iana === 'Etc/UTC') return asUtc;
  const candidates = new Set([offsetAt(asUtc - 86_400_000, iana), offsetAt(asUtc, iana), offsetAt(asUtc + 86_400_000, iana)]);
  let best: number | undefined;
  for (const o of candidates) {
    const t = asUtc - o;
    if (offsetAt(t, iana) === o && (best === undefined || t < best)) best = t;
  }
  return best ?? asUtc - offsetAt(asUtc - 86_400_000, iana);
}
