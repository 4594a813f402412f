import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Ids } from '../../shared/ids.js';
import type { MemberType } from '../../store/types.js';
import { graphErrors } from '../errors.js';
import { canonical, type CollectionSpec, type Resource } from '../odata/collection.js';
import { collectionContext, selfLink } from '../odata/links.js';
import { readODataQuery } from '../odata/query-options.js';
import { decodeSyncStateToken, encodeSyncStateToken, readSyncState } from '../odata/sync-state-token.js';

// Delta queries for users and groups (graph-docs user-delta.md, group-delta.md). A round starts
// without a token and pages with @odata.nextLink ($skiptoken) until a page carries
// @odata.deltaLink ($deltatoken). The token names a snapshot of what the caller has seen (per
// object a hash of its selected properties, and for groups its members), so a later call returns
// exactly what changed since, from any source (Graph writes, admin imports): changed and new
// objects in full, deleted ones as {id, "@removed": {"reason": "changed"}}, and for groups
// `members@delta` with added members and removed ones marked "@removed". `$deltatoken=latest`
// starts from now with no objects.
//
// Snapshots are sync states in the shared store (src/store/sync-states/, kinds 'users' and
// 'groups'), so a deltaLink or nextLink survives a restart; tokens are the shared
// `<state id>.<check>` (src/graph/odata/sync-state-token.ts), bound to the tenant, the kind, the
// $select and page-or-delta. Anything refused (garbage, altered, another tenant's or query's,
// pruned, expired) keeps the Azure AD answers it always had: 400 Request_BadRequest
// (invalidDeltaToken / invalidSkipToken), whose advice is to start a new round. A $skiptoken is
// single-use, as before. A reset clears the states (every sync_states row has a tenant_id).
//
// States of one client's sync form a chain: the first round's deltaLink, the deltaLink of the
// round started from it, and so on. Storage is bounded by keeping the newest KEEP_DELTA deltaLinks
// of a chain and dropping any state older than seven days. That is safe: Microsoft documents that
// directory deltaLinks expire after seven days (devblogs "Duration of change tracking tokens for
// identity and education resources", 2020: seven days, then a full resync), and that a client
// resumes from the newest deltaLink it was given; a client holding an older one gets the same 400
// as for an expired one and resyncs from scratch, which every delta client must handle anyway, and
// which returns a complete, correct picture. A round's remaining changes are stored once (a
// 'round' state) and each nextLink is a small cursor into it, so a round of n changes writes O(n).

export interface DeltaObject {
  id: string;
  resource: Resource;
  /** Groups: current members (they appear as members@delta). */
  members?: readonly { id: string; type: MemberType }[];
}

/** Object id → [hash of its selected properties and members, its members as "type:id"]. */
type Entries = Record<string, [hash: string, members?: string[]]>;

/** A deltaLink: the snapshot the client holds. */
interface DeltaData {
  t: 'delta';
  selectKey: string;
  entries: Entries;
}
/** A round in progress: every change of the round, and the snapshot its deltaLink will name. */
interface RoundData {
  t: 'round';
  selectKey: string;
  items: Resource[];
  entries: Entries;
}
/** A nextLink: where in its round the next page starts. */
interface PageData {
  t: 'page';
  selectKey: string;
  round: string;
  offset: number;
}

type Kind = 'users' | 'groups';

const PAGE_SIZE = 100;
const KEEP_DELTA = 8;
/** Live rounds (and their nextLinks) per chain: one, unless the client runs rounds side by side. */
const KEEP_ROUNDS = 4;
const MAX_AGE_MS = 7 * 86_400_000;

interface Round {
  req: FastifyRequest;
  tenantId: string;
  kind: Kind;
  selectKey: string;
  context: string;
  chain: string;
}

export class DeltaTracker {
  // No state of its own: everything lives in the sync-state store.
  constructor(private readonly ids: Ids) {}

