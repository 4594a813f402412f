import { isValidTimeZone } from '../../tenant-file/relative-time.js';
import { instantOf, wallAt } from '../../shared/zone-time.js';

// The recurrence subset tenantbox expands: RRULE with FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, COUNT,
// UNTIL, BYDAY (weekly: MO,WE; monthly: 2TU, -1FR) and BYMONTHDAY, plus EXDATE lines. Occurrences
// are wall-clock times in the event's time zone (so 09:00 stays 09:00 across DST). RDATE, EXRULE
// and other FREQs fail loudly rather than expand wrongly. As RFC 5545 says, DTSTART is always the
// first occurrence and counts towards COUNT.

export interface Rrule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  count?: number;
  /** Last allowed occurrence start (inclusive), ms. */
  untilMs?: number;
  byDay?: { n?: number; wd: number }[]; // wd: 0 = Sunday
  byMonthDay?: number[];
  wkst: number;
}

export interface Recurrence {
  rule: Rrule;
  /** Excluded occurrence starts, ms. */
  exdates: Set<number>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const DAY_MS = 86_400_000;
export const MAX_INSTANCES = 1000;

/** Parses the `recurrence` lines of an event. `timeZone` resolves floating EXDATE/UNTIL values. */
export function parseRecurrence(lines: readonly string[], timeZone: string): Parsed<Recurrence> {
  let rule: Rrule | undefined;
  const exdates = new Set<number>();
  for (const raw of lines) {
    const line = String(raw).trim();
    const colon = line.indexOf(':');
    if (colon < 0) return bad(`'${line}' is not a recurrence line (RRULE:..., EXDATE:...)`);
    const [rawName, ...params] = line.slice(0, colon).split(';');
    const name = rawName!.toUpperCase();
    const value = line.slice(colon + 1);
    if (name === 'RRULE') {
      if (rule) return bad('only one RRULE line is supported');
      const r = parseRrule(value, timeZone);
      if (!r.ok) return r;
      rule = r.value;
    } else if (name === 'EXDATE') {
      // Time zone names are case-sensitive: only the parameter name is compared case-insensitively.
      const tzid = params.find((p) => p.toUpperCase().startsWith('TZID='))?.slice(5);
      if (tzid !== undefined && !isValidTimeZone(tzid)) return bad(`TZID=${tzid} is not an IANA time zone`);
      for (const v of value.split(',')) {
        const t = parseStamp(v.trim(), tzid ?? timeZone);
        if (t === undefined) return bad(`'${v}' is not an EXDATE value (YYYYMMDD or YYYYMMDDTHHMMSS[Z])`);
        exdates.add(t);
      }
    } else {
      return bad(`${name} is not supported by tenantbox (RRULE and EXDATE are)`);
    }
  }
  if (!rule) return bad('a recurrence needs an RRULE line');
  return { ok: true, value: { rule, exdates } };
}

function parseRrule(text: string, timeZone: string): Parsed<Rrule> {
  const parts = new Map<string, string>();
  for (const kv of text.split(';').filter(Boolean)) {
    const [k, v] = kv.split('=');
    if (!k || v === undefined) return bad(`'${kv}' is not KEY=VALUE`);
    parts.set(k.toUpperCase(), v.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') return bad(`FREQ=${freq ?? '(missing)'} is not supported; tenantbox expands DAILY, WEEKLY and MONTHLY`);
  const rule: Rrule = { freq, interval: 1, wkst: 1 };
  for (const [k, v] of parts) {
    switch (k) {
      case 'FREQ':
        break;
      case 'INTERVAL':
        if (!/^\d+$/.test(v) || Number(v) < 1) return bad(`INTERVAL=${v} is not a positive number`);
        rule.interval = Number(v);
        break;
      case 'COUNT':
        if (!/^\d+$/.test(v) || Number(v) < 1) return bad(`COUNT=${v} is not a positive number`);
        rule.count = Number(v);
        break;
      case 'UNTIL': {
        const t = parseStamp(v, timeZone, true);
        if (t === undefined) return bad(`UNTIL=${v} is not a date (YYYYMMDD) or time (YYYYMMDDTHHMMSSZ)`);
        rule.untilMs = t;
        break;
      }
      case 'BYDAY': {
        const days: { n?: number; wd: number }[] = [];
        for (const d of v.split(',')) {
          const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(d);
          if (!m) return bad(`BYDAY=${v} is not a list of weekdays such as MO,WE or 1MO,-1FR`);
          if (m[1] !== undefined && freq !== 'MONTHLY') return bad(`BYDAY ordinals (${d}) apply to FREQ=MONTHLY only`);
          days.push({ ...(m[1] !== undefined ? { n: Number(m[1]) } : {}), wd: DAYS.indexOf(m[2]!) });
        }
        if (freq === 'DAILY') return bad('BYDAY with FREQ=DAILY is not supported; use FREQ=WEEKLY');
        rule.byDay = days;
        break;
      }
      case 'BYMONTHDAY': {
        if (freq !== 'MONTHLY') return bad('BYMONTHDAY applies to FREQ=MONTHLY only');
        const list = v.split(',').map(Number);
        if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 31)) return bad(`BYMONTHDAY=${v} is not a list of days 1-31`);
        rule.byMonthDay = list;
        break;
      }
      case 'WKST':
        if (!DAYS.includes(v)) return bad(`WKST=${v} is not a weekday`);
        rule.wkst = DAYS.indexOf(v);
        break;
      default:
        return bad(`${k} is not supported in RRULE by tenantbox (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, WKST are)`);
    }
  }
  if (rule.count !== undefined && rule.untilMs !== undefined) return bad('COUNT and UNTIL cannot both be given');
  if (rule.byDay && rule.byMonthDay) return bad('BYDAY and BYMONTHDAY together are not supported');
  return { ok: true, value: rule };
}

/** YYYYMMDD, YYYYMMDDTHHMMSS (floating, in `timeZone`) or YYYYMMDDTHHMMSSZ. */
function parseStamp(v: string, timeZone: string, endOfDay = false): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(v.toUpperCase());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (m[4] === undefined) {
    const midnight = instantOf({ y, mo, d, h: 0, mi: 0, s: 0 }, timeZone);
    return endOfDay ? midnight + DAY_MS - 1 : midnight;
  }
  const w = { y, mo, d, h: Number(m[4]), mi: Number(m[5]), s: Number(m[6]) };
  return m[7] ? Date.UTC(y, mo - 1, d, w.h, w.mi, w.s) : instantOf(w, timeZone);
}

