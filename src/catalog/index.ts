import { readFileSync } from 'node:fs';
import { CATALOG_FORMAT_VERSION, type CatalogJson } from './catalog-format.js';
import { GoogleCatalogImpl } from './google-catalog.js';
import { GraphCatalog } from './graph-catalog.js';
import type { Catalog } from './types.js';

export type {
  Catalog,
  GoogleCatalog,
  GoogleMethod,
  GoogleRequestMatch,
  PathMatch,
  PermissionInfo,
  Scheme,
  SchemeInfo,
} from './types.js';
export { expandGoogleScope } from './google-catalog.js';

// The generated file sits next to this module (tsc copies it to dist with the rest of src/).
const GENERATED = new URL('./generated/catalog.json', import.meta.url);

let cached: Catalog | undefined;

// Loads the generated catalog on first use and keeps it for the life of the process.
export function getCatalog(): Catalog {
  if (!cached) {
    let text: string;
    try {
      text = readFileSync(GENERATED, 'utf8');
    } catch (err) {
      throw new Error(
        `catalog: cannot read ${GENERATED.pathname} (${(err as Error).message}); run \`npm run catalog\` to generate it`,
      );
    }
    cached = createCatalog(JSON.parse(text) as CatalogJson);
  }
  return cached;
}

export function createCatalog(json: CatalogJson): Catalog {
  const version = json?._source?.formatVersion;
  if (version !== CATALOG_FORMAT_VERSION) {
    throw new Error(
      `catalog: generated file has format version ${String(version)}, this code reads ${CATALOG_FORMAT_VERSION}; run \`npm run catalog\``,
    );
  }
  const graph = new GraphCatalog(json.graph);
  const google = new GoogleCatalogImpl(json.google);
  return {
    permission: (name) => graph.permission(name),
    permissionById: (id, scheme) => graph.permissionById(id, scheme),
    allPermissions: () => graph.allPermissions(),
    lookup: (method, path, scheme) => graph.lookup(method, path, scheme),
    google,
  };
}
