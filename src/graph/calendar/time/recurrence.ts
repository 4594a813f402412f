import { graphErrors } from '../../errors.js';
import { resolveZone, instantOf, wallAt } from './zones.js';

// Graph's patternedRecurrence (graph-docs recurrencepattern.md, recurrencerange.md): a pattern
// (daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly, relativeYearly, every
// `interval` days/weeks/months/years) and a range (from `startDate`, until `endDate` inclusive,
// for `numberOfOccurrences`, or with no end), in `recurrenceTimeZone`. Each occurrence starts at
// the series' start time of day, in that zone (so it stays at 09:00 across daylight saving).
//
// The occurrences are generated period by period (a day, week, month or year, times `interval`);
// for ranges that are not numbered the walk starts near the window asked for instead of at the
// series start, so a years-old daily series costs no more than a new one.

export type PatternType = 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';
export const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type DayOfWeek = (typeof DAYS)[number];

export interface RecurrencePattern {
  type: PatternType;
  interval: number;
  month: number;
  dayOfMonth: number;
  daysOfWeek: DayOfWeek[];
  firstDayOfWeek: DayOfWeek;
  index: WeekIndex;
}

export interface RecurrenceRange {
  type: 'endDate' | 'noEnd' | 'numbered';
  startDate: string;
  endDate: string;
  recurrenceTimeZone: string;
  numberOfOccurrences: number;
}

export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

const DAY = 86_400_000;
const INDEXES: WeekIndex[] = ['first', 'second', 'third', 'fourth', 'last'];
const PATTERNS: PatternType[] = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'];
/** Upper bound on periods walked for one answer (a 10-year daily series is 3,650). */
const MAX_PERIODS = 100_000;

const bad = (what: string) => graphErrors.outlookInvalidRequest(`Invalid recurrence: ${what}.`);

/** Validates a request's `recurrence` and fills Graph's defaults. */
export function readRecurrence(v: unknown, defaultZone: string): PatternedRecurrence {
  if (!v || typeof v !== 'object') throw bad('expected an object with pattern and range');
  const { pattern: p, range: r } = v as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
  if (!p || typeof p !== 'object') throw bad('pattern is required');
  if (!r || typeof r !== 'object') throw bad('range is required');
  const type = p.type as PatternType;
  if (!PATTERNS.includes(type)) throw bad(`pattern.type '${String(p.type)}' is not one of ${PATTERNS.join(', ')}`);
  const interval = p.interval === undefined ? 1 : Number(p.interval);
  if (!Number.isInteger(interval) || interval < 1 || interval > 999) throw bad('pattern.interval must be an integer from 1 to 999');
  const daysOfWeek = ((p.daysOfWeek as unknown[] | undefined) ?? []).map((d) => String(d).toLowerCase() as DayOfWeek);
  if (daysOfWeek.some((d) => !DAYS.includes(d))) throw bad(`pattern.daysOfWeek must name days (${DAYS.join(', ')})`);
  const firstDayOfWeek = String(p.firstDayOfWeek ?? 'sunday').toLowerCase() as DayOfWeek;
  if (!DAYS.includes(firstDayOfWeek)) throw bad('pattern.firstDayOfWeek must name a day');
  const index = String(p.index ?? 'first') as WeekIndex;
  if (!INDEXES.includes(index)) throw bad(`pattern.index must be one of ${INDEXES.join(', ')}`);
  const dayOfMonth = Number(p.dayOfMonth ?? 0);
  const month = Number(p.month ?? 0);
  if ((type === 'weekly' || type.startsWith('relative')) && daysOfWeek.length === 0) throw bad(`a ${type} pattern needs daysOfWeek`);
  if (type.startsWith('absolute') && !(Number.isInteger(dayOfMonth) && dayOfMonth >= 1 && dayOfMonth <= 31)) throw bad(`a ${type} pattern needs dayOfMonth 1-31`);
  if (type.endsWith('Yearly') && !(Number.isInteger(month) && month >= 1 && month <= 12)) throw bad(`a ${type} pattern needs month 1-12`);

  const rtype = r.type as RecurrenceRange['type'];
  if (!['endDate', 'noEnd', 'numbered'].includes(rtype)) throw bad(`range.type '${String(r.type)}' is not one of endDate, noEnd, numbered`);
  const startDate = String(r.startDate ?? '');
  if (!isDate(startDate)) throw bad('range.startDate must be a date (YYYY-MM-DD)');
  const endDate = r.endDate === undefined || r.endDate === null ? '0001-01-01' : String(r.endDate);
  if (rtype === 'endDate' && (!isDate(endDate) || endDate < startDate)) throw bad('range.endDate must be a date on or after startDate');
  const numberOfOccurrences = Number(r.numberOfOccurrences ?? 0);
  if (rtype === 'numbered' && !(Number.isInteger(numberOfOccurrences) && numberOfOccurrences >= 1)) throw bad('range.numberOfOccurrences must be at least 1');
  const zoneName = typeof r.recurrenceTimeZone === 'string' && r.recurrenceTimeZone !== '' ? r.recurrenceTimeZone : defaultZone;
  if (!resolveZone(zoneName)) throw graphErrors.timeZoneNotSupported(zoneName);
  return {
    pattern: { type, interval, month: month || 0, dayOfMonth: dayOfMonth || 0, daysOfWeek, firstDayOfWeek, index },
    range: { type: rtype, startDate, endDate, recurrenceTimeZone: zoneName, numberOfOccurrences: rtype === 'numbered' ? numberOfOccurrences : 0 },
  };
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** Days since the epoch of a YYYY-MM-DD date. */
const dayNumber = (s: string) => Math.floor(Date.parse(`${s}T00:00:00Z`) / DAY);
const ymd = (n: number) => {
  const d = new Date(n * DAY);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: d.getUTCDay() };
};
const daysInMonth = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();
const dayOf = (y: number, mo: number, d: number) => Math.floor(Date.UTC(y, mo - 1, d) / DAY);

