import type { Scheme } from '../catalog/index.js';
import type { AnalyzerCatalog } from './analyzer-catalog.js';
import { familyImplies, parsePermissionName } from './permission-names.js';

// "Holding A makes holding B redundant" for Microsoft Graph permissions, per scheme.
//
// Three kinds of evidence, strongest first (docs/analyzer.md explains each):
//   data         every operation the catalog lists for B (under the scheme) it also lists for A;
//   documented   Microsoft documents A as a superset of B, while its per-endpoint data lists A
//                on fewer endpoints (the data omits A on many newer endpoints; the numbers are kept
//                so a report can show them);
//   name-family  the naming convention, where the data cannot tell: X.ReadWrite.All over
//                X.Read.All, Calendars.ReadWrite over Calendars.Read, User.Read.All over User.Read.
// The relation is closed transitively (Directory.ReadWrite.All > Directory.Read.All > User.Read.All);
// a chain is only as strong as its weakest link.
//
// A data edge is refused when it would let a read-only permission imply one that can write: the
// data lists Calendars.ReadWrite.Shared on 3 endpoints, all also open to Calendars.Read.Shared, and
// that says the data is incomplete, not that reading implies writing.

export type ImplicationBasis = 'data' | 'documented' | 'name-family';

export interface Implication {
  a: string;
  b: string;
  scheme: Scheme;
  basis: ImplicationBasis;
  /** How many of B's operations the data also lists for A, out of B's operations. */
  covered: number;
  of: number;
  /** Intermediate permissions of a transitive chain (A > via[0] > … > B). */
  via: string[];
}

// Microsoft documents these as supersets ("Read directory data … such as users, groups and apps";
// learn.microsoft.com/graph/migrate-azure-ad-graph-permissions-differences: Directory.Read.All "also
// allows your app to read all the groups, apps…"; Group.Read.All reads group properties and
// memberships). Both schemes.
const DOCUMENTED: ReadonlyArray<readonly [string, string]> = [
  ['Directory.Read.All', 'User.Read.All'],
  ['Directory.Read.All', 'User.ReadBasic.All'],
  ['Directory.Read.All', 'GroupMember.Read.All'],
  ['Group.Read.All', 'GroupMember.Read.All'],
];

const BASIS_STRENGTH: Record<ImplicationBasis, number> = { data: 3, documented: 2, 'name-family': 1 };

interface Edge {
  to: string;
  basis: ImplicationBasis;
}

export class GraphImplications {
  private readonly direct = new Map<string, Edge[]>(); // `${scheme}|${a lower}` -> edges
  private readonly closure = new Map<string, Map<string, Implication>>();
  private opPermissions: Record<Scheme, Map<number, string[]>> | undefined;

  constructor(private readonly ac: AnalyzerCatalog) {}

  /** The implication A > B under the scheme, or undefined when A does not imply B (or A is B). */
  implies(a: string, b: string, scheme: Scheme): Implication | undefined {
    const na = this.canonical(a);
    const nb = this.canonical(b);
    if (!na || !nb || na.toLowerCase() === nb.toLowerCase()) return undefined;
    return this.closureOf(na, scheme).get(nb.toLowerCase());
  }

  /** Everything A implies under the scheme (transitively). */
  impliedBy(a: string, scheme: Scheme): Implication[] {
    const na = this.canonical(a);
    return na ? [...this.closureOf(na, scheme).values()] : [];
  }

  private canonical(name: string): string | undefined {
    return this.ac.catalog.permission(name)?.name;
  }

  private exists(name: string, scheme: Scheme): boolean {
    return this.ac.catalog.permission(name)?.[scheme] !== undefined;
  }

  private closureOf(a: string, scheme: Scheme): Map<string, Implication> {
    const key = `${scheme}|${a.toLowerCase()}`;
    let result = this.closure.get(key);
    if (result) return result;
    result = new Map();
    // Breadth-first, so each target keeps its shortest chain; a later, stronger chain replaces it.
    const queue: { name: string; via: string[]; basis: ImplicationBasis }[] = [{ name: a, via: [], basis: 'data' }];
    const seen = new Map<string, number>([[a.toLowerCase(), BASIS_STRENGTH.data + 1]]);
    while (queue.length) {
      const cur = queue.shift()!;
      for (const edge of this.edgesOf(cur.name, scheme)) {
        const basis = weaker(cur.basis, edge.basis);
        const k = edge.to.toLowerCase();
        if ((seen.get(k) ?? 0) >= BASIS_STRENGTH[basis]) continue;
        seen.set(k, BASIS_STRENGTH[basis]);
        const via = cur.name === a ? [] : [...cur.via, cur.name];
        const { covered, of } = this.coverage(a, edge.to, scheme);
        result.set(k, { a, b: edge.to, scheme, basis, covered, of, via });
        queue.push({ name: edge.to, via, basis });
      }
    }
    this.closure.set(key, result);
    return result;
  }

