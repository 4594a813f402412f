import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarRecord, Stores } from '../types.js';
import { T, event, tempStores } from './test-records.js';

const H = 3_600_000;
const D = 24 * H;
const BASE = Date.UTC(2026, 0, 5); // a Monday

const calendar = (id: string, ownerId: string, over: Partial<CalendarRecord> = {}): CalendarRecord => ({
  tenantId: T,
  id,
  ownerId,
  name: 'Calendar',
  isDefault: true,
  color: 'auto',
  changeKey: 'ck',
  ...over,
});

describe('SqliteEventStore', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ stores, cleanup } = await tempStores());
  });
  afterEach(() => cleanup());

  it('keeps calendars and finds the default one of an owner', async () => {
    await stores.events.putCalendar(calendar('c-other', 'megan', { isDefault: false, name: 'Birthdays' }));
    await stores.events.putCalendar(calendar('c-main', 'megan'));
    expect((await stores.events.getDefaultCalendar(T, 'megan'))?.id).toBe('c-main');
    expect((await stores.events.listCalendars(T, 'megan')).map((c) => c.id)).toEqual(['c-main', 'c-other']);
    expect(await stores.events.getDefaultCalendar(T, 'adele')).toBeUndefined();
    await stores.events.putCalendar(calendar('c-main', 'megan', { name: 'Renamed' }));
    expect((await stores.events.getCalendar(T, 'c-main'))?.name).toBe('Renamed');
  });

  it('stores an event with its Graph body and replaces it on put', async () => {
    await stores.events.putEvent(event('e1', 'c1', BASE, BASE + H, { data: { subject: 'Weekly sync', attendees: [{ type: 'resource' }] } }));
    const e = await stores.events.getEvent(T, 'e1');
    expect(e).toMatchObject({ id: 'e1', calendarId: 'c1', startMs: BASE, endMs: BASE + H, type: 'singleInstance', seriesMasterId: null });
    expect(e?.data).toEqual({ subject: 'Weekly sync', attendees: [{ type: 'resource' }] });
    await stores.events.putEvent(event('e1', 'c1', BASE + H, BASE + 2 * H, { data: { subject: 'Moved' } }));
    expect((await stores.events.getEvent(T, 'e1'))?.data.subject).toBe('Moved');
    expect(await stores.events.countEvents(T)).toBe(1);
    expect(await stores.events.deleteEvent(T, 'e1')).toBe(true);
    expect(await stores.events.deleteEvent(T, 'e1')).toBe(false);
    expect(await stores.events.getEvent(T, 'e1')).toBeUndefined();
  });

  it('returns events overlapping [start, end), exactly at the boundaries', async () => {
    const s = BASE + 9 * H;
    const e = BASE + 10 * H;
    await stores.events.putEvents([
      event('ends-at-start', 'c1', s - H, s), // touches: out
      event('starts-at-end', 'c1', e, e + H), // touches: out
      event('starts-at-start', 'c1', s, s + 30 * 60_000),
      event('ends-after-start', 'c1', s - H, s + 1),
      event('inside', 'c1', s + 1, e - 1),
      event('covers', 'c1', s - D, e + D),
      event('zero-at-start', 'c1', s, s),
      event('zero-at-end', 'c1', e, e), // out
      event('other-calendar', 'c2', s, e),
    ]);
    const ids = (await stores.events.listEventsInRange(T, ['c1'], s, e)).map((x) => x.id);
    expect(ids).toEqual(['covers', 'ends-after-start', 'starts-at-start', 'zero-at-start', 'inside']);
    expect(await stores.events.listEventsInRange('another-tenant', ['c1'], s, e)).toEqual([]);
    expect(await stores.events.listEventsInRange(T, ['nope'], s, e)).toEqual([]);
  });

  it('finds a long event that starts well before the range (the per-calendar span bound)', async () => {
    const many = Array.from({ length: 50 }, (_, i) => event(`short-${i}`, 'c1', BASE + i * D, BASE + i * D + H));
    await stores.events.putEvents(many);
    // Written later, a two-week event widens the bound for this calendar only.
    await stores.events.putEvent(event('vacation', 'c1', BASE - 14 * D, BASE + 20 * D + 2 * H));
    const found = await stores.events.listEventsInRange(T, ['c1'], BASE + 20 * D + 30 * 60_000, BASE + 20 * D + 90 * 60_000);
    expect(found.map((x) => x.id)).toEqual(['vacation', 'short-20']);
  });

  it('returns series masters whose recurrence overlaps the range, from several calendars in start order', async () => {
    await stores.events.putEvents([
      event('master-open', 'c1', BASE - 300 * D, Number.MAX_SAFE_INTEGER, { type: 'seriesMaster' }),
      event('master-ended', 'c1', BASE - 300 * D, BASE - 100 * D, { type: 'seriesMaster' }),
      event('c2-single', 'c2', BASE + 2 * H, BASE + 3 * H),
      event('c1-single', 'c1', BASE + H, BASE + 2 * H),
      event('c3-single', 'c3', BASE, BASE + H),
    ]);
    const found = await stores.events.listEventsInRange(T, ['c1', 'c2', 'c3'], BASE, BASE + D);
    expect(found.map((x) => x.id)).toEqual(['master-open', 'c3-single', 'c1-single', 'c2-single']);
    expect(found[0]!.endMs).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('lists a calendar page by page in start order and deletes a calendar with its events', async () => {
    await stores.events.putCalendar(calendar('c1', 'megan'));
    await stores.events.putEvents([event('b', 'c1', BASE + H, BASE + 2 * H), event('a', 'c1', BASE, BASE + H), event('c', 'c1', BASE + 2 * H, BASE + 3 * H)]);
    expect((await stores.events.listEvents(T, 'c1')).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect((await stores.events.listEvents(T, 'c1', { limit: 2, offset: 1 })).map((x) => x.id)).toEqual(['b', 'c']);
    expect(await stores.events.deleteCalendar(T, 'c1')).toBe(true);
    expect(await stores.events.getCalendar(T, 'c1')).toBeUndefined();
    expect(await stores.events.countEvents(T)).toBe(0);
    expect(await stores.events.listEventsInRange(T, ['c1'], BASE, BASE + D)).toEqual([]);
  });

  it('inserts a batch in one transaction: a bad event rolls the whole batch back', async () => {
    const bad = event('bad', 'c1', BASE, BASE + H, { iCalUId: null as unknown as string });
    await expect(stores.events.putEvents([event('ok', 'c1', BASE, BASE + H), bad])).rejects.toThrow(/NOT NULL/);
    expect(await stores.events.countEvents(T)).toBe(0);
  });

  describe('range cache (range-cache.ts)', () => {
    const ids = async (cal = 'c1') => (await stores.events.listEventsInRange(T, [cal], BASE, BASE + D)).map((e) => `${e.id}:${e.data.subject}`);

    it('a read after any write sees the write: put, move, delete, a calendar deleted', async () => {
      await stores.events.putEvent(event('e1', 'c1', BASE, BASE + H, { data: { subject: 'a' } }));
      expect(await ids()).toEqual(['e1:a']);
      await stores.events.putEvent(event('e2', 'c1', BASE + 2 * H, BASE + 3 * H, { data: { subject: 'b' } }));
      expect(await ids()).toEqual(['e1:a', 'e2:b']);
      await stores.events.putEvent(event('e1', 'c1', BASE + 4 * H, BASE + 5 * H, { data: { subject: 'a2' } }));
      expect(await ids()).toEqual(['e2:b', 'e1:a2']);
      // Moved to another calendar by a put that does not name the old one.
      await stores.events.putEvent(event('e2', 'c2', BASE + 2 * H, BASE + 3 * H, { data: { subject: 'b' } }));
      expect(await ids()).toEqual(['e1:a2']);
      expect(await ids('c2')).toEqual(['e2:b']);
      await stores.events.deleteEvent(T, 'e1');
      expect(await ids()).toEqual([]);
      await stores.events.deleteCalendar(T, 'c2');
      expect(await ids('c2')).toEqual([]);
    });

    it('every read gets records of its own: changing one does not change the next read', async () => {
      await stores.events.putEvent(event('e1', 'c1', BASE, BASE + H, { data: { subject: 'a' } }));
      const [first] = await stores.events.listEventsInRange(T, ['c1'], BASE, BASE + D);
      first!.data.subject = 'edited in place';
      first!.startMs = 0;
      const [again] = await stores.events.listEventsInRange(T, ['c1'], BASE, BASE + D);
      expect(again).not.toBe(first);
      expect([again!.startMs, again!.data.subject]).toEqual([BASE, 'a']);
    });

    it('a range read inside a transaction that rolls back is forgotten with it', async () => {
      await expect(
        stores.transaction(async () => {
          await stores.events.putEvent(event('e1', 'c1', BASE, BASE + H, { data: { subject: 'uncommitted' } }));
          expect(await ids()).toEqual(['e1:uncommitted']);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await ids()).toEqual([]);
    });
  });
});
