import { describe, expect, it } from 'vitest';
import { lastOccurrence, occurrences, parseRecurrence } from './rrule.js';

const BERLIN = 'Europe/Berlin';
const parse = (lines: string[]) => {
  const r = parseRecurrence(lines, BERLIN);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());

describe('RRULE subset', () => {
  it('keeps the wall-clock time across a DST change (weekly, COUNT counts DTSTART)', () => {
    // 2026-03-23 09:00 Berlin is 08:00Z (CET); after 2026-03-29 it is 07:00Z (CEST).
    const t = occurrences(parse(['RRULE:FREQ=WEEKLY;COUNT=3']), Date.parse('2026-03-23T08:00:00Z'), BERLIN, Number.MAX_SAFE_INTEGER);
    expect(iso(t)).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z']);
  });

  it('expands BYDAY weeks with INTERVAL, and UNTIL inclusively', () => {
    const t = occurrences(parse(['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20260416T235959Z']), Date.parse('2026-04-02T10:00:00Z'), 'UTC', Number.MAX_SAFE_INTEGER);
    expect(iso(t).map((s) => s.slice(0, 10))).toEqual(['2026-04-02', '2026-04-13', '2026-04-16']);
  });

  it('expands monthly by ordinal weekday and by day of month (skipping months without it)', () => {
    const lastFri = occurrences(parse(['RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3']), Date.parse('2026-01-30T12:00:00Z'), 'UTC', Number.MAX_SAFE_INTEGER);
    expect(iso(lastFri).map((s) => s.slice(0, 10))).toEqual(['2026-01-30', '2026-02-27', '2026-03-27']);
    const the31st = occurrences(parse(['RRULE:FREQ=MONTHLY;COUNT=3']), Date.parse('2026-01-31T12:00:00Z'), 'UTC', Number.MAX_SAFE_INTEGER);
    expect(iso(the31st).map((s) => s.slice(0, 10))).toEqual(['2026-01-31', '2026-03-31', '2026-05-31']);
  });

  it('drops EXDATEs, stops at the window, and knows where a bounded series ends', () => {
    const rec = parse(['RRULE:FREQ=DAILY;COUNT=4', 'EXDATE;TZID=Europe/Berlin:20260602T090000']);
    const start = Date.parse('2026-06-01T07:00:00Z');
    expect(iso(occurrences(rec, start, BERLIN, Number.MAX_SAFE_INTEGER)).map((s) => s.slice(0, 10))).toEqual(['2026-06-01', '2026-06-03', '2026-06-04']);
    expect(occurrences(rec, start, BERLIN, Date.parse('2026-06-03T00:00:00Z'))).toHaveLength(1);
    expect(new Date(lastOccurrence(rec, start, BERLIN)!).toISOString()).toBe('2026-06-04T07:00:00.000Z');
    expect(lastOccurrence(parse(['RRULE:FREQ=DAILY']), start, BERLIN)).toBeUndefined();
  });

  it('refuses what it does not expand, with a reason', () => {
    expect(parseRecurrence(['RRULE:FREQ=YEARLY'], BERLIN)).toMatchObject({ ok: false, message: expect.stringMatching(/FREQ=YEARLY is not supported/) });
    expect(parseRecurrence(['RDATE:20260101'], BERLIN)).toMatchObject({ ok: false, message: expect.stringMatching(/RDATE is not supported/) });
    expect(parseRecurrence(['RRULE:FREQ=DAILY;COUNT=2;UNTIL=20260101'], BERLIN)).toMatchObject({ ok: false });
    expect(parseRecurrence(['RRULE:FREQ=WEEKLY;BYDAY=XX'], BERLIN)).toMatchObject({ ok: false });
  });
});