  /** Direct edges out of A: data subsets, documented pairs, name-family pairs. */
  private edgesOf(a: string, scheme: Scheme): Edge[] {
    const key = `${scheme}|${a.toLowerCase()}`;
    const cached = this.direct.get(key);
    if (cached) return cached;
    const edges = new Map<string, Edge>();
    const add = (to: string, basis: ImplicationBasis) => {
      const k = to.toLowerCase();
      const prev = edges.get(k);
      if (!prev || BASIS_STRENGTH[basis] > BASIS_STRENGTH[prev.basis]) edges.set(k, { to, basis });
    };
    if (this.exists(a, scheme)) {
      const index = this.ac.graphOps();
      const opsA = index.opsOf(a, scheme);
      const accessA = parsePermissionName(a).accessRank;
      // Candidates for "B ⊆ A": permissions listed on at least one of A's operations.
      const candidates = new Set<string>();
      const byOp = this.permissionsByOp(scheme);
      for (const op of opsA) for (const n of byOp.get(op) ?? []) candidates.add(n);
      for (const b of candidates) {
        if (b.toLowerCase() === a.toLowerCase() || !this.exists(b, scheme)) continue;
        if (parsePermissionName(b).accessRank > accessA) continue;
        const opsB = index.opsOf(b, scheme);
        if (opsB.size === 0) continue;
        let subset = true;
        for (const op of opsB) if (!opsA.has(op)) { subset = false; break; }
        if (subset) add(b, 'data');
      }
      for (const [x, y] of DOCUMENTED) {
        if (x.toLowerCase() === a.toLowerCase() && this.exists(y, scheme)) add(y, 'documented');
      }
      for (const p of this.ac.catalog.allPermissions()) {
        if (p[scheme] && familyImplies(a, p.name)) add(p.name, 'name-family');
      }
    }
    const list = [...edges.values()].sort((x, y) => x.to.localeCompare(y.to));
    this.direct.set(key, list);
    return list;
  }

  private permissionsByOp(scheme: Scheme): Map<number, string[]> {
    if (!this.opPermissions) {
      const index = this.ac.graphOps();
      const build = (s: Scheme) => {
        const m = new Map<number, string[]>();
        for (const name of index.permissionsWithOps(s)) {
          for (const op of index.opsOf(name, s)) (m.get(op) ?? m.set(op, []).get(op)!).push(name);
        }
        return m;
      };
      this.opPermissions = { delegated: build('delegated'), application: build('application') };
    }
    return this.opPermissions[scheme];
  }

  private coverage(a: string, b: string, scheme: Scheme): { covered: number; of: number } {
    const index = this.ac.graphOps();
    const opsA = index.opsOf(a, scheme);
    const opsB = index.opsOf(b, scheme);
    let covered = 0;
    for (const op of opsB) if (opsA.has(op)) covered++;
    return { covered, of: opsB.size };
  }
}

function weaker(x: ImplicationBasis, y: ImplicationBasis): ImplicationBasis {
  return BASIS_STRENGTH[x] <= BASIS_STRENGTH[y] ? x : y;
}

/** One line saying why A makes B redundant, with the data's own numbers. */
export function describeImplication(i: Implication): string {
  const numbers = `the data lists ${i.a} on ${i.covered} of ${i.b}'s ${i.of} ${i.scheme} endpoints`;
  if (i.via.length) {
    return `${i.a} implies ${i.b} through ${i.via.join(' > ')} (weakest link: ${BASIS_WORDS[i.basis]}); ${numbers}`;
  }
  switch (i.basis) {
    case 'data':
      return `${i.a} allows every endpoint ${i.b} allows (${i.of} ${i.scheme} endpoints)`;
    case 'documented':
      return `${i.a} includes ${i.b} as Microsoft documents it; ${numbers}`;
    case 'name-family':
      return `${i.a} is a wider member of ${i.b}'s permission family (naming rule); ${numbers}`;
  }
}

const BASIS_WORDS: Record<ImplicationBasis, string> = {
  data: 'catalog data',
  documented: "Microsoft's documentation",
  'name-family': 'naming rule',
};
