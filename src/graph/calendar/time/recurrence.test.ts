import { describe, expect, it } from 'vitest';
import { occurrencesIn, readRecurrence, seriesBounds, type PatternedRecurrence } from './recurrence.js';

// Graph's recurrence patterns and ranges, expanded (graph-docs recurrencepattern.md,
// recurrencerange.md). Times are UTC unless a recurrenceTimeZone says otherwise.

const H = 3_600_000;
const at = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const rec = (pattern: Record<string, unknown>, range: Record<string, unknown>, zone = 'UTC') => readRecurrence({ pattern, range: { recurrenceTimeZone: zone, ...range } }, 'UTC');
const all = (r: PatternedRecurrence, start: string, durationH = 1) => occurrencesIn({ recurrence: r, startMs: at(start), durationMs: durationH * H }, -Infinity, Infinity).map(iso);

describe('patterns', () => {
  it('daily every 2 days, numbered', () => {
    expect(all(rec({ type: 'daily', interval: 2 }, { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 4 }), '2026-03-02T09:00')).toEqual([
      '2026-03-02T09:00', '2026-03-04T09:00', '2026-03-06T09:00', '2026-03-08T09:00',
    ]);
  });

  it('weekly on Monday and Wednesday, every other week, until an end date (inclusive)', () => {
    const r = rec({ type: 'weekly', interval: 2, daysOfWeek: ['monday', 'wednesday'], firstDayOfWeek: 'sunday' }, { type: 'endDate', startDate: '2026-03-02', endDate: '2026-03-30' });
    expect(all(r, '2026-03-02T10:00')).toEqual(['2026-03-02T10:00', '2026-03-04T10:00', '2026-03-16T10:00', '2026-03-18T10:00', '2026-03-30T10:00']);
  });

  it('weekly: a start date mid-week skips the earlier days of that week', () => {
    const r = rec({ type: 'weekly', interval: 1, daysOfWeek: ['monday', 'friday'] }, { type: 'numbered', startDate: '2026-03-04', numberOfOccurrences: 3 });
    expect(all(r, '2026-03-04T08:00')).toEqual(['2026-03-06T08:00', '2026-03-09T08:00', '2026-03-13T08:00']);
  });

  it('absoluteMonthly on the 31st falls on the last day of shorter months', () => {
    const r = rec({ type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, { type: 'numbered', startDate: '2026-01-31', numberOfOccurrences: 4 });
    expect(all(r, '2026-01-31T09:00')).toEqual(['2026-01-31T09:00', '2026-02-28T09:00', '2026-03-31T09:00', '2026-04-30T09:00']);
  });

  it('relativeMonthly: the last Friday; the second Tuesday every 3 months', () => {
    const last = rec({ type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }, { type: 'numbered', startDate: '2026-01-01', numberOfOccurrences: 3 });
    expect(all(last, '2026-01-01T16:00')).toEqual(['2026-01-30T16:00', '2026-02-27T16:00', '2026-03-27T16:00']);
    const second = rec({ type: 'relativeMonthly', interval: 3, daysOfWeek: ['tuesday'], index: 'second' }, { type: 'endDate', startDate: '2026-01-01', endDate: '2026-12-31' });
    expect(all(second, '2026-01-01T09:00')).toEqual(['2026-01-13T09:00', '2026-04-14T09:00', '2026-07-14T09:00', '2026-10-13T09:00']);
  });

  it('relativeMonthly with several days: the first weekday of the month', () => {
    const r = rec({ type: 'relativeMonthly', interval: 1, daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], index: 'first' }, { type: 'numbered', startDate: '2026-02-01', numberOfOccurrences: 3 });
    expect(all(r, '2026-02-01T09:00')).toEqual(['2026-02-02T09:00', '2026-03-02T09:00', '2026-04-01T09:00']);
  });

  it('absoluteYearly and relativeYearly', () => {
    expect(all(rec({ type: 'absoluteYearly', interval: 1, month: 2, dayOfMonth: 29 }, { type: 'numbered', startDate: '2026-01-01', numberOfOccurrences: 3 }), '2026-01-01T12:00')).toEqual([
      '2026-02-28T12:00', '2027-02-28T12:00', '2028-02-29T12:00',
    ]);
    expect(all(rec({ type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }, { type: 'numbered', startDate: '2026-01-01', numberOfOccurrences: 2 }), '2026-01-01T18:00')).toEqual([
      '2026-11-26T18:00', '2027-11-25T18:00',
    ]);
  });
});

describe('ranges and windows', () => {
  const daily = rec({ type: 'daily', interval: 1 }, { type: 'noEnd', startDate: '2020-01-01' });

  it('noEnd: only the window is expanded, however old the series', () => {
    const got = occurrencesIn({ recurrence: daily, startMs: at('2020-01-01T09:00'), durationMs: H }, at('2026-05-04T00:00'), at('2026-05-06T00:00')).map(iso);
    expect(got).toEqual(['2026-05-04T09:00', '2026-05-05T09:00']);
  });

  it('an occurrence overlapping the window start is in it; one starting at the window end is not', () => {
    const got = occurrencesIn({ recurrence: daily, startMs: at('2020-01-01T09:00'), durationMs: H }, at('2026-05-04T09:30'), at('2026-05-05T09:00')).map(iso);
    expect(got).toEqual(['2026-05-04T09:00']);
  });

  it('series bounds: first start and last end; no end is open', () => {
    const n = rec({ type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 3 });
    expect(seriesBounds({ recurrence: n, startMs: at('2026-03-02T09:00'), durationMs: H })).toEqual({ firstStartMs: at('2026-03-03T09:00'), lastEndMs: at('2026-03-17T10:00') });
    expect(seriesBounds({ recurrence: daily, startMs: at('2020-01-01T09:00'), durationMs: H }).lastEndMs).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps the wall-clock time across daylight saving in the recurrence time zone', () => {
    // 09:00 in Berlin: 08:00 UTC in winter, 07:00 UTC from 29 March 2026.
    const r = rec({ type: 'daily', interval: 1 }, { type: 'numbered', startDate: '2026-03-28', numberOfOccurrences: 3 }, 'W. Europe Standard Time');
    expect(all(r, '2026-03-28T08:00')).toEqual(['2026-03-28T08:00', '2026-03-29T07:00', '2026-03-30T07:00']);
  });
});

describe('validation', () => {
  it.each([
    [{ pattern: { type: 'hourly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-01' } }, "pattern.type 'hourly'"],
    [{ pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-01' } }, 'needs daysOfWeek'],
    [{ pattern: { type: 'absoluteMonthly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-01' } }, 'dayOfMonth'],
    [{ pattern: { type: 'daily', interval: 0 }, range: { type: 'noEnd', startDate: '2026-01-01' } }, 'interval'],
    [{ pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: '2026-01-01', endDate: '2025-12-01' } }, 'endDate'],
    [{ pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-01-01' } }, 'numberOfOccurrences'],
    [{ pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: 'tomorrow' } }, 'startDate'],
  ])('%j is refused (%s)', (v, what) => {
    expect(() => readRecurrence(v, 'UTC')).toThrow(what);
  });

  it('an unknown recurrenceTimeZone is TimeZoneNotSupportedException', () => {
    expect(() => readRecurrence({ pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-01', recurrenceTimeZone: 'Mars/Olympus' } }, 'UTC')).toThrow(
      "The following TimeZone value is not supported: 'Mars/Olympus'",
    );
  });
});
