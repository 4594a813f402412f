import { afterEach, describe, expect, it } from 'vitest';
import { RangeCache, setEventRangeCache } from './range-cache.js';

// The cache's bounds (its exactness is tested through the event store: event-store.test.ts).

describe('RangeCache bounds', () => {
  afterEach(() => setEventRangeCache(true));

  it('counts windows as well as rows: distinct empty windows (a display asking from "now") do not pile up', () => {
    const c = new RangeCache<unknown[]>();
    let loads = 0;
    const empty = () => (loads++, []);
    for (let i = 0; i < 5_000; i++) c.get('t', 'cal', i, i + 1, empty);
    c.get('t', 'cal', 0, 1, empty);
    expect(loads).toBe(5_000); // still cached
    c.get('t', 'cal', 5_000, 5_001, empty); // the 5,001st window clears the rest
    c.get('t', 'cal', 0, 1, empty);
    expect(loads).toBe(5_002);
  });

  it('does not keep a result larger than its row bound', () => {
    const c = new RangeCache<number>();
    let loads = 0;
    const big = () => (loads++, Array.from({ length: 50_001 }, (_, i) => i));
    c.get('t', 'cal', 0, 1, big);
    c.get('t', 'cal', 0, 1, big);
    expect(loads).toBe(2);
  });

  it('switched off, every read loads', () => {
    const c = new RangeCache<number>();
    let loads = 0;
    setEventRangeCache(false);
    c.get('t', 'cal', 0, 1, () => (loads++, [1]));
    c.get('t', 'cal', 0, 1, () => (loads++, [1]));
    expect(loads).toBe(2);
  });
});