/** The dates (day numbers, ascending) of period `p` of the pattern, before the range filters. */
function periodDates(pt: RecurrencePattern, start: number, p: number): number[] {
  const s = ymd(start);
  switch (pt.type) {
    case 'daily':
      return [start + p * pt.interval];
    case 'weekly': {
      const fdw = DAYS.indexOf(pt.firstDayOfWeek);
      const weekStart = start - ((s.wd - fdw + 7) % 7) + p * pt.interval * 7;
      const wanted = new Set(pt.daysOfWeek.map((d) => DAYS.indexOf(d)));
      const out: number[] = [];
      for (let i = 0; i < 7; i++) if (wanted.has((fdw + i) % 7)) out.push(weekStart + i);
      return out;
    }
    case 'absoluteMonthly':
    case 'relativeMonthly':
    case 'absoluteYearly':
    case 'relativeYearly': {
      const yearly = pt.type.endsWith('Yearly');
      const months = yearly ? p * pt.interval * 12 : p * pt.interval;
      const base = yearly ? s.y * 12 + (pt.month - 1) : s.y * 12 + (s.mo - 1);
      const y = Math.floor((base + months) / 12);
      const mo = ((base + months) % 12) + 1;
      // A day the month does not have (the 31st in April) falls on its last day [I].
      if (pt.type.startsWith('absolute')) return [dayOf(y, mo, Math.min(pt.dayOfMonth, daysInMonth(y, mo)))];
      const wanted = new Set(pt.daysOfWeek.map((d) => DAYS.indexOf(d)));
      const matching: number[] = [];
      for (let d = 1; d <= daysInMonth(y, mo); d++) if (wanted.has(ymd(dayOf(y, mo, d)).wd)) matching.push(dayOf(y, mo, d));
      const pick = pt.index === 'last' ? matching[matching.length - 1] : matching[INDEXES.indexOf(pt.index)];
      return pick === undefined ? [] : [pick];
    }
  }
}

/** Length of one period in days (at least: a walk may start early, never late). */
function periodDays(pt: RecurrencePattern): number {
  switch (pt.type) {
    case 'daily':
      return pt.interval;
    case 'weekly':
      return 7 * pt.interval;
    case 'absoluteMonthly':
    case 'relativeMonthly':
      return 31 * pt.interval;
    default:
      return 366 * pt.interval;
  }
}

export interface SeriesShape {
  recurrence: PatternedRecurrence;
  /** The series' start instant: its time of day (in the recurrence zone) is every occurrence's. */
  startMs: number;
  durationMs: number;
}

/**
 * Occurrence starts (UTC ms, ascending) of the series that overlap [fromMs, toMs). With
 * `fromMs = -Infinity` and a finite range, every occurrence.
 */
export function occurrencesIn(series: SeriesShape, fromMs: number, toMs: number, limit = Infinity): number[] {
  const { pattern, range } = series.recurrence;
  const iana = resolveZone(range.recurrenceTimeZone)?.iana ?? 'UTC';
  const tod = wallAt(series.startMs, iana);
  const start = dayNumber(range.startDate);
  const last = range.type === 'endDate' ? dayNumber(range.endDate) : Infinity;
  const at = (day: number) => {
    const d = ymd(day);
    return instantOf({ y: d.y, mo: d.mo, d: d.d, h: tod.h, mi: tod.mi, s: tod.s, ms: 0 }, iana);
  };
  let p = 0;
  if (range.type !== 'numbered' && Number.isFinite(fromMs)) {
    const fromDay = Math.floor((fromMs - series.durationMs) / DAY) - 2;
    p = Math.max(0, Math.floor((fromDay - start) / periodDays(pattern)) - 1);
  }
  const out: number[] = [];
  let count = 0;
  for (let walked = 0; walked < MAX_PERIODS; p++, walked++) {
    const days = periodDates(pattern, start, p);
    if (days.length && days[0]! > last) break;
    for (const day of days) {
      if (day < start || day > last) continue;
      count++;
      if (range.type === 'numbered' && count > range.numberOfOccurrences) return out;
      const s = at(day);
      if (s >= toMs) return out;
      const e = s + series.durationMs;
      if (e > fromMs || (series.durationMs === 0 && s >= fromMs)) {
        out.push(s);
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

/** First occurrence start and the end of the last one (MAX_SAFE_INTEGER without an end). */
export function seriesBounds(series: SeriesShape): { firstStartMs: number; lastEndMs: number } {
  const first = occurrencesIn(series, -Infinity, Infinity, 1)[0];
  if (first === undefined) throw bad('the pattern has no occurrence in its range');
  if (series.recurrence.range.type === 'noEnd') return { firstStartMs: first, lastEndMs: Number.MAX_SAFE_INTEGER };
  const all = occurrencesIn(series, -Infinity, Infinity);
  // A range walked to the period cap is treated as open-ended (only reachable by absurd series).
  const lastEndMs = all.length ? all[all.length - 1]! + series.durationMs : first + series.durationMs;
  return { firstStartMs: first, lastEndMs };
}
