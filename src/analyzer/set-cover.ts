// Weighted set cover: the cheapest set of permissions such that every observed call is allowed by
// at least one of them. Exact (branch and bound) for the sizes an app's traffic produces — tens of
// distinct calls, tens of candidate permissions — and greedy beyond, whose cost is at most H(d)
// times the optimum (d = the most calls one candidate covers, H(d) = 1 + 1/2 + … + 1/d ≤ ln d + 1).
// Ties are broken the same way every time: weight, then privilege level, then name.

export interface CoverCandidate {
  id: string;
  weight: number;
  level: number;
  /** Indexes of the elements (calls) it covers. */
  covers: readonly number[];
}

export interface CoverTie {
  chosen: string;
  /** Candidates of equal weight that could replace `chosen` and still cover everything. */
  alternatives: string[];
}

export interface CoverResult {
  chosen: string[];
  cost: number;
  method: 'exact' | 'greedy';
  /** Greedy only: the guarantee factor H(d). */
  bound?: number;
  /** Why the greedy method was used. */
  reason?: string;
  nodes: number;
  /** Elements no candidate covers. */
  uncoverable: number[];
  /** element index -> chosen candidate covering it (the first in tie-break order). */
  assignment: Map<number, string>;
  ties: CoverTie[];
}

export interface CoverOptions {
  maxExactElements?: number;
  maxExactCandidates?: number;
  nodeBudget?: number;
}

const DEFAULTS: Required<CoverOptions> = { maxExactElements: 96, maxExactCandidates: 160, nodeBudget: 250_000 };

export function compareCandidates(a: Pick<CoverCandidate, 'id' | 'weight' | 'level'>, b: Pick<CoverCandidate, 'id' | 'weight' | 'level'>): number {
  return a.weight - b.weight || a.level - b.level || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function weightedSetCover(elementCount: number, input: readonly CoverCandidate[], options: CoverOptions = {}): CoverResult {
  const opts = { ...DEFAULTS, ...options };
  const candidates = [...input].sort(compareCandidates);
  const bit = (i: number) => 1n << BigInt(i);
  const masks = candidates.map((c) => c.covers.reduce((m, e) => m | bit(e), 0n));

  let coverable = 0n;
  for (const m of masks) coverable |= m;
  const uncoverable: number[] = [];
  for (let e = 0; e < elementCount; e++) if (!(coverable & bit(e))) uncoverable.push(e);

  // Drop candidates another covers at no higher cost (the earlier one in tie-break order wins).
  const kept: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    if (masks[i] === 0n) continue;
    const dominated = kept.some((j) => (masks[i] & ~masks[j]) === 0n && candidates[j].weight <= candidates[i].weight);
    if (!dominated) kept.push(i);
  }

  const greedy = greedyCover(coverable, kept, candidates, masks);
  let best = greedy;
  let method: CoverResult['method'] = 'greedy';
  let reason: string | undefined;
  let nodes = 0;
  const elements = popcount(coverable);
  if (elements > opts.maxExactElements) reason = `${elements} distinct calls (exact search up to ${opts.maxExactElements})`;
  else if (kept.length > opts.maxExactCandidates) reason = `${kept.length} candidate permissions (exact search up to ${opts.maxExactCandidates})`;
  else {
    const exact = branchAndBound(coverable, kept, candidates, masks, greedy, opts.nodeBudget);
    nodes = exact.nodes;
    if (exact.complete) {
      best = exact.best;
      method = 'exact';
    } else {
      best = exact.best;
      reason = `search stopped after ${opts.nodeBudget} nodes`;
    }
  }

  const chosen = best.chosen.map((i) => candidates[i]).sort(compareCandidates);
  const assignment = new Map<number, string>();
  for (let e = 0; e < elementCount; e++) {
    const c = chosen.find((c) => c.covers.includes(e));
    if (c) assignment.set(e, c.id);
  }
  const d = Math.max(1, ...kept.map((i) => popcount(masks[i])));
  return {
    chosen: chosen.map((c) => c.id),
    cost: best.cost,
    method,
    ...(method === 'greedy' && { bound: harmonic(d), reason }),
    nodes,
    uncoverable,
    assignment,
    ties: findTies(chosen, candidates, masks, coverable),
  };
}

interface Solution {
  chosen: number[];
  cost: number;
}

function greedyCover(universe: bigint, kept: number[], cands: CoverCandidate[], masks: bigint[]): Solution {
  let uncovered = universe;
  const chosen: number[] = [];
  while (uncovered) {
    let pick = -1;
    let pickRatio = Infinity;
    for (const i of kept) {
      const n = popcount(masks[i] & uncovered);
      if (!n) continue;
      const ratio = cands[i].weight / n;
      if (ratio < pickRatio || (ratio === pickRatio && compareCandidates(cands[i], cands[pick]) < 0)) {
        pick = i;
        pickRatio = ratio;
      }
    }
    chosen.push(pick);
    uncovered &= ~masks[pick];
  }
  const pruned = prune(chosen, cands, masks, universe);
  return { chosen: pruned, cost: pruned.reduce((s, i) => s + cands[i].weight, 0) };
}

