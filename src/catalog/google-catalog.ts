import type { CatalogJson } from './catalog-format.js';
import { PathTrie } from './path-trie.js';
import { splitPlainPath } from './segments.js';
import type { GoogleCatalog, GoogleMethod, GoogleRequestMatch } from './types.js';

// The Google Workspace half: Calendar v3 and Admin SDK Directory v1 methods, their scopes, the
// derived scope ranking and the "implies" relation. Google paths are case-sensitive.

const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';

export function expandGoogleScope(scope: string): string {
  return scope.includes('://') ? scope : SCOPE_PREFIX + scope;
}

export class GoogleCatalogImpl implements GoogleCatalog {
  private readonly methods = new Map<string, GoogleMethod>();
  private readonly implied = new Map<string, Set<string>>();
  private readonly covered = new Map<string, Set<string>>();
  private readonly ranks = new Map<string, { api: string; methods: number; rank: number }>();
  private readonly scopeList: readonly string[];
  // template -> HTTP method -> method ids sharing that (method, template)
  private readonly trie = new PathTrie<Map<string, GoogleMethod[]>>(false);
  private readonly matches = new Map<GoogleMethod[], GoogleRequestMatch>();

  constructor(json: CatalogJson['google']) {
    const byTemplate = new Map<string, Map<string, GoogleMethod[]>>();
    for (const [id, m] of Object.entries(json.methods)) {
      const method: GoogleMethod = Object.freeze({
        id,
        api: m.api,
        httpMethod: m.httpMethod,
        path: m.path,
        scopes: Object.freeze([...m.scopes]),
        narrowest: Object.freeze([...m.narrowest]),
      });
      this.methods.set(id, method);
      const verbs = byTemplate.get(m.path) ?? byTemplate.set(m.path, new Map()).get(m.path)!;
      (verbs.get(m.httpMethod) ?? verbs.set(m.httpMethod, []).get(m.httpMethod)!).push(method);
    }
    for (const [template, verbs] of byTemplate) this.trie.insert(splitPlainPath(template), verbs);
    for (const [a, list] of Object.entries(json.implies)) this.implied.set(a, new Set(list));
    for (const [a, list] of Object.entries(json.coversMethods)) this.covered.set(a, new Set(list));
    for (const [api, data] of Object.entries(json.apis)) {
      for (const [scope, r] of Object.entries(data.scopes)) this.ranks.set(scope, Object.freeze({ api, ...r }));
    }
    this.scopeList = Object.freeze([...this.ranks.keys()].sort());
  }

  method(id: string): GoogleMethod | undefined {
    return this.methods.get(id);
  }

  lookupRequest(httpMethod: string, path: string): GoogleRequestMatch | undefined {
    const verb = httpMethod.toUpperCase();
    let p = path;
    if (p.startsWith('http://') || p.startsWith('https://')) {
      const slash = p.indexOf('/', p.indexOf('//') + 2);
      p = slash < 0 ? '/' : p.slice(slash);
    }
    const q = p.search(/[?#]/);
    if (q >= 0) p = p.slice(0, q);
    const verbs = this.trie.match(splitPlainPath(p), (v) => v.has(verb));
    const candidates = verbs?.get(verb);
    if (!candidates) return undefined;
    let match = this.matches.get(candidates);
    if (!match) {
      const scopes = candidates[0].scopes.filter((s) => candidates.every((c) => c.scopes.includes(s)));
      match = Object.freeze({
        method: candidates[0],
        candidates: Object.freeze(candidates.map((c) => c.id)),
        scopes: Object.freeze(scopes),
      });
      this.matches.set(candidates, match);
    }
    return match;
  }

  narrowest(methodId: string): readonly string[] {
    const m = this.methods.get(methodId);
    if (!m) throw new Error(`catalog: unknown Google method id ${JSON.stringify(methodId)}`);
    return m.narrowest;
  }

  implies(a: string, b: string): boolean {
    const fa = expandGoogleScope(a);
    const fb = expandGoogleScope(b);
    return fa === fb || (this.implied.get(fa)?.has(fb) ?? false);
  }

  coversMethods(a: string, b: string): boolean {
    const fa = expandGoogleScope(a);
    const fb = expandGoogleScope(b);
    return fa === fb || (this.covered.get(fa)?.has(fb) ?? false);
  }

  scopes(): readonly string[] {
    return this.scopeList;
  }

  scopeRank(scope: string): { api: string; methods: number; rank: number } | undefined {
    return this.ranks.get(expandGoogleScope(scope));
  }
}
