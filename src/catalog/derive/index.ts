import { CATALOG_FORMAT_VERSION, type CatalogJson } from '../catalog-format.js';
import { deriveGoogle } from './google.js';
import { deriveGraph } from './graph.js';
import { renderCatalog } from './serialize.js';
import { GOOGLE_FILES, GRAPH_FILES, inputJson, loadInputs } from './sources.js';

export { defaultSharedDataDir } from './sources.js';

export const GENERATOR = 'scripts/derive-catalog.ts';
export const GENERATED_PATH = 'src/catalog/generated/catalog.json';

export interface Derived {
  catalog: CatalogJson;
  text: string;
  notes: string[];
}

export function deriveCatalog(dataDir: string): Derived {
  const inputs = loadInputs(dataDir);
  const graph = deriveGraph(
    inputJson(inputs, GRAPH_FILES.permissions),
    inputJson(inputs, GRAPH_FILES.provisioning),
    inputJson(inputs, GRAPH_FILES.descriptions),
  );
  const google = deriveGoogle(
    Object.entries(GOOGLE_FILES).map(([api, file]) => ({ api, file, doc: inputJson(inputs, file) })),
  );
  const catalog: CatalogJson = {
    _source: {
      generator: GENERATOR,
      formatVersion: CATALOG_FORMAT_VERSION,
      inputs: [...inputs.values()].map((i) => i.source),
      note:
        'Derived data: permission names, ids, consent flags, privilege levels, methods, path templates and scope URLs only. ' +
        'No description texts are copied. Regenerate with `npm run catalog`; check with `npm run catalog:check`.',
    },
    graph: { permissions: graph.permissions, paths: graph.paths, rules: graph.rules },
    google: { apis: google.apis, methods: google.methods, implies: google.implies, coversMethods: google.coversMethods },
  };
  const text = renderCatalog(catalog, (path) => {
    if (path.length === 0) return true;
    if (path[0] === '_source') return path.length <= 2;
    return path.length <= 2;
  });
  return { catalog, text, notes: graph.notes };
}

export interface CatalogSummary {
  permissions: number;
  permissionsByType: Record<string, number>;
  withoutId: number;
  templates: number;
  methodPathPairs: number;
  rules: number;
  googleMethods: number;
  googleScopes: number;
  impliesPairs: number;
  coversMethodsPairs: number;
  bytes: number;
}

export function summarize(d: Derived): CatalogSummary {
  const perms = Object.values(d.catalog.graph.permissions);
  const byType: Record<string, number> = {};
  for (const p of perms) {
    const k = p.origin ? `${p.authorizationType} (from descriptions)` : p.authorizationType;
    byType[k] = (byType[k] ?? 0) + 1;
  }
  return {
    permissions: perms.length,
    permissionsByType: byType,
    withoutId: perms.flatMap((p) => [p.delegated, p.application]).filter((s) => s && s.id === null).length,
    templates: Object.keys(d.catalog.graph.paths).length,
    methodPathPairs: Object.values(d.catalog.graph.paths).reduce((n, m) => n + Object.keys(m).length, 0),
    rules: Object.keys(d.catalog.graph.rules).length,
    googleMethods: Object.keys(d.catalog.google.methods).length,
    googleScopes: new Set(Object.values(d.catalog.google.apis).flatMap((a) => Object.keys(a.scopes))).size,
    impliesPairs: Object.values(d.catalog.google.implies).reduce((n, l) => n + l.length, 0),
    coversMethodsPairs: Object.values(d.catalog.google.coversMethods).reduce((n, l) => n + l.length, 0),
    bytes: Buffer.byteLength(d.text),
  };
}