interface Day {
  y: number;
  mo: number;
  d: number;
}

const dayNumber = (x: Day) => Date.UTC(x.y, x.mo - 1, x.d) / DAY_MS;
const fromDayNumber = (n: number): Day => {
  const t = new Date(n * DAY_MS);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const daysInMonth = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();

/**
 * Occurrence starts (ms) of a series whose first occurrence starts at `startMs`, in order, from the
 * first up to the first start at or after `untilWindowMs` (exclusive), at most `max`.
 */
export function occurrences(rec: Recurrence, startMs: number, timeZone: string, untilWindowMs: number, max = MAX_INSTANCES): number[] {
  const { rule } = rec;
  const w = wallAt(startMs, timeZone);
  const first: Day = { y: w.y, mo: w.mo, d: w.d };
  const at = (day: Day) => instantOf({ ...day, h: w.h, mi: w.mi, s: w.s }, timeZone);
  const out: number[] = [];
  let counted = 0;
  const emit = (t: number): boolean => {
    // false = stop
    if (rule.untilMs !== undefined && t > rule.untilMs) return false;
    if (rule.count !== undefined && counted >= rule.count) return false;
    if (t >= untilWindowMs) return false;
    counted++;
    if (!rec.exdates.has(t)) out.push(t);
    return out.length < max;
  };
  if (!emit(startMs)) return out;
  const firstN = dayNumber(first);
  // Guard against rules that never produce a date (BYMONTHDAY=31 every 12 months in February...).
  for (let period = 0, idle = 0; idle < 400 && period < 200_000; period++) {
    const days = candidateDays(rule, first, period);
    let produced = false;
    for (const day of days) {
      if (dayNumber(day) <= firstN) continue;
      produced = true;
      if (!emit(at(day))) return out;
    }
    idle = produced ? 0 : idle + 1;
  }
  return out;
}

function candidateDays(rule: Rrule, first: Day, period: number): Day[] {
  const step = period * rule.interval;
  if (rule.freq === 'DAILY') return [fromDayNumber(dayNumber(first) + step)];
  if (rule.freq === 'WEEKLY') {
    const firstN = dayNumber(first);
    const wdFirst = new Date(firstN * DAY_MS).getUTCDay();
    const weekStart = firstN - ((wdFirst - rule.wkst + 7) % 7) + step * 7;
    const wds = rule.byDay?.map((b) => b.wd) ?? [wdFirst];
    return wds
      .map((wd) => weekStart + ((wd - rule.wkst + 7) % 7))
      .sort((a, b) => a - b)
      .map(fromDayNumber);
  }
  const m0 = first.y * 12 + (first.mo - 1) + step;
  const y = Math.floor(m0 / 12);
  const mo = (m0 % 12) + 1;
  const dim = daysInMonth(y, mo);
  let ds: number[];
  if (rule.byDay) {
    ds = [];
    for (const b of rule.byDay) {
      const all: number[] = [];
      for (let d = 1; d <= dim; d++) if (new Date(Date.UTC(y, mo - 1, d)).getUTCDay() === b.wd) all.push(d);
      if (b.n === undefined) ds.push(...all);
      else {
        const pick = b.n > 0 ? all[b.n - 1] : all[all.length + b.n];
        if (pick !== undefined) ds.push(pick);
      }
    }
  } else {
    // RFC 5545: a month without that day (the 31st in April) has no occurrence.
    ds = (rule.byMonthDay ?? [first.d]).filter((d) => d <= dim);
  }
  return [...new Set(ds)].sort((a, b) => a - b).map((d) => ({ y, mo, d }));
}

/** Start of the last occurrence, or undefined for a series without end. */
export function lastOccurrence(rec: Recurrence, startMs: number, timeZone: string): number | undefined {
  if (rec.rule.count === undefined && rec.rule.untilMs === undefined) return undefined;
  const all = occurrences({ ...rec, exdates: new Set() }, startMs, timeZone, Number.MAX_SAFE_INTEGER, 100_000);
  return all[all.length - 1];
}

function bad<T>(message: string): Parsed<T> {
  return { ok: false, message };
}
