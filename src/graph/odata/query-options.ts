import type { FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { parseFilter, type FilterNode } from './filter-parser.js';
import { readMaxPageSize } from './prefer.js';
import { parseSearch, type SearchNode } from './search.js';

// Reads the OData system query options of a request into a typed form. Syntax is checked here
// (400 with Graph's message); whether a collection supports an option is checked against its
// CollectionSpec in collection.ts. An unknown `$option` is refused, never ignored.
// Malformed options get the answers of Graph's front end, which parses every request's options
// with ODataLib before a workload sees them (so directory and Outlook routes answer alike, code
// BadRequest): a repeated option (OData 4.01 Part 2 §5.1), an empty $select/$expand/$orderby item,
// a $top/$skip that is not a non-negative Int64, a $count that is neither true nor false, a bad
// `Prefer: odata.maxpagesize` (prefer.ts). Messages are ODataLib's (docs/errors-graph.md).

export interface OrderByItem {
  property: string;
  desc: boolean;
}

export interface ExpandItem {
  property: string;
  select?: string[];
}

export interface ODataQuery {
  select?: string[];
  filter?: FilterNode;
  filterText?: string;
  orderby?: OrderByItem[];
  top?: number;
  topText?: string;
  skip?: number;
  count?: boolean;
  search?: SearchNode;
  searchText?: string;
  expand?: ExpandItem[];
  skiptoken?: string;
  deltatoken?: string;
  /** `Prefer: odata.maxpagesize=N` (validated; routes that page by it apply it). */
  maxPageSize?: number;
  /** `ConsistencyLevel: eventual` was sent (directory advanced queries). */
  eventual: boolean;
}

const KNOWN = new Set(['$select', '$filter', '$orderby', '$top', '$skip', '$count', '$search', '$expand', '$skiptoken', '$deltatoken', '$format']);

export function readODataQuery(req: FastifyRequest): ODataQuery {
  const raw = rawQuery(req.url);
  const q: ODataQuery = { eventual: String(req.headers.consistencylevel ?? '').toLowerCase() === 'eventual' };
  // ODataLib collects the options (names case-insensitive) before parsing any, so a repeat is
  // refused whatever else is wrong.
  const seen = new Set<string>();
  for (const [name] of raw) {
    const key = name.toLowerCase();
    if (!KNOWN.has(key)) continue;
    if (seen.has(key)) throw graphErrors.queryOptionRepeated(key);
    seen.add(key);
  }
  for (const [name, value] of raw) {
    const key = name.toLowerCase();
    if (!key.startsWith('$')) continue; // function parameters (startDateTime=…) belong to the route
    if (!KNOWN.has(key)) throw graphErrors.queryOptionNotSupported(name);
    switch (key) {
      case '$select':
        q.select = splitItems(value, 'select');
        break;
      case '$filter':
        q.filterText = value;
        q.filter = parseFilter(value);
        break;
      case '$orderby':
        q.orderby = splitItems(value, 'orderby').map(parseOrderBy);
        break;
      case '$top':
        q.topText = value;
        q.top = parseIntOption(key, value);
        break;
      case '$skip':
        q.skip = parseIntOption(key, value);
        break;
      case '$count': {
        // ODataLib's ParseCount trims, then takes exactly `true` or `false`: `True` is refused.
        const v = value.trim();
        if (v !== 'true' && v !== 'false') throw graphErrors.invalidQuery(`'${v}' is not a valid count option.`);
        q.count = v === 'true';
        break;
      }
      case '$search':
        q.searchText = value;
        q.search = parseSearch(value);
        break;
      case '$expand':
        q.expand = parseExpand(value);
        break;
      case '$skiptoken':
        q.skiptoken = value;
        break;
      case '$deltatoken':
        q.deltatoken = value;
        break;
      case '$format':
        if (value.toLowerCase() !== 'json' && value.toLowerCase() !== 'application/json') throw graphErrors.notImplemented(`$format=${value}`);
        break;
    }
  }
  const maxPageSize = readMaxPageSize(req);
  if (maxPageSize !== undefined) q.maxPageSize = maxPageSize;
  return q;
}

/** Query parameters in order, decoded; `+` is a space (form encoding, as clients send it). */
export function rawQuery(url: string): [string, string][] {
  const i = url.indexOf('?');
  if (i < 0) return [];
  const out: [string, string][] = [];
  for (const part of url.slice(i + 1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.push([decode(k), decode(v)]);
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw graphErrors.invalidQuery(`The query string contains an invalid escape: '${s}'.`);
  }
}

/** Splits on commas outside parentheses and quotes: "manager($select=id,displayName),members". */
export function splitList(value: string): string[] {
  return splitRaw(value)
    .map((p) => p.text.trim())
    .filter((s) => s !== '');
}

function parseOrderBy(item: string): OrderByItem {
  const m = /^([A-Za-z_][\w./]*)(?:\s+(asc|desc))?$/i.exec(item.trim());
  if (!m) throw graphErrors.invalidQuery(`Syntax error in $orderby: '${item}'.`);
  return { property: m[1]!, desc: (m[2] ?? '').toLowerCase() === 'desc' };
}

const INT64_MAX = 9_223_372_036_854_775_807n;

/** $top and $skip: a non-negative Int64, as ODataLib reads them. */
function parseIntOption(name: string, value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || BigInt(text) > INT64_MAX) throw graphErrors.invalidIntegerOption(name, value);
  return Number(text);
}

/**
 * The items of $select, $expand or $orderby (commas outside parentheses and quotes), refusing an
 * empty one as ODataLib does: in $select/$expand an item must start with an identifier ("An
 * identifier was expected at position n.", n where the lexer stands), though one trailing comma
 * is tolerated; in $orderby each item must be an expression, a trailing comma included.
 * Only white space is no option at all.
 */
function splitItems(value: string, option: 'select' | 'expand' | 'orderby'): string[] {
  if (value.trim() === '') return [];
  const pieces = splitRaw(value);
  pieces.forEach((p, i) => {
    if (p.text.trim() !== '') return;
    const trailing = i === pieces.length - 1;
    if (trailing && option !== 'orderby') return;
    const at = value.slice(p.start).search(/\S/);
    const pos = at < 0 ? value.length : p.start + at;
    throw graphErrors.invalidQuery(option === 'orderby' ? `Expression expected at position ${pos} in '${value}'.` : `An identifier was expected at position ${pos}.`);
  });
  return pieces.map((p) => p.text.trim()).filter((s) => s !== '');
}

function splitRaw(value: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push({ text: value.slice(start, i), start });
      start = i + 1;
    }
  }
  out.push({ text: value.slice(start), start });
  return out;
}

function parseExpand(value: string): ExpandItem[] {
  return splitItems(value, 'expand').map((item) => {
    const m = /^([A-Za-z_][\w.]*)(?:\((.*)\))?$/.exec(item);
    if (!m) throw graphErrors.invalidQuery(`Syntax error in $expand: '${item}'.`);
    const out: ExpandItem = { property: m[1]! };
    if (m[2] !== undefined && m[2].trim() !== '') {
      for (const opt of m[2].split(';')) {
        const eq = opt.indexOf('=');
        const k = opt.slice(0, eq < 0 ? undefined : eq).trim().toLowerCase();
        if (k === '$select' && eq > 0) out.select = splitList(opt.slice(eq + 1));
        else throw graphErrors.notImplemented(`$expand option '${opt.trim()}' in '${item}' (only $select is supported inside $expand)`);
      }
    }
    return out;
  });
}
