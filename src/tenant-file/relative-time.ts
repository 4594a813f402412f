// Times in a tenant file may be relative to "now" so a demo tenant never goes stale. Relative
// calendar forms ("today+1 09:00") are wall-clock times in the tenant's IANA zone; the result is
// always an absolute UTC instant. Offsets come from Intl, so DST is handled without a tz library.

export interface TimeContext {
  now: Date;
  /** IANA zone name, e.g. "Europe/Berlin". */
  timeZone: string;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string };

export const TIME_FORMS =
  "an ISO 8601 time ('2026-05-04T09:00:00Z', '2026-05-04T09:00+02:00', or '2026-05-04T09:00' in the tenant's timeZone), " +
  "'now', 'now+2h', 'now-30m', 'now+1d', 'today 09:00', 'today+1 09:00', 'today-2 14:30', 'tomorrow 09:00', " +
  "'monday 10:00' or 'next monday 10:00'";

export const DATE_FORMS = "a date ('2026-05-04'), 'today', 'today+7', 'tomorrow' or a weekday ('friday', 'next friday')";

export const DURATION_FORMS = "a duration such as '30m', '1h', '1h30m', '2d' or ISO 8601 'PT45M'";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS: Record<string, number> = { w: 7 * DAY, d: DAY, h: HOUR, m: MINUTE, s: 1000 };
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

interface YMD {
  y: number;
  mo: number; // 1-12
  d: number;
}
interface Wall extends YMD {
  h: number;
  mi: number;
  s: number;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at an instant. */
export function wallClock(instantMs: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { y: parts.year, mo: parts.month, d: parts.day, h: parts.hour % 24, mi: parts.minute, s: parts.second };
}

/** UTC offset of `timeZone` at an instant, in ms (Berlin in summer: +7_200_000). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - wholeSecond;
}

/**
 * The instant a wall-clock time in `timeZone` denotes. Ambiguous times (the repeated hour when
 * clocks go back) take the earlier instant; times skipped when clocks go forward move forward by
 * the gap (02:30 on a spring-forward night becomes 03:30). This is Temporal's "compatible" rule.
 */
export function wallToInstant(w: Wall, timeZone: string): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const offsets = new Set([zoneOffsetMs(asUtc - DAY, timeZone), zoneOffsetMs(asUtc, timeZone), zoneOffsetMs(asUtc + DAY, timeZone)]);
  const matches = [...offsets].map((o) => asUtc - o).filter((t) => zoneOffsetMs(t, timeZone) === asUtc - t);
  if (matches.length > 0) return Math.min(...matches);
  return asUtc - zoneOffsetMs(asUtc - DAY, timeZone);
}

