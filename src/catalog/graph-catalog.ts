import type { CatalogJson, MethodPathJson, SchemePathJson } from './catalog-format.js';
import { PathTrie } from './path-trie.js';
import { splitGraphPath } from './segments.js';
import type { PathMatch, PermissionInfo, Scheme } from './types.js';

// The Microsoft Graph half of the catalog: permission metadata by name and id, and the
// (method, path) -> permissions map behind a segment trie.

interface TemplateEntry {
  template: string;
  rules: Map<string, string>; // HTTP method -> rule id
  matches: Map<string, PathMatch>; // `${method} ${scheme}` -> built on first use
}

const anyTemplate = (): boolean => true;
const EMPTY: readonly string[] = Object.freeze([]);
const EMPTY_RECORD: Readonly<Record<string, readonly string[]>> = Object.freeze({});

export class GraphCatalog {
  private readonly byLowerName = new Map<string, PermissionInfo>();
  private readonly byId = new Map<string, Array<{ name: string; scheme: Scheme }>>();
  private readonly all: readonly PermissionInfo[];
  private trieCache: PathTrie<TemplateEntry> | undefined;
  private readonly paths: Record<string, Record<string, string>>;
  private readonly rules: Record<string, MethodPathJson>;

  constructor(json: CatalogJson['graph']) {
    const all: PermissionInfo[] = [];
    for (const [name, p] of Object.entries(json.permissions)) {
      const info: PermissionInfo = Object.freeze({
        name,
        ...p,
        ...(p.delegated && { delegated: Object.freeze({ ...p.delegated }) }),
        ...(p.application && { application: Object.freeze({ ...p.application }) }),
      });
      all.push(info);
      this.byLowerName.set(name.toLowerCase(), info);
      for (const scheme of ['delegated', 'application'] as const) {
        const id = p[scheme]?.id;
        if (!id) continue;
        const list = this.byId.get(id.toLowerCase()) ?? this.byId.set(id.toLowerCase(), []).get(id.toLowerCase())!;
        list.push({ name, scheme });
      }
    }
    this.all = Object.freeze(all);
    this.rules = json.rules;
    this.paths = json.paths;
  }

  // Built on the first lookup, so processes that only need permission metadata never pay for it.
  private get trie(): PathTrie<TemplateEntry> {
    if (!this.trieCache) {
      const trie = new PathTrie<TemplateEntry>(true);
      for (const [template, methods] of Object.entries(this.paths)) {
        const entry: TemplateEntry = { template, rules: new Map(Object.entries(methods)), matches: new Map() };
        if (trie.insert(splitGraphPath(template), entry) !== undefined) {
          throw new Error(`catalog: generated file has two equivalent templates (${template}); regenerate it`);
        }
      }
      this.trieCache = trie;
    }
    return this.trieCache;
  }

  get templateCount(): number {
    return this.trie.templateCount;
  }

  permission(name: string): PermissionInfo | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  // A scope and an app role may share a GUID (User.Export.All does), so pass the scheme when known.
  permissionById(id: string, scheme?: Scheme): { name: string; scheme: Scheme } | undefined {
    const list = this.byId.get(id.toLowerCase());
    if (!list) return undefined;
    return scheme ? list.find((e) => e.scheme === scheme) : list[0];
  }

  allPermissions(): readonly PermissionInfo[] {
    return this.all;
  }

  lookup(method: string, path: string, scheme: Scheme): PathMatch | undefined {
    const m = method.toUpperCase();
    const segments = graphRequestSegments(path);
    // Path first, method second, as Graph's router does: DELETE on /places/microsoft.graph.room is
    // not an operation, even though DELETE /places/{id} is.
    let entry = this.trie.match(segments, anyTemplate);
    if (!entry) {
      // OData also accepts the key in parentheses: /users('id')/calendar == /users/id/calendar.
      const expanded = expandParenKeys(segments);
      if (expanded) entry = this.trie.match(expanded, anyTemplate);
    }
    return entry?.rules.has(m) ? this.matchFor(entry, m, scheme) : undefined;
  }

  private matchFor(entry: TemplateEntry, method: string, scheme: Scheme): PathMatch {
    const key = `${method} ${scheme}`;
    let match = entry.matches.get(key);
    if (!match) {
      const rule = this.rules[entry.rules.get(method)!];
      if (!rule) throw new Error(`catalog: template ${entry.template} refers to a missing rule; regenerate the catalog`);
      match = Object.freeze({ template: entry.template, method, scheme, ...this.split(rule[scheme]) });
      entry.matches.set(key, match);
    }
    return match;
  }

  // Separates tenant-wide permissions from resource-specific-consent ones.
  private split(data: SchemePathJson | undefined): Pick<PathMatch, 'permissions' | 'least' | 'alsoRequires' | 'rsc'> {
    if (!data) return { permissions: EMPTY, least: EMPTY, alsoRequires: EMPTY_RECORD, rsc: EMPTY };
    const isRsc = (n: string): boolean => this.byLowerName.get(n.toLowerCase())?.authorizationType === 'RSC';
    const also: Record<string, readonly string[]> = {};
    for (const [k, v] of Object.entries(data.alsoRequires ?? {})) if (!isRsc(k)) also[k] = Object.freeze([...v]);
    return {
      permissions: Object.freeze(data.accepted.filter((n) => !isRsc(n))),
      least: Object.freeze((data.least ?? []).filter((n) => !isRsc(n))),
      alsoRequires: Object.freeze(also),
      rsc: Object.freeze(data.accepted.filter(isRsc)),
    };
  }
}

// Accepts a path or a full URL; drops the origin, query, fragment, /v1.0 or /beta, trailing slash.
export function graphRequestSegments(input: string): string[] {
  let p = input;
  if (p.startsWith('http://') || p.startsWith('https://')) {
    const slash = p.indexOf('/', p.indexOf('//') + 2);
    p = slash < 0 ? '/' : p.slice(slash);
  }
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  const segments = splitGraphPath(p);
  const first = segments[0]?.toLowerCase();
  if (first === 'v1.0' || first === 'beta') segments.shift();
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].includes('%')) {
      try {
        segments[i] = decodeURIComponent(segments[i]);
      } catch {
        // A malformed escape stays as sent; it can still match a {param}.
      }
    }
  }
  return segments;
}

function expandParenKeys(segments: string[]): string[] | undefined {
  let changed = false;
  const out: string[] = [];
  for (const seg of segments) {
    const m = /^([^()]+)\(('[^']*'|[^'=(),]+)\)$/.exec(seg);
    if (m) {
      out.push(m[1], m[2].replace(/^'(.*)'$/, '$1'));
      changed = true;
    } else out.push(seg);
  }
  return changed ? out : undefined;
}
