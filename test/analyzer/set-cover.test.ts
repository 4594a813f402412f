import { describe, expect, it } from 'vitest';
import { weightedSetCover, type CoverCandidate } from '../../src/analyzer/set-cover.js';

const c = (id: string, weight: number, covers: number[], level = 3): CoverCandidate => ({ id, weight, level, covers });

describe('weighted set cover', () => {
  it('finds the optimum where greedy does not', () => {
    // Greedy takes W first (1.2 for 4 calls, 0.3 each, against 1/3 for A or B), then X and Y:
    // 1.2 + 0.5 + 0.5 = 2.2, and none of them can be dropped. The optimum is A + B = 2.
    const cands = [c('A', 1, [0, 1, 2]), c('B', 1, [3, 4, 5]), c('W', 1.2, [0, 1, 3, 4]), c('X', 0.5, [2]), c('Y', 0.5, [5])];
    const r = weightedSetCover(6, cands);
    expect(r.method).toBe('exact');
    expect(r.chosen).toEqual(['A', 'B']);
    expect(r.cost).toBe(2);
    const greedy = weightedSetCover(6, cands, { maxExactElements: 2 });
    expect(greedy.method).toBe('greedy');
    expect(greedy.chosen).toEqual(['X', 'Y', 'W']);
    expect(greedy.cost).toBeCloseTo(2.2);
    expect(greedy.bound).toBeCloseTo(1 + 1 / 2 + 1 / 3 + 1 / 4, 3);
    expect(greedy.reason).toContain('6 distinct calls');
  });

  it('prefers one permission covering reads and writes over two', () => {
    const r = weightedSetCover(2, [c('Calendars.Read', 1, [0]), c('Calendars.ReadWrite', 2, [0, 1])]);
    expect(r.chosen).toEqual(['Calendars.ReadWrite']);
  });

  it('breaks exact ties by level, then name, and reports them', () => {
    const byName = weightedSetCover(1, [c('Beta', 5, [0]), c('Alpha', 5, [0])]);
    expect(byName.chosen).toEqual(['Alpha']);
    expect(byName.ties).toEqual([{ chosen: 'Alpha', alternatives: ['Beta'] }]);
    const byLevel = weightedSetCover(1, [c('Alpha', 5, [0], 3), c('Beta', 5, [0], 2)]);
    expect(byLevel.chosen).toEqual(['Beta']);
    expect(byLevel.ties).toEqual([{ chosen: 'Beta', alternatives: ['Alpha'] }]);
  });

  it('lists elements nothing covers and covers the rest', () => {
    const r = weightedSetCover(3, [c('A', 1, [0]), c('B', 1, [2])]);
    expect(r.uncoverable).toEqual([1]);
    expect(r.chosen).toEqual(['A', 'B']);
    expect(r.assignment.get(0)).toBe('A');
    expect(r.assignment.has(1)).toBe(false);
  });

  it('handles an empty input', () => {
    expect(weightedSetCover(0, [])).toMatchObject({ chosen: [], cost: 0, method: 'exact', uncoverable: [] });
  });

  it('is deterministic whatever the input order', () => {
    const cands = [c('P', 3, [0, 1]), c('Q', 3, [1, 2]), c('R', 3, [0, 2]), c('S', 5, [0, 1, 2])];
    const a = weightedSetCover(3, cands);
    const b = weightedSetCover(3, [...cands].reverse());
    expect(a.chosen).toEqual(b.chosen);
    expect(a.chosen).toEqual(['S']);
  });
});
