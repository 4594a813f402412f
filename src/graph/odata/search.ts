import { graphErrors } from '../errors.js';

// `$search` as the directory takes it: quoted clauses `"property:text"` joined with AND / OR
// (upper case, AND binding tighter), e.g. `"displayName:room" OR "mail:room"`. Matching is
// tokenized: the clause matches when any word of the property value (split on spaces, case and
// punctuation changes) starts with the text, or the whole value does (graph-docs
// aad-advanced-queries "$search ... tokenized").

export type SearchNode =
  | { type: 'term'; property: string | null; text: string }
  | { type: 'and' | 'or'; left: SearchNode; right: SearchNode };

export function parseSearch(value: string): SearchNode {
  const tokens: ({ t: 'term'; property: string | null; text: string } | { t: 'AND' | 'OR' })[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|(AND|OR)\b)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(value))) {
    last = re.lastIndex;
    if (m[2]) tokens.push({ t: m[2] as 'AND' | 'OR' });
    else {
      const body = m[1]!.replace(/\\(.)/g, '$1');
      const colon = body.indexOf(':');
      tokens.push(colon > 0 ? { t: 'term', property: body.slice(0, colon).trim(), text: body.slice(colon + 1).trim() } : { t: 'term', property: null, text: body.trim() });
    }
  }
  if (value.slice(last).trim() !== '' || tokens.length === 0) {
    throw graphErrors.invalidQuery(`Syntax error in $search '${value}': use quoted clauses such as "displayName:room", joined with AND or OR.`);
  }
  let i = 0;
  const term = (): SearchNode => {
    const tok = tokens[i++];
    if (!tok || tok.t !== 'term') throw graphErrors.invalidQuery(`Syntax error in $search '${value}'.`);
    return { type: 'term', property: tok.property, text: tok.text };
  };
  const and = (): SearchNode => {
    let left = term();
    while (tokens[i]?.t === 'AND') {
      i++;
      left = { type: 'and', left, right: term() };
    }
    return left;
  };
  let tree = and();
  while (tokens[i]?.t === 'OR') {
    i++;
    tree = { type: 'or', left: tree, right: and() };
  }
  if (i !== tokens.length) throw graphErrors.invalidQuery(`Syntax error in $search '${value}'.`);
  return tree;
}

export function searchTerms(node: SearchNode): { property: string | null; text: string }[] {
  return node.type === 'term' ? [node] : [...searchTerms(node.left), ...searchTerms(node.right)];
}

export function matchesSearch(node: SearchNode, item: Record<string, unknown>, defaults: readonly string[]): boolean {
  if (node.type !== 'term') {
    const l = matchesSearch(node.left, item, defaults);
    return node.type === 'and' ? l && matchesSearch(node.right, item, defaults) : l || matchesSearch(node.right, item, defaults);
  }
  const props = node.property ? [node.property] : defaults;
  const needle = node.text.toLowerCase();
  return props.some((p) => {
    const v = item[p];
    const values = Array.isArray(v) ? v : [v];
    return values.some((x) => typeof x === 'string' && tokens(x).some((w) => w.startsWith(needle)));
  });
}

function tokens(value: string): string[] {
  const lower = value.toLowerCase();
  // Words split on non-alphanumerics and on lower→upper case changes ("RoomList" → room, list).
  const words = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9\u00c0-\uffff]+/)
    .filter(Boolean);
  return [lower, ...words];
}
