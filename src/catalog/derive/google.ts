import type { GoogleApiJson, GoogleMethodJson } from '../catalog-format.js';
import { cmp } from './graph.js';

// Google Workspace part of the catalog. Google's data says which scopes allow each method (an OR
// list) but not which is least privileged, so the ranking is derived: a scope that allows fewer
// of the API's methods is narrower.
//
// Two relations between scopes:
// - coversMethods(A, B): every method B allows, A allows too (over all methods in the data).
// - implies(A, B): coversMethods(A, B) and B sits below A in Google's scope naming (B is A plus
//   more dotted parts, and a `.readonly` A only implies `.readonly` scopes). Method sets alone are
//   not enough, because several scopes differ in which *data* they reach, not in which methods:
//   calendar.events.owned allows every method calendar.events does, yet reaches only calendars the
//   user owns; calendar.events.freebusy allows events.list but sees only free/busy. Calling
//   calendar.events redundant next to calendar.events.owned would be wrong, so the analyzer's
//   redundancy check must use implies.

interface GoogleDoc {
  methods: Record<string, { httpMethod: string; path: string; scopes: string[] }>;
}

export interface GoogleDerivation {
  apis: Record<string, GoogleApiJson>;
  methods: Record<string, GoogleMethodJson>;
  implies: Record<string, string[]>;
  coversMethods: Record<string, string[]>;
}

export function deriveGoogle(docs: Array<{ api: string; file: string; doc: unknown }>): GoogleDerivation {
  const apis: Record<string, GoogleApiJson> = {};
  const methods: Record<string, GoogleMethodJson> = {};
  const allowed = new Map<string, Set<string>>(); // scope -> method ids, across all APIs

  for (const { api, file, doc } of docs) {
    const entries = (doc as GoogleDoc).methods;
    if (!entries || typeof entries !== 'object') throw new Error(`catalog: ${file} has no "methods" object`);
    const count = new Map<string, number>();
    for (const [id, m] of Object.entries(entries)) {
      if (!Array.isArray(m.scopes) || m.scopes.length === 0) throw new Error(`catalog: ${file} method ${id} lists no scopes`);
      if (methods[id]) throw new Error(`catalog: Google method id ${id} appears in two files`);
      for (const s of m.scopes) {
        count.set(s, (count.get(s) ?? 0) + 1);
        (allowed.get(s) ?? allowed.set(s, new Set()).get(s)!).add(id);
      }
    }
    // Dense rank: scopes allowing the same number of methods share a rank.
    const distinct = [...new Set(count.values())].sort((a, b) => a - b);
    const scopes: GoogleApiJson['scopes'] = {};
    for (const s of [...count.keys()].sort(cmp)) scopes[s] = { methods: count.get(s)!, rank: distinct.indexOf(count.get(s)!) + 1 };
    apis[api] = { file, scopes };

    for (const [id, m] of Object.entries(entries)) {
      const min = Math.min(...m.scopes.map((s) => count.get(s)!));
      methods[id] = {
        api,
        httpMethod: m.httpMethod.toUpperCase(),
        path: m.path,
        scopes: [...m.scopes].sort(cmp),
        narrowest: m.scopes.filter((s) => count.get(s) === min).sort(cmp),
      };
    }
  }

  const coversMethods: Record<string, string[]> = {};
  const implies: Record<string, string[]> = {};
  const scopeList = [...allowed.keys()].sort(cmp);
  for (const a of scopeList) {
    const byA = allowed.get(a)!;
    const covered = scopeList.filter((b) => b !== a && [...allowed.get(b)!].every((id) => byA.has(id)));
    if (covered.length > 0) coversMethods[a] = covered;
    const implied = covered.filter((b) => belowInNaming(a, b));
    if (implied.length > 0) implies[a] = implied;
  }

  const sortedMethods: Record<string, GoogleMethodJson> = {};
  for (const id of Object.keys(methods).sort(cmp)) sortedMethods[id] = methods[id];
  return { apis, methods: sortedMethods, implies, coversMethods };
}

const READONLY = '.readonly';

// calendar > calendar.events > calendar.events.readonly; calendar.readonly > calendar.events.readonly.
function belowInNaming(a: string, b: string): boolean {
  const ro = (s: string): boolean => s.endsWith(READONLY);
  const base = (s: string): string => (ro(s) ? s.slice(0, -READONLY.length) : s);
  if (ro(a) && !ro(b)) return false;
  return base(b) === base(a) || base(b).startsWith(`${base(a)}.`);
}