function addDays(day: YMD, n: number): YMD {
  const t = new Date(Date.UTC(day.y, day.mo - 1, day.d + n));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function isRealDate(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function fail<T>(message: string): Resolved<T> {
  return { ok: false, message };
}

const TIME_OF_DAY = String.raw`(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?`;
const NOW_RE = /^now(?:\s*([+-])\s*((?:\d+\s*[wdhms]\s*)+))?$/;
const DAY_RE = /^(today|tomorrow|yesterday)(?:\s*([+-])\s*(\d+)\s*d?)?$/;
const WEEKDAY_RE = /^(next\s+)?(sun|mon|tue|wed|thu|fri|sat)[a-z]*$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAY_AND_TIME_RE = new RegExp(`^(.*?)${TIME_OF_DAY}$`);

/** A calendar day written as a date, a today-relative day or a weekday, in the tenant's zone. */
function parseDay(text: string, ctx: TimeContext): YMD | string | undefined {
  const today = wallClock(ctx.now.getTime(), ctx.timeZone);
  const iso = ISO_DATE_RE.exec(text);
  if (iso) {
    const [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    return isRealDate(y, mo, d) ? { y, mo, d } : `'${text}' is not a real calendar date`;
  }
  const rel = DAY_RE.exec(text);
  if (rel) {
    const base = rel[1] === 'tomorrow' ? 1 : rel[1] === 'yesterday' ? -1 : 0;
    const delta = rel[3] === undefined ? 0 : (rel[2] === '-' ? -1 : 1) * Number(rel[3]);
    return addDays(today, base + delta);
  }
  const wd = WEEKDAY_RE.exec(text);
  if (wd) {
    const target = WEEKDAYS.findIndex((name) => name.startsWith(wd[2]));
    // Abbreviations are fine ("mon", "wed"), misspellings are not ("mondy").
    if (!WEEKDAYS[target].startsWith(text.replace(/^next\s+/, ''))) return undefined;
    const current = new Date(Date.UTC(today.y, today.mo - 1, today.d)).getUTCDay();
    let ahead = (target - current + 7) % 7;
    // "monday" is the next Monday on or after today; "next monday" is strictly after today.
    if (wd[1] && ahead === 0) ahead = 7;
    return addDays(today, ahead);
  }
  return undefined;
}

function parseTimeOfDay(h?: string, mi?: string, s?: string): { h: number; mi: number; s: number } | string {
  if (h === undefined) return { h: 0, mi: 0, s: 0 };
  const t = { h: Number(h), mi: Number(mi), s: s === undefined ? 0 : Number(s) };
  if (t.h > 23 || t.mi > 59 || t.s > 59) return `'${h}:${mi}${s === undefined ? '' : `:${s}`}' is not a valid time of day (00:00-23:59)`;
  return t;
}

/** Resolves a tenant-file time expression to an ISO 8601 UTC string. */
export function resolveTime(expr: string, ctx: TimeContext): Resolved<string> {
  const text = expr.trim().toLowerCase().replace(/\s+/g, ' ');
  const bad = (why?: string) => fail<string>(`${why ?? `'${expr}' is not a time`}; expected ${TIME_FORMS}`);

  const now = NOW_RE.exec(text);
  if (now) {
    let delta = 0;
    for (const m of (now[2] ?? '').matchAll(/(\d+)\s*([wdhms])/g)) delta += Number(m[1]) * UNIT_MS[m[2]];
    const sign = now[1] === '-' ? -1 : 1;
    return { ok: true, value: new Date(ctx.now.getTime() + sign * delta).toISOString() };
  }

  const iso = ISO_RE.exec(text);
  if (iso) {
    const [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (!isRealDate(y, mo, d)) return bad(`'${iso[1]}-${iso[2]}-${iso[3]}' is not a real calendar date`);
    const tod = parseTimeOfDay(iso[4], iso[5], iso[6]);
    if (typeof tod === 'string') return bad(tod);
    const ms = iso[7] === undefined ? 0 : Math.floor(Number(`0.${iso[7]}`) * 1000);
    const zone = iso[8];
    if (zone === undefined) {
      return { ok: true, value: new Date(wallToInstant({ y, mo, d, ...tod }, ctx.timeZone) + ms).toISOString() };
    }
    let offset = 0;
    if (zone !== 'z') {
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
      if (oh > 23 || om > 59) return bad(`'${zone}' is not a valid UTC offset`);
      offset = (zone[0] === '-' ? -1 : 1) * (oh * HOUR + om * MINUTE);
    }
    return { ok: true, value: new Date(Date.UTC(y, mo - 1, d, tod.h, tod.mi, tod.s, ms) - offset).toISOString() };
  }

  const split = DAY_AND_TIME_RE.exec(text);
  if (split) {
    const day = parseDay(split[1], ctx);
    if (typeof day === 'string') return bad(day);
    if (day !== undefined) {
      const tod = parseTimeOfDay(split[2], split[3], split[4]);
      if (typeof tod === 'string') return bad(tod);
      return { ok: true, value: new Date(wallToInstant({ ...day, ...tod }, ctx.timeZone)).toISOString() };
    }
  }
  return bad();
}

/** Resolves a day expression (for recurrence ranges) to YYYY-MM-DD in the tenant's zone. */
export function resolveDate(expr: string, ctx: TimeContext): Resolved<string> {
  const text = expr.trim().toLowerCase().replace(/\s+/g, ' ');
  const day = parseDay(text, ctx);
  if (day === undefined || typeof day === 'string') {
    return fail(`${typeof day === 'string' ? day : `'${expr}' is not a date`}; expected ${DATE_FORMS}`);
  }
  return { ok: true, value: formatDate(day) };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the tenant's zone. */
export function dateInZone(isoInstant: string, timeZone: string): string {
  return formatDate(wallClock(Date.parse(isoInstant), timeZone));
}

/** The weekday name ("monday") an instant falls on in the tenant's zone. */
export function weekdayInZone(isoInstant: string, timeZone: string): string {
  const w = wallClock(Date.parse(isoInstant), timeZone);
  return WEEKDAYS[new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay()];
}

export function resolveDuration(expr: string): Resolved<number> {
  const text = expr.trim().toLowerCase();
  const iso = /^pt(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (iso && text !== 'pt') {
    return { ok: true, value: Number(iso[1] ?? 0) * HOUR + Number(iso[2] ?? 0) * MINUTE + Number(iso[3] ?? 0) * 1000 };
  }
  if (/^(?:\d+\s*[dhm]\s*)+$/.test(text)) {
    let total = 0;
    for (const m of text.matchAll(/(\d+)\s*([dhm])/g)) total += Number(m[1]) * UNIT_MS[m[2]];
    return { ok: true, value: total };
  }
  return fail(`'${expr}' is not a duration; expected ${DURATION_FORMS}`);
}

function formatDate(day: YMD): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(day.y, 4)}-${pad(day.mo)}-${pad(day.d)}`;
}