// Greedy can pick a set that later picks make unnecessary; drop those, most expensive first.
function prune(chosen: number[], cands: CoverCandidate[], masks: bigint[], universe: bigint): number[] {
  const out = [...chosen].sort((a, b) => compareCandidates(cands[b], cands[a]));
  for (let k = 0; k < out.length; ) {
    const rest = out.filter((_, j) => j !== k).reduce((m, i) => m | masks[i], 0n);
    if ((universe & ~rest) === 0n) out.splice(k, 1);
    else k++;
  }
  return out;
}

function branchAndBound(universe: bigint, kept: number[], cands: CoverCandidate[], masks: bigint[], start: Solution, budget: number): { best: Solution; complete: boolean; nodes: number } {
  let best: Solution = { chosen: prune(start.chosen, cands, masks, universe), cost: 0 };
  best.cost = best.chosen.reduce((s, i) => s + cands[i].weight, 0);
  const elements: number[] = [];
  for (let e = 0; universe >> BigInt(e); e++) if (universe & (1n << BigInt(e))) elements.push(e);
  const coverers = new Map<number, number[]>();
  for (const e of elements) coverers.set(e, kept.filter((i) => masks[i] & (1n << BigInt(e))));
  let nodes = 0;
  let complete = true;

  const lowerBound = (uncovered: bigint): number => {
    // Each uncovered call pays at least the cheapest share a candidate could charge it.
    let lb = 0;
    for (const e of elements) {
      if (!(uncovered & (1n << BigInt(e)))) continue;
      let min = Infinity;
      for (const i of coverers.get(e)!) {
        const share = cands[i].weight / popcount(masks[i] & uncovered);
        if (share < min) min = share;
      }
      lb += min;
    }
    return lb;
  };

  const visit = (uncovered: bigint, chosen: number[], cost: number): void => {
    if (!complete) return;
    if (++nodes > budget) {
      complete = false;
      return;
    }
    if (uncovered === 0n) {
      const better = cost < best.cost || (cost === best.cost && compareSets(chosen, best.chosen, cands) < 0);
      if (better) best = { chosen: [...chosen], cost };
      return;
    }
    if (cost + lowerBound(uncovered) > best.cost + 1e-9) return;
    // Branch on the uncovered call with the fewest candidates.
    let pivot = -1;
    let fewest = Infinity;
    for (const e of elements) {
      if (!(uncovered & (1n << BigInt(e)))) continue;
      const n = coverers.get(e)!.length;
      if (n < fewest) {
        fewest = n;
        pivot = e;
      }
    }
    for (const i of coverers.get(pivot)!) {
      chosen.push(i);
      visit(uncovered & ~masks[i], chosen, cost + cands[i].weight);
      chosen.pop();
    }
  };
  visit(universe, [], 0);
  return { best, complete, nodes };
}

// Lexicographic comparison of two solutions in tie-break order, so equal-cost optima resolve the same way.
function compareSets(a: number[], b: number[], cands: CoverCandidate[]): number {
  const sa = [...a].sort((x, y) => compareCandidates(cands[x], cands[y]));
  const sb = [...b].sort((x, y) => compareCandidates(cands[x], cands[y]));
  for (let k = 0; k < Math.min(sa.length, sb.length); k++) {
    const c = compareCandidates(cands[sa[k]], cands[sb[k]]);
    if (c) return c;
  }
  return sa.length - sb.length;
}

function findTies(chosen: CoverCandidate[], cands: CoverCandidate[], masks: bigint[], universe: bigint): CoverTie[] {
  const maskOf = new Map(cands.map((c, i) => [c.id, masks[i]]));
  const ids = new Set(chosen.map((c) => c.id));
  const ties: CoverTie[] = [];
  for (const c of chosen) {
    const rest = chosen.filter((x) => x !== c).reduce((m, x) => m | maskOf.get(x.id)!, 0n);
    const alternatives = cands
      .filter((q) => !ids.has(q.id) && q.weight === c.weight && (universe & ~(rest | maskOf.get(q.id)!)) === 0n)
      .map((q) => q.id);
    if (alternatives.length) ties.push({ chosen: c.id, alternatives });
  }
  return ties;
}

function popcount(x: bigint): number {
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}

function harmonic(d: number): number {
  let h = 0;
  for (let i = 1; i <= d; i++) h += 1 / i;
  return Math.round(h * 1000) / 1000;
}
