import { readFileSync } from 'node:fs';
import type { CatalogJson } from '../catalog/catalog-format.js';
import { createCatalog, getCatalog, type Catalog, type Scheme } from '../catalog/index.js';

// What the analyzer needs beyond the catalog's lookup API: for each Graph permission and scheme,
// the set of operations (method + template) it allows. The lookup API answers "which permissions
// allow this call"; redundancy and privilege weights need the reverse, "which calls does this
// permission allow", so the generated file is walked once, lazily, into that index.

export interface GraphOpsIndex {
  /** Operation ids (indexes into `ops`) the permission allows under the scheme; empty when none. */
  opsOf(permission: string, scheme: Scheme): ReadonlySet<number>;
  /** `${METHOD} ${template}` per operation id. */
  readonly ops: readonly string[];
  /** Permissions (canonical names) that allow at least one operation under the scheme. */
  permissionsWithOps(scheme: Scheme): readonly string[];
}

export interface AnalyzerCatalog {
  catalog: Catalog;
  graphOps(): GraphOpsIndex;
}

const EMPTY = new Set<number>();

export function createAnalyzerCatalog(json: CatalogJson, catalog: Catalog = createCatalog(json)): AnalyzerCatalog {
  let index: GraphOpsIndex | undefined;
  return {
    catalog,
    graphOps: () => (index ??= buildOpsIndex(json, catalog)),
  };
}

let cached: AnalyzerCatalog | undefined;

// The catalog JSON sits in src/catalog/generated; tsc copies it next to the compiled catalog module.
const GENERATED = new URL('../catalog/generated/catalog.json', import.meta.url);

/** The analyzer view of the generated catalog, shared with `getCatalog()` for lookups. */
export function getAnalyzerCatalog(): AnalyzerCatalog {
  if (!cached) {
    const catalog = getCatalog();
    let json: CatalogJson | undefined;
    const loadJson = (): CatalogJson => (json ??= JSON.parse(readFileSync(GENERATED, 'utf8')) as CatalogJson);
    let index: GraphOpsIndex | undefined;
    cached = { catalog, graphOps: () => (index ??= buildOpsIndex(loadJson(), catalog)) };
  }
  return cached;
}

function buildOpsIndex(json: CatalogJson, catalog: Catalog): GraphOpsIndex {
  const ops: string[] = [];
  const byScheme: Record<Scheme, Map<string, Set<number>>> = { delegated: new Map(), application: new Map() };
  for (const [template, methods] of Object.entries(json.graph.paths)) {
    for (const [method, ruleId] of Object.entries(methods)) {
      const rule = json.graph.rules[ruleId];
      if (!rule) continue;
      const id = ops.push(`${method} ${template}`) - 1;
      for (const scheme of ['delegated', 'application'] as const) {
        for (const raw of rule[scheme]?.accepted ?? []) {
          // Canonical casing, so "Calls.JoinGroupCallasGuest.All" and its twin land together.
          const name = catalog.permission(raw)?.name ?? raw;
          const key = name.toLowerCase();
          let set = byScheme[scheme].get(key);
          if (!set) byScheme[scheme].set(key, (set = new Set()));
          set.add(id);
        }
      }
    }
  }
  const names: Record<Scheme, string[]> = {
    delegated: [...byScheme.delegated.keys()].map((k) => catalog.permission(k)?.name ?? k).sort(),
    application: [...byScheme.application.keys()].map((k) => catalog.permission(k)?.name ?? k).sort(),
  };
  return {
    ops,
    opsOf: (permission, scheme) => byScheme[scheme].get(permission.toLowerCase()) ?? EMPTY,
    permissionsWithOps: (scheme) => names[scheme],
  };
}
