import type { Catalog, PathMatch, Scheme } from '../../catalog/index.js';

// From the request actually made to the catalog entry that holds its permissions. Microsoft's data
// writes reference operations without their `$ref` segment (PUT /users/{id}/manager), functions
// without parentheses (/users/delta) and counts as the collection itself; and a /me path has the
// same permissions as /users/{id} when the data lists only the latter.

export function catalogPath(url: string): string {
  let p = url;
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  p = p.replace(/^\/(v1\.0|beta)(?=\/|$)/i, '');
  p = p.replace(/\/\$ref$/i, '');
  p = p.replace(/\/\$count$/i, '');
  p = p.replace(/\/(delta)\(\)(?=\/|$)/i, '/$1');
  return p === '' ? '/' : p;
}

export function lookupPermissions(catalog: Catalog, method: string, path: string, scheme: Scheme): PathMatch | undefined {
  const m = catalog.lookup(method, path, scheme);
  if (m) return m;
  if (/^\/me(\/|$)/i.test(path)) return catalog.lookup(method, `/users/{id}${path.slice(3)}`, scheme);
  return undefined;
}
