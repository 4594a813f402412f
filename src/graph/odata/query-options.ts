import type { FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { parseFilter, type FilterNode } from './filter-parser.js';
import { parseSearch, type SearchNode } from './search.js';

// Reads the OData system query options of a request into a typed form. Syntax is checked here
// (400 with Graph's message); whether a collection supports an option is checked against its
// CollectionSpec in collection.ts. An unknown `$option` is refused, never ignored.

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
  /** `ConsistencyLevel: eventual` was sent (directory advanced queries). */
  eventual: boolean;
}

const KNOWN = new Set(['$select', '$filter', '$orderby', '$top', '$skip', '$count', '$search', '$expand', '$skiptoken', '$deltatoken', '$format']);

export function readODataQuery(req: FastifyRequest): ODataQuery {
  const raw = rawQuery(req.url);
  const q: ODataQuery = { eventual: String(req.headers.consistencylevel ?? '').toLowerCase() === 'eventual' };
  for (const [name, value] of raw) {
    const key = name.toLowerCase();
    if (!key.startsWith('$')) continue; // function parameters (startDateTime=…) belong to the route
    if (!KNOWN.has(key)) throw graphErrors.queryOptionNotSupported(name);
    switch (key) {
      case '$select':
        q.select = splitList(value);
        break;
      case '$filter':
        q.filterText = value;
        q.filter = parseFilter(value);
        break;
      case '$orderby':
        q.orderby = splitList(value).map(parseOrderBy);
        break;
      case '$top':
        q.topText = value;
        q.top = parseIntOption(name, value);
        break;
      case '$skip':
        q.skip = parseIntOption(name, value);
        break;
      case '$count':
        if (!/^(true|false)$/i.test(value)) throw graphErrors.invalidQuery(`Invalid value '${value}' for $count; use true or false.`);
        q.count = value.toLowerCase() === 'true';
        break;
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
  const out: string[] = [];
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
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((s) => s !== '');
}

function parseOrderBy(item: string): OrderByItem {
  const m = /^([A-Za-z_][\w./]*)(?:\s+(asc|desc))?$/i.exec(item.trim());
  if (!m) throw graphErrors.invalidQuery(`Syntax error in $orderby: '${item}'.`);
  return { property: m[1]!, desc: (m[2] ?? '').toLowerCase() === 'desc' };
}

function parseIntOption(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw graphErrors.invalidQuery(`Invalid value '${value}' for ${name}; a non-negative integer is expected.`);
  return Number(value.trim());
}

function parseExpand(value: string): ExpandItem[] {
  return splitList(value).map((item) => {
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
