import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Ids } from '../../shared/ids.js';
import type { MemberType } from '../../store/types.js';
import { graphErrors } from '../errors.js';
import { canonical, type CollectionSpec, type Resource } from '../odata/collection.js';
import { collectionContext, selfLink } from '../odata/links.js';
import { readODataQuery } from '../odata/query-options.js';

// Delta queries for users and groups (graph-docs user-delta.md, group-delta.md). A round starts
// without a token and pages with @odata.nextLink ($skiptoken) until a page carries
// @odata.deltaLink ($deltatoken). The token names a snapshot of what the caller has seen (per
// object a hash of its selected properties, and for groups its members), so a later call returns
// exactly what changed since, from any source (Graph writes, admin imports, a reset): changed and
// new objects in full, deleted ones as {id, "@removed": {"reason": "changed"}}, and for groups
// `members@delta` with added members and removed ones marked "@removed". `$deltatoken=latest`
// starts from now with no objects. Snapshots live in memory (the most recent 256 rounds): a token
// from before a restart is refused with Graph's advice to start over.

export interface DeltaObject {
  id: string;
  resource: Resource;
  /** Groups: current members (they appear as members@delta). */
  members?: readonly { id: string; type: MemberType }[];
}

interface Snapshot {
  kind: string;
  selectKey: string;
  entries: Map<string, { hash: string; members?: Set<string> }>;
}

interface Pending {
  kind: string;
  selectKey: string;
  rest: Resource[];
  baseline: Snapshot;
}

const PAGE_SIZE = 100;
const MAX_STATES = 256;

export class DeltaTracker {
  private readonly states = new Map<string, Snapshot | Pending>();

  constructor(private readonly ids: Ids) {}

  async respond(req: FastifyRequest, kind: 'users' | 'groups', spec: CollectionSpec, current: readonly DeltaObject[]) {
    const q = readODataQuery(req);
    for (const [opt, v] of [['$filter', q.filter], ['$orderby', q.orderby], ['$top', q.top], ['$skip', q.skip], ['$search', q.search], ['$count', q.count], ['$expand', q.expand]] as const) {
      if (v !== undefined) throw graphErrors.notImplemented(`${opt} on ${kind}/delta`);
    }
    const select = (q.select ?? []).filter((p) => p !== '*').map((p) => {
      const name = canonical(spec, p);
      if (!name) throw graphErrors.unknownProperty(p, spec.type);
      return name;
    });
    const keys = select.length ? select : typeof spec.defaultSelect === 'object' ? [...spec.defaultSelect] : Object.keys(spec.properties);
    const selectKey = keys.join(',');
    const context = collectionContext(req, spec.entitySet, select.length ? select : undefined);

    if (q.skiptoken !== undefined) {
      const pending = this.states.get(q.skiptoken);
      if (!pending || !('rest' in pending) || pending.kind !== kind || pending.selectKey !== selectKey) throw graphErrors.invalidSkipToken();
      this.states.delete(q.skiptoken);
      return this.page(req, context, kind, selectKey, pending.rest, pending.baseline);
    }

    const project = (o: DeltaObject): Resource => {
      const out: Resource = {};
      if (o.resource['@odata.type']) out['@odata.type'] = o.resource['@odata.type'];
      for (const k of keys) out[k] = o.resource[k] ?? null;
      if (!('id' in out)) out.id = o.id;
      return out;
    };
    const baseline: Snapshot = { kind, selectKey, entries: new Map() };
    for (const o of current) {
      baseline.entries.set(o.id, { hash: hash(project(o), o.members), ...(o.members ? { members: new Set(o.members.map((m) => `${m.type}:${m.id}`)) } : {}) });
    }

    if (q.deltatoken?.toLowerCase() === 'latest') return this.page(req, context, kind, selectKey, [], baseline);
    let previous: Snapshot | undefined;
    if (q.deltatoken !== undefined) {
      const s = this.states.get(q.deltatoken);
      if (!s || 'rest' in s || s.kind !== kind || s.selectKey !== selectKey) throw graphErrors.invalidDeltaToken();
      previous = s;
    }

    const changes: Resource[] = [];
    for (const o of current) {
      const before = previous?.entries.get(o.id);
      const now = baseline.entries.get(o.id)!;
      if (before && before.hash === now.hash) continue;
      const item = project(o);
      if (o.members) item['members@delta'] = membersDelta(o.members, before?.members);
      changes.push(item);
    }
    for (const [id] of previous?.entries ?? []) {
      if (!baseline.entries.has(id)) {
        changes.push({ ...(kind === 'groups' ? { '@odata.type': '#microsoft.graph.group' } : {}), id, '@removed': { reason: 'changed' } });
      }
    }
    return this.page(req, context, kind, selectKey, changes, baseline);
  }

  private page(req: FastifyRequest, context: string, kind: string, selectKey: string, items: Resource[], baseline: Snapshot) {
    const value = items.slice(0, PAGE_SIZE);
    const rest = items.slice(PAGE_SIZE);
    if (rest.length > 0) {
      const token = this.remember({ kind, selectKey, rest, baseline });
      return { '@odata.context': context, '@odata.nextLink': selfLink(req, { $deltatoken: undefined, $skiptoken: token }), value };
    }
    const token = this.remember(baseline);
    return { '@odata.context': context, '@odata.deltaLink': selfLink(req, { $skiptoken: undefined, $deltatoken: token }), value };
  }

  private remember(state: Snapshot | Pending): string {
    const token = this.ids.token(24);
    if (this.states.size >= MAX_STATES) this.states.delete(this.states.keys().next().value!);
    this.states.set(token, state);
    return token;
  }
}

function membersDelta(members: readonly { id: string; type: MemberType }[], before: Set<string> | undefined): Resource[] {
  const now = new Set(members.map((m) => `${m.type}:${m.id}`));
  const out: Resource[] = members.filter((m) => !before?.has(`${m.type}:${m.id}`)).map((m) => ({ '@odata.type': `#microsoft.graph.${m.type}`, id: m.id }));
  for (const key of before ?? []) {
    if (!now.has(key)) {
      const [type, id] = key.split(':') as [string, string];
      out.push({ '@odata.type': `#microsoft.graph.${type}`, id, '@removed': { reason: 'deleted' } });
    }
  }
  return out;
}

function hash(resource: Resource, members: DeltaObject['members']): string {
  const m = members ? members.map((x) => `${x.type}:${x.id}`).sort() : null;
  return createHash('sha1').update(JSON.stringify([resource, m])).digest('base64url');
}
