// Deterministic JSON: keys sorted everywhere, the big maps written one entry per line so a data
// refresh shows up as a readable diff, everything below that written compactly.

export function renderCatalog(value: unknown, expand: (path: string[]) => boolean): string {
  return `${render(value, [], '', expand)}\n`;
}

function render(value: unknown, path: string[], indent: string, expand: (path: string[]) => boolean): string {
  if (!expand(path) || value === null || typeof value !== 'object') return compact(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v, i) => inner + render(v, [...path, String(i)], inner, expand));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort(cmpCodeUnits);
  if (keys.length === 0) return '{}';
  const rec = value as Record<string, unknown>;
  const items = keys.map((k) => `${inner}${JSON.stringify(k)}: ${render(rec[k], [...path, k], inner, expand)}`);
  return `{\n${items.join(',\n')}\n${indent}}`;
}

export function compact(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) throw new Error('catalog: undefined cannot be serialized');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(compact).join(',')}]`;
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort(cmpCodeUnits);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${compact(rec[k])}`).join(',')}}`;
}

function cmpCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
