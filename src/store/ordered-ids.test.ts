import { describe, expect, it } from 'vitest';
import { createSeededIds, isGuid } from '../shared/ids.js';
import { createOrderedUuids } from './ordered-ids.js';

describe('createOrderedUuids', () => {
  it('makes version 7 GUIDs that sort in the order they were made, within and across milliseconds', () => {
    const next = createOrderedUuids(createSeededIds('t'));
    const made = [next(1_700_000_000_000), next(1_700_000_000_000), next(1_699_999_999_999), next(1_700_000_000_005)];
    for (const id of made) {
      expect(isGuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(4);
    expect(made[0]!.startsWith((1_700_000_000_000).toString(16).padStart(12, '0').slice(0, 8))).toBe(true);
  });

  it('stays ordered past 4,096 ids in one millisecond', () => {
    const next = createOrderedUuids(createSeededIds('t'));
    const made = Array.from({ length: 5000 }, () => next(42));
    expect([...made].sort()).toEqual(made);
  });
});
