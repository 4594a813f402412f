import { describe, expect, it } from 'vitest';
import { dateInZone, resolveDate, resolveDuration, resolveTime, wallToInstant, zoneOffsetMs } from './relative-time.js';

// Saturday 2026-03-28, 11:15 in Berlin (UTC+1). Berlin springs forward to UTC+2 at 02:00 local on
// Sunday 2026-03-29 and falls back to UTC+1 at 03:00 local on Sunday 2026-10-25.
const berlin = { now: new Date('2026-03-28T10:15:00Z'), timeZone: 'Europe/Berlin' };
const berlinAutumn = { now: new Date('2026-10-24T10:15:00Z'), timeZone: 'Europe/Berlin' };

const time = (expr: string, ctx = berlin) => {
  const r = resolveTime(expr, ctx);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('resolveTime', () => {
  it('resolves now-relative offsets as fixed durations', () => {
    expect(time('now')).toBe('2026-03-28T10:15:00.000Z');
    expect(time('now+2h')).toBe('2026-03-28T12:15:00.000Z');
    expect(time('now-30m')).toBe('2026-03-28T09:45:00.000Z');
    expect(time('now+1d')).toBe('2026-03-29T10:15:00.000Z');
    expect(time('now + 1h30m')).toBe('2026-03-28T11:45:00.000Z');
  });

  it('resolves today-relative wall-clock times in the tenant zone, across the spring DST change', () => {
    expect(time('today 09:00')).toBe('2026-03-28T08:00:00.000Z'); // UTC+1
    expect(time('today+1 09:00')).toBe('2026-03-29T07:00:00.000Z'); // UTC+2 after the change
    expect(time('tomorrow 09:00')).toBe('2026-03-29T07:00:00.000Z');
    expect(time('today-2 14:30')).toBe('2026-03-26T13:30:00.000Z');
    expect(time('yesterday 23:59:30')).toBe('2026-03-27T22:59:30.000Z');
    expect(time('today+1')).toBe('2026-03-28T23:00:00.000Z'); // midnight, still UTC+1
  });

  it('moves a skipped local time forward and takes the earlier of a repeated one', () => {
    // 02:30 does not exist on 2026-03-29 in Berlin: it becomes 03:30 CEST.
    expect(time('today+1 02:30')).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 2026-10-25: the first (CEST, UTC+2) is used.
    expect(time('today+1 02:30', berlinAutumn)).toBe('2026-10-25T00:30:00.000Z');
    expect(time('today+1 12:00', berlinAutumn)).toBe('2026-10-25T11:00:00.000Z'); // UTC+1 after
  });

  it('resolves weekdays to the next occurrence on or after today', () => {
    expect(time('saturday 10:00')).toBe('2026-03-28T09:00:00.000Z'); // today is Saturday
    expect(time('next saturday 10:00')).toBe('2026-04-04T08:00:00.000Z');
    expect(time('monday 10:00')).toBe('2026-03-30T08:00:00.000Z');
    expect(time('Mon 10:00')).toBe('2026-03-30T08:00:00.000Z');
  });

  it('accepts absolute ISO 8601 with and without an offset', () => {
    expect(time('2026-07-01T09:00:00Z')).toBe('2026-07-01T09:00:00.000Z');
    expect(time('2026-07-01T09:00+02:00')).toBe('2026-07-01T07:00:00.000Z');
    expect(time('2026-07-01T09:00:00.250-0500')).toBe('2026-07-01T14:00:00.250Z');
    expect(time('2026-07-01T09:00')).toBe('2026-07-01T07:00:00.000Z'); // local to Berlin (CEST)
    expect(time('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
  });

  it('treats UTC tenants without offsets', () => {
    expect(time('today+1 09:00', { now: berlin.now, timeZone: 'UTC' })).toBe('2026-03-29T09:00:00.000Z');
  });

  it('rejects what it does not understand, listing the accepted forms', () => {
    for (const bad of ['tomorow 09:00', 'today 25:00', '2026-02-30T09:00', 'next week', 'now+2x', '']) {
      const r = resolveTime(bad, berlin);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toContain("'today+1 09:00'");
    }
    const r = resolveTime('2026-02-30T09:00', berlin);
    expect(!r.ok && r.message).toMatch(/^'2026-02-30' is not a real calendar date/);
  });
});

describe('dates and durations', () => {
  it('resolves recurrence dates in the tenant zone', () => {
    expect(resolveDate('today+7', berlin)).toEqual({ ok: true, value: '2026-04-04' });
    expect(resolveDate('friday', berlin)).toEqual({ ok: true, value: '2026-04-03' });
    expect(resolveDate('2026-12-31', berlin)).toEqual({ ok: true, value: '2026-12-31' });
    expect(resolveDate('today 09:00', berlin).ok).toBe(false);
    // 23:30 UTC on the 28th is already the 29th in Berlin.
    expect(dateInZone('2026-03-28T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29');
  });

  it('parses durations', () => {
    expect(resolveDuration('30m')).toEqual({ ok: true, value: 30 * 60_000 });
    expect(resolveDuration('1h30m')).toEqual({ ok: true, value: 90 * 60_000 });
    expect(resolveDuration('PT45M')).toEqual({ ok: true, value: 45 * 60_000 });
    expect(resolveDuration('half an hour').ok).toBe(false);
  });

  it('computes zone offsets from Intl', () => {
    expect(zoneOffsetMs(Date.parse('2026-01-01T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(wallToInstant({ y: 2026, mo: 7, d: 1, h: 8, mi: 0, s: 0 }, 'Asia/Kolkata')).toBe(Date.parse('2026-07-01T02:30:00Z'));
  });
});
