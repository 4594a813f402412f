import type { FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { evaluateFilter, getProperty } from './filter-eval.js';
import type { FilterNode } from './filter-parser.js';
import { collectionContext, decodeSkipToken, encodeSkipToken, entityContext, fingerprint, selfLink } from './links.js';
import { readODataQuery, type ODataQuery } from './query-options.js';
import { matchesSearch, searchTerms } from './search.js';

// A route describes what its collection supports once (CollectionSpec) and hands its resources,
// already in Graph's JSON shape, to `queryCollection`. That applies $filter, $search, $orderby,
// $count, $top/$skip and $skiptoken paging, $expand and $select, and builds the body with
// `@odata.context`, `@odata.count` and `@odata.nextLink`. Anything the spec does not allow is
// refused with Graph's 400 (or a 501 naming what tenantbox lacks), never ignored.

export type FilterOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'in' | 'startswith' | 'endswith' | 'contains' | 'any' | 'all';

export interface PropertySpec {
  /** Operators allowed in $filter. */
  filter?: readonly FilterOp[];
  /** Operators allowed only as a directory advanced query (ConsistencyLevel: eventual + $count=true). */
  advancedFilter?: readonly FilterOp[];
  orderby?: 'basic' | 'advanced';
  search?: boolean;
}

export type Resource = Record<string, unknown>;

export interface ExpandSpec {
  /** Resolves the expanded value for one resource (an object, null, or an array). */
  load(item: Resource, select: readonly string[] | undefined): Promise<unknown>;
}

export interface CollectionSpec {
  /** microsoft.graph.<type>, e.g. 'user'. */
  type: string;
  /** How directory errors name the resource, e.g. 'User'. */
  resourceName: string;
  /** The entity set in `@odata.context`, e.g. 'users' or 'directoryObjects'. */
  entitySet: string;
  /** Every property of the resource (all selectable), with what each supports. */
  properties: Record<string, PropertySpec>;
  /** Returned when there is no $select (Graph's default property set); all properties when absent. */
  defaultSelect?: readonly string[] | ((item: Resource) => readonly string[]);
  /** Always returned, even with $select (Outlook returns id and @odata.etag). */
  alwaysSelect?: readonly string[];
  pageSize: number;
  maxTop: number;
  /**
   * A `$top` above maxTop: the directory refuses it (400 Invalid page size); Outlook's calendar
   * answers with at most maxTop (a calendarView with $top=1000000 does not fail:
   * microsoft-graph-docs#12653).
   */
  topAboveMax?: 'refuse' | 'cap';
  skip: boolean;
  count: boolean;
  search: boolean;
  /** Directory rules: $count, $search and advanced operators need `ConsistencyLevel: eventual`. */
  directoryAdvancedQueries: boolean;
  expand?: Record<string, ExpandSpec>;
  /** The order without $orderby (paging needs a stable one). */
  defaultOrder?: (a: Resource, b: Resource) => number;
}

export interface CollectionPage {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Resource[];
}

export async function queryCollection(req: FastifyRequest, spec: CollectionSpec, items: readonly Resource[], opts: { contextEntitySet?: string; query?: ODataQuery } = {}): Promise<CollectionPage> {
  const q = opts.query ?? readODataQuery(req);
  if (q.deltatoken !== undefined) throw graphErrors.queryOptionNotSupported('$deltatoken');
  const select = resolveSelect(spec, q.select);
  const advanced = q.eventual && q.count === true;

  if (q.count !== undefined) {
    if (!spec.count) throw graphErrors.queryOptionNotSupported('$count');
    if (spec.directoryAdvancedQueries && q.count && !q.eventual) throw graphErrors.countNeedsConsistencyLevel(false);
  }
  if (q.search) {
    if (!spec.search) throw graphErrors.queryOptionNotSupported('$search');
    if (spec.directoryAdvancedQueries && !q.eventual) throw graphErrors.searchNeedsConsistencyLevel();
    for (const t of searchTerms(q.search)) {
      const name = t.property === null ? null : canonical(spec, t.property);
      if (t.property !== null && (!name || !spec.properties[name]!.search)) {
        throw graphErrors.unsupportedQuery(`$search is not supported on property '${t.property}' of resource '${spec.resourceName}'.`);
      }
      if (name) t.property = name;
    }
  }
  if (q.filter) checkFilter(q.filter, spec, advanced);
  const orderby = (q.orderby ?? []).map((o) => {
    const name = canonical(spec, o.property);
    if (!name) throw graphErrors.unknownProperty(o.property, spec.type);
    const ps = spec.properties[name]!;
    if (!ps.orderby || (ps.orderby === 'advanced' && !advanced)) throw graphErrors.sortingNotSupported();
    return { property: name, desc: o.desc };
  });
  // The directory sorts a filtered result only as an advanced query.
  if (spec.directoryAdvancedQueries && orderby.length && (q.filter || q.search) && !advanced) throw graphErrors.sortingNotSupported();
  if (q.top !== undefined && (q.top < 1 || (q.top > spec.maxTop && spec.topAboveMax !== 'cap'))) throw graphErrors.invalidPageSize(q.topText ?? String(q.top), spec.maxTop);
  if (q.skip !== undefined && !spec.skip) throw graphErrors.skipNotSupported();
  const expand = resolveExpand(spec, q);

  let rows = q.filter ? items.filter((it) => evaluateFilter(q.filter!, it)) : [...items];
  if (q.search) {
    const defaults = Object.keys(spec.properties).filter((p) => spec.properties[p]!.search);
    rows = rows.filter((it) => matchesSearch(q.search!, it, defaults));
  }
  if (orderby.length) rows.sort((a, b) => compareBy(a, b, orderby));
  else if (spec.defaultOrder) rows.sort(spec.defaultOrder);

  // $skip is consumed into the first $skiptoken (nextLinks drop it), so it is not part of the fingerprint.
  const fp = fingerprint([req.url.split('?')[0]!.toLowerCase(), q.filterText, q.searchText, q.orderby, q.select, q.top, q.expand]);
  const offset = q.skiptoken !== undefined ? decodeSkipToken(q.skiptoken, fp) : (q.skip ?? 0);
  const size = q.top !== undefined ? Math.min(q.top, spec.maxTop) : spec.pageSize;
  const page = rows.slice(offset, offset + size);
  const value = await Promise.all(page.map((it) => shape(spec, it, select, expand)));

  // Key order as Graph writes it: context, count, nextLink, value.
  const body = { '@odata.context': collectionContext(req, opts.contextEntitySet ?? spec.entitySet, select ?? undefined) } as CollectionPage;
  if (q.count) body['@odata.count'] = rows.length;
  if (offset + size < rows.length) body['@odata.nextLink'] = selfLink(req, { $skip: undefined, $skiptoken: encodeSkipToken(offset + size, fp) });
  body.value = value;
  return body;
}

/** One resource: only $select and $expand apply. */
export async function entityResult(req: FastifyRequest, spec: CollectionSpec, item: Resource, opts: { contextEntitySet?: string } = {}): Promise<Resource> {
  const q = readODataQuery(req);
  for (const [opt, v] of [['$filter', q.filter], ['$orderby', q.orderby], ['$top', q.top], ['$skip', q.skip], ['$search', q.search], ['$count', q.count], ['$skiptoken', q.skiptoken], ['$deltatoken', q.deltatoken]] as const) {
    if (v !== undefined) throw graphErrors.queryOptionNotSupported(opt);
  }
  const select = resolveSelect(spec, q.select);
  const shaped = await shape(spec, item, select, resolveExpand(spec, q));
  return { '@odata.context': entityContext(req, opts.contextEntitySet ?? spec.entitySet, select ?? undefined), ...shaped };
}

/** Canonical property name (case-insensitive match), or undefined. */
export function canonical(spec: CollectionSpec, name: string): string | undefined {
  if (spec.properties[name]) return name;
  const lower = name.toLowerCase();
  return Object.keys(spec.properties).find((k) => k.toLowerCase() === lower);
}

/** The $select list in canonical names, or null for "the default set" (no $select, or `*`). */
function resolveSelect(spec: CollectionSpec, select: readonly string[] | undefined): string[] | null {
  if (!select || select.length === 0 || (select.length === 1 && select[0] === '*')) return null;
  return select.map((s) => {
    const name = canonical(spec, s);
    if (!name) throw graphErrors.unknownProperty(s, spec.type);
    return name;
  });
}

function resolveExpand(spec: CollectionSpec, q: ODataQuery): { property: string; spec: ExpandSpec; select?: string[] }[] {
  return (q.expand ?? []).map((e) => {
    const key = Object.keys(spec.expand ?? {}).find((k) => k.toLowerCase() === e.property.toLowerCase());
    if (!key) throw graphErrors.notImplemented(`$expand=${e.property} on ${spec.entitySet} (tenantbox expands ${Object.keys(spec.expand ?? {}).join(', ') || 'nothing'} here)`);
    return { property: key, spec: spec.expand![key]!, select: e.select };
  });
}

async function shape(spec: CollectionSpec, item: Resource, select: readonly string[] | null, expand: ReturnType<typeof resolveExpand>): Promise<Resource> {
  const out: Resource = {};
  if (typeof item['@odata.type'] === 'string') out['@odata.type'] = item['@odata.type'];
  for (const k of spec.alwaysSelect ?? []) out[k] = item[k] ?? null;
  const keys = select ?? (typeof spec.defaultSelect === 'function' ? spec.defaultSelect(item) : (spec.defaultSelect ?? Object.keys(spec.properties)));
  for (const k of keys) out[k] = item[k] ?? null;
  for (const e of expand) out[e.property] = await e.spec.load(item, e.select);
  return out;
}

function compareBy(a: Resource, b: Resource, order: { property: string; desc: boolean }[]): number {
  for (const o of order) {
    const x = getProperty(a, o.property);
    const y = getProperty(b, o.property);
    let d: number;
    if (x == null || y == null) d = x == null ? (y == null ? 0 : 1) : -1; // nulls last
    else if (typeof x === 'string' && typeof y === 'string') d = x.localeCompare(y, 'en', { sensitivity: 'base' });
    else d = x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return o.desc ? -d : d;
  }
  return 0;
}

function checkFilter(node: FilterNode, spec: CollectionSpec, advanced: boolean, lambdaVars: Set<string> = new Set()): void {
  const check = (segments: readonly string[], op: FilterOp) => {
    if (lambdaVars.has(segments[0]!)) return; // inside any()/all(): checked at the collection
    const path = segments.join('/');
    const name = canonical(spec, path);
    if (!name) throw graphErrors.unknownProperty(path, spec.type);
    const ps = spec.properties[name]!;
    if (ps.filter?.includes(op)) return;
    if (ps.advancedFilter?.includes(op)) {
      if (advanced) return;
      throw graphErrors.advancedQueryRequired(`Operator '${op}'`);
    }
    throw graphErrors.unsupportedFilter(path, spec.resourceName);
  };
  switch (node.type) {
    case 'and':
    case 'or':
      checkFilter(node.left, spec, advanced, lambdaVars);
      checkFilter(node.right, spec, advanced, lambdaVars);
      return;
    case 'not':
      if (spec.directoryAdvancedQueries && !advanced) throw graphErrors.advancedQueryRequired("Operator 'not'");
      checkFilter(node.operand, spec, advanced, lambdaVars);
      return;
    case 'compare':
      if (node.left.type !== 'path') throw graphErrors.unsupportedQuery(`The left side of '${node.op}' must be a property of resource '${spec.resourceName}'.`);
      if (node.right.type !== 'literal') throw graphErrors.unsupportedQuery(`The right side of '${node.op}' must be a literal value.`);
      check(node.left.segments, node.op);
      return;
    case 'in':
      if (node.left.type !== 'path') throw graphErrors.unsupportedQuery(`The left side of 'in' must be a property of resource '${spec.resourceName}'.`);
      check(node.left.segments, 'in');
      return;
    case 'call': {
      const [target, arg] = node.args;
      if (target?.type !== 'path' || arg?.type !== 'literal') throw graphErrors.unsupportedQuery(`${node.name}() takes a property and a literal.`);
      check(target.segments, node.name);
      return;
    }
    case 'lambda':
      check(node.collection, node.op);
      if (node.predicate) checkFilter(node.predicate, spec, advanced, new Set([...lambdaVars, node.variable!]));
      return;
    case 'path':
      // A bare boolean property (`$filter=accountEnabled`) is `eq true`.
      check(node.segments, 'eq');
      return;
    case 'literal':
      throw graphErrors.unsupportedQuery('A $filter must compare a property; a literal alone is not a filter.');
  }
}
