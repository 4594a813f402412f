// Path segmentation shared by the catalog generator and the runtime matcher. Both sides must cut
// templates and requests the same way, or a template that the generator merged would never match.

export type SegmentPattern =
  | { kind: 'literal'; key: string }
  | { kind: 'param' }
  // Google's reserved expansion `{+name}`: one or more whole segments (`customers/c1/chrome/printers/p1`).
  | { kind: 'rest' }
  // OData function call or key segment, `reminderView(startDateTime={v},endDateTime={v})`: matched by
  // its name and the sorted names of its arguments, since argument values and order are free.
  | { kind: 'call'; key: string }
  // A parameter glued to literal text, `{id}:` (drive path addressing) or `{deviceId}:issueCommand`.
  | { kind: 'regex'; source: string };

const PURE_PARAM = /^\{[^{}+][^{}]*\}$/;
const REST_PARAM = /^\{\+[^{}]+\}$/;
const INNER_PARAM = /\{[^{}]+\}/g;

export function compileTemplateSegment(segment: string, caseInsensitive: boolean): SegmentPattern {
  if (REST_PARAM.test(segment)) return { kind: 'rest' };
  if (PURE_PARAM.test(segment)) return { kind: 'param' };
  const call = callShape(segment, caseInsensitive);
  if (call !== undefined) return { kind: 'call', key: call };
  if (segment.includes('{')) {
    const literals = segment.split(INNER_PARAM).map(escapeRegex);
    return { kind: 'regex', source: `^${literals.join('.+')}$` };
  }
  return { kind: 'literal', key: caseInsensitive ? segment.toLowerCase() : segment };
}

// `name(a='1',b=2)suffix` -> `name(a,b)suffix`; positional arguments become `#`. Returns undefined
// for segments that are not a call (no balanced parentheses after a name).
export function callShape(segment: string, caseInsensitive: boolean): string | undefined {
  const open = segment.indexOf('(');
  if (open <= 0) return undefined;
  const close = segment.lastIndexOf(')');
  if (close < open) return undefined;
  const keys = splitOutsideQuotes(segment.slice(open + 1, close), ',', false)
    .filter((arg) => arg.trim() !== '')
    .map((arg) => {
      const eq = indexOutsideQuotes(arg, '=');
      return eq < 0 ? '#' : arg.slice(0, eq).trim();
    })
    .sort();
  const shape = `${segment.slice(0, open)}(${keys.join(',')})${segment.slice(close + 1)}`;
  return caseInsensitive ? shape.toLowerCase() : shape;
}

// Splits a Graph path into segments. Slashes inside parentheses or quotes belong to the segment
// (`search(q='a/b')`). Drive path addressing (`root:/folder/file.txt:/content`) keeps the item path
// as one segment, because the templates write it as `root:/{id}:/content`.
export function splitGraphPath(path: string): string[] {
  // Quotes only count inside parentheses, so an apostrophe in a plain key (o'brien@x) is harmless.
  const raw = path.includes('(') ? splitOutsideQuotes(path, '/', true) : path.split('/');
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const seg = raw[i];
    if (seg === '') continue;
    out.push(seg);
    if (seg.endsWith(':') && i + 1 < raw.length) {
      let j = i + 1;
      while (j < raw.length - 1 && !raw[j].endsWith(':')) j++;
      out.push(raw.slice(i + 1, j + 1).join('/'));
      i = j;
    }
  }
  return out;
}

export function splitPlainPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function splitOutsideQuotes(text: string, sep: string, quotesOnlyInParens: boolean): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" && (depth > 0 || !quotesOnlyInParens)) quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function indexOutsideQuotes(text: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (!quoted && text[i] === ch) return i;
  }
  return -1;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
