import { zoneOffsetMs } from '../../tenant-file/relative-time.js';

// Time-zone arithmetic on the hot path (every dateTime in an events.list answer, every occurrence
// of a series) without asking Intl each time: a zone's UTC offset is constant within a quarter
// hour (every real zone changes offset on a quarter-hour boundary), so it is computed once per
// (zone, quarter hour) with relative-time.ts's Intl-based zoneOffsetMs and remembered.

const QUARTER = 900_000;
const cache = new Map<string, number>();

export function offsetAt(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const key = `${timeZone}|${Math.floor(ms / QUARTER)}`;
  let off = cache.get(key);
  if (off === undefined) {
    if (cache.size > 200_000) cache.clear();
    off = zoneOffsetMs(Math.floor(ms / QUARTER) * QUARTER, timeZone);
    cache.set(key, off);
  }
  return off;
}

export interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

export function wallAt(ms: number, timeZone: string): Wall {
  const t = new Date(ms + offsetAt(ms, timeZone));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
}

/** The instant of a wall-clock time; relative-time.ts's wallToInstant rule (earlier of two, forward across a gap). */
export function instantOf(w: Wall, timeZone: string): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const offsets = new Set([offsetAt(asUtc - 86_400_000, timeZone), offsetAt(asUtc, timeZone), offsetAt(asUtc + 86_400_000, timeZone)]);
  let best: number | undefined;
  for (const o of offsets) {
    const t = asUtc - o;
    if (offsetAt(t, timeZone) === o && (best === undefined || t < best)) best = t;
  }
  return best ?? asUtc - offsetAt(asUtc - 86_400_000, timeZone);
}