  async respond(req: FastifyRequest, tenantId: string, kind: Kind, spec: CollectionSpec, current: readonly DeltaObject[]) {
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
    const store = req.graph.ctx.s.stores.syncStates;
    const now = req.graph.ctx.s.clock.now();
    const read = async <T>(token: string, which: 'skip' | 'delta') => {
      const r = await readSyncState<T>(store, { tenantId, kind, token, binding: binding(which, tenantId, kind, selectKey), now, maxAgeMs: MAX_AGE_MS });
      return r.ok ? r.state : undefined;
    };

    if (q.skiptoken !== undefined) {
      // Single use: the page state is taken (read and deleted in one store call), so of two
      // concurrent requests with the same token exactly one is served.
      const id = decodeSyncStateToken(q.skiptoken, binding('skip', tenantId, kind, selectKey));
      const page = id === undefined ? undefined : await store.take<PageData>(tenantId, kind, id);
      if (!page || page.createdMs < now - MAX_AGE_MS || page.data.t !== 'page' || page.data.selectKey !== selectKey) throw graphErrors.invalidSkipToken();
      const round = await store.get<RoundData>(tenantId, kind, page.data.round);
      if (!round || round.data.t !== 'round' || round.createdMs < now - MAX_AGE_MS) throw graphErrors.invalidSkipToken();
      return this.page({ req, tenantId, kind, selectKey, context, chain: page.chain.replace(/\/pages$/, '') }, round.data.items, round.data.entries, page.data.offset, round.id);
    }

    const project = (o: DeltaObject): Resource => {
      const out: Resource = {};
      if (o.resource['@odata.type']) out['@odata.type'] = o.resource['@odata.type'];
      for (const k of keys) out[k] = o.resource[k] ?? null;
      if (!('id' in out)) out.id = o.id;
      return out;
    };
    const baseline: Entries = {};
    for (const o of current) {
      const h = hash(project(o), o.members);
      baseline[o.id] = o.members ? [h, o.members.map((m) => `${m.type}:${m.id}`)] : [h];
    }

    if (q.deltatoken?.toLowerCase() === 'latest') return this.page({ req, tenantId, kind, selectKey, context, chain: this.ids.token(16) }, [], baseline, 0);
    let previous: Entries | undefined;
    let chain = this.ids.token(16);
    if (q.deltatoken !== undefined) {
      const st = await read<DeltaData>(q.deltatoken, 'delta');
      if (!st || st.data.t !== 'delta' || st.data.selectKey !== selectKey) throw graphErrors.invalidDeltaToken();
      previous = st.data.entries;
      chain = st.chain;
    }

    const changes: Resource[] = [];
    for (const o of current) {
      const before = previous?.[o.id];
      if (before && before[0] === baseline[o.id]![0]) continue;
      const item = project(o);
      if (o.members) item['members@delta'] = membersDelta(o.members, before ? new Set(before[1] ?? []) : undefined);
      changes.push(item);
    }
    for (const id of Object.keys(previous ?? {})) {
      if (!(id in baseline)) {
        changes.push({ ...(kind === 'groups' ? { '@odata.type': '#microsoft.graph.group' } : {}), id, '@removed': { reason: 'changed' } });
      }
    }
    return this.page({ req, tenantId, kind, selectKey, context, chain }, changes, baseline, 0);
  }

  /** Answers the page of `items` at `offset`, storing what its nextLink or deltaLink stands for. */
  private async page(r: Round, items: Resource[], entries: Entries, offset: number, roundId?: string) {
    const store = r.req.graph.ctx.s.stores.syncStates;
    const now = r.req.graph.ctx.s.clock.now();
    const put = async (chain: string, keep: number, data: DeltaData | RoundData | PageData) => {
      const id = this.ids.token(16);
      await store.put({ tenantId: r.tenantId, kind: r.kind, id, chain, createdMs: now, data }, keep);
      return id;
    };
    const value = items.slice(offset, offset + PAGE_SIZE);
    const next = offset + PAGE_SIZE;
    if (next < items.length) {
      const round = roundId ?? (await put(`${r.chain}/round`, KEEP_ROUNDS, { t: 'round', selectKey: r.selectKey, items, entries }));
      const id = await put(`${r.chain}/pages`, KEEP_ROUNDS, { t: 'page', selectKey: r.selectKey, round, offset: next });
      const token = encodeSyncStateToken(id, binding('skip', r.tenantId, r.kind, r.selectKey));
      return { '@odata.context': r.context, '@odata.nextLink': selfLink(r.req, { $deltatoken: undefined, $skiptoken: token }), value };
    }
    const id = await put(r.chain, KEEP_DELTA, { t: 'delta', selectKey: r.selectKey, entries });
    if (roundId) await store.delete(r.tenantId, r.kind, roundId);
    await store.prune(r.tenantId, r.kind, now - MAX_AGE_MS);
    const token = encodeSyncStateToken(id, binding('delta', r.tenantId, r.kind, r.selectKey));
    return { '@odata.context': r.context, '@odata.deltaLink': selfLink(r.req, { $skiptoken: undefined, $deltatoken: token }), value };
  }
}

const binding = (which: 'skip' | 'delta', tenantId: string, kind: Kind, selectKey: string) => ['directory', which, tenantId, kind, selectKey];

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
