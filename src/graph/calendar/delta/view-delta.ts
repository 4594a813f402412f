import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../shared/services.js';
import { calendarViewStates, type CalendarDeltaState, type CalendarDeltaStore } from '../../../store/sync-states/calendar-view.js';
import type { CalendarRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import type { Resource } from '../../odata/collection.js';
import { metadataUrl } from '../../odata/links.js';
import { readODataQuery } from '../../odata/query-options.js';
import type { MailboxAccess } from '../access.js';
import { eventView, type ViewOptions } from '../model/event-view.js';
import { expandRange, type Instance } from '../service/expand.js';
import type { OutlookPreferences } from '../time/date-time.js';
import { decodeSyncToken, encodeSyncToken, type TokenScope } from './sync-token.js';

// calendarView delta (graph-docs api/event-delta.md, v1.0; concepts/delta-query-events.md "Get
// incremental changes to events in a calendar view"):
// - the first request names the window (startDateTime, endDateTime; calendarView's 400 without
//   them); the tokens encode it, later requests need only the link;
// - pages carry @odata.nextLink (…/delta?$skiptoken=…) while changes remain, the last one
//   @odata.deltaLink (…/delta?$deltatoken=…); Prefer: odata.maxpagesize=N sets the page size;
// - the items are calendarView's: single events, occurrences and exceptions of series (expanded),
//   in calendarView's shape; a later round returns the ones created or changed since, and those
//   deleted, cancelled-and-removed or moved out of the window as
//   {"@odata.type":"#microsoft.graph.event","id":…,"@removed":{"reason":"deleted"}};
// - $select is not supported on calendarView delta (the concepts page says so), nor any other
//   OData option; @odata.context is `$metadata#Collection(event)` and Preference-Applied carries
//   odata.track-changes, as observed (microsoft-graph-docs#2839).
//
// How changes are found, without touching the event store: each state remembers what the client
// holds, instance id → fingerprint (change key + start + end; a series' occurrences change when
// the master does, as in Exchange). A round diffs the window's current instances against it, so
// creations, updates, deletions and moves out of the window all show, from any writer (Graph,
// the booking attendant, a reset), with no tombstone log. Carrying that set in the token instead
// was rejected: its size grows with the window (a month of a busy calendar is thousands of
// instances), and links must stay short. States are kept as Exchange keeps sync-state
// generations: the newest few of a round (an older one answers 410 SyncStateNotFound, observed
// with "[highest=157][157][155][156]"), and none past 30 days. They live in the shared sync-state
// store (src/store/sync-states/, kind 'calendarView'), which survives restarts; a reset clears it.

/** Graph's default page size for calendarView delta is not documented; calendarView's (10) is used. */
export const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;
const KEEP_GENERATIONS = 4;
const MAX_AGE_MS = 30 * 86_400_000;

export function deltaStore(s: Services): CalendarDeltaStore {
  return calendarViewStates(s.stores.syncStates);
}

export interface DeltaRequest {
  req: FastifyRequest;
  reply: FastifyReply;
  s: Services;
  access: MailboxAccess;
  calendar: CalendarRecord;
  /** The window of a first request (undefined when absent: only a token may stand in for it). */
  window: { from: number; to: number } | undefined;
  view: ViewOptions;
  prefs: OutlookPreferences;
}

function fingerprint(i: Instance): string {
  return createHash('sha1').update(`${i.record.changeKey}\u0001${i.startMs}\u0001${i.endMs}`).digest('base64url').slice(0, 12);
}

export async function calendarViewDelta(d: DeltaRequest): Promise<Resource> {
  const { req, s, access, calendar } = d;
  const q = readODataQuery(req);
  for (const [opt, v] of [['$select', q.select], ['$filter', q.filter], ['$orderby', q.orderby], ['$top', q.top], ['$skip', q.skip], ['$search', q.search], ['$count', q.count], ['$expand', q.expand]] as const) {
    if (v !== undefined) throw graphErrors.queryOptionNotSupported(opt);
  }
  if (q.skiptoken !== undefined && q.deltatoken !== undefined) throw graphErrors.calendarSyncStateInvalid();
  const store = deltaStore(s);
  const tenantId = access.owner.tenantId;
  const scope: TokenScope = { tenantId, ownerId: access.owner.id, calendarId: calendar.id };
  const now = s.clock.now();

  const load = async (token: string, kind: 'skip' | 'delta'): Promise<CalendarDeltaState> => {
    const id = decodeSyncToken(token, kind, scope);
    const st = await store.get(tenantId, id);
    const fresh = st && st.createdMs >= now - MAX_AGE_MS;
    if (!st || !fresh || st.ownerId !== access.owner.id || st.calendarId !== calendar.id || (kind === 'skip') !== (st.pending !== undefined)) throw graphErrors.calendarSyncStateNotFound();
    return st;
  };

  let lineage: string;
  let fromMs: number;
  let toMs: number;
  let seen: Record<string, string>;
  let changed: string[];
  let removed: string[];
  let instances: Instance[];
  if (q.skiptoken !== undefined) {
    const st = await load(q.skiptoken, 'skip');
    ({ lineage, fromMs, toMs, seen } = st);
    ({ changed, removed } = st.pending!);
    instances = await expandRange(s, tenantId, [calendar.id], fromMs, toMs);
  } else {
    let before: Record<string, string> = {};
    if (q.deltatoken !== undefined) {
      const st = await load(q.deltatoken, 'delta');
      ({ lineage, fromMs, toMs } = st);
      before = st.seen;
    } else {
      if (!d.window) throw graphErrors.calendarTimeWindowRequired();
      ({ from: fromMs, to: toMs } = d.window);
      lineage = s.ids.token(16);
    }
    instances = await expandRange(s, tenantId, [calendar.id], fromMs, toMs);
    seen = {};
    changed = [];
    for (const i of instances) {
      const fp = fingerprint(i);
      seen[i.id] = fp;
      if (before[i.id] !== fp) changed.push(i.id);
    }
    removed = Object.keys(before).filter((id) => !(id in seen));
  }

  const size = Math.min(d.prefs.maxPageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const value: Resource[] = [];
  const removedItem = (id: string): Resource => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });
  let c = 0;
  let r = 0;
  while (value.length < size && (c < changed.length || r < removed.length)) {
    if (c < changed.length) {
      const id = changed[c++]!;
      const i = byId.get(id);
      // Gone since the round began: the client learns it now rather than a round later.
      value.push(i ? eventView(i, d.view) : removedItem(id));
    } else {
      value.push(removedItem(removed[r++]!));
    }
  }
  const rest = { changed: changed.slice(c), removed: removed.slice(r) };
  const more = rest.changed.length + rest.removed.length > 0;

  const id = s.ids.token(16);
  await store.put({ tenantId, id, lineage, ownerId: access.owner.id, calendarId: calendar.id, fromMs, toMs, seen, ...(more ? { pending: rest } : {}), createdMs: now }, KEEP_GENERATIONS);
  if (!more) await store.prune(tenantId, now - MAX_AGE_MS);

  const link = `${req.origin}${req.url.split('?')[0]!}?${more ? '$skiptoken' : '$deltatoken'}=${encodeSyncToken(id, more ? 'skip' : 'delta', scope)}`;
  const applied = d.reply.getHeader('preference-applied');
  d.reply.header('preference-applied', applied ? `odata.track-changes, ${String(applied)}` : 'odata.track-changes');
  return {
    '@odata.context': metadataUrl(req, 'Collection(event)'),
    ...(more ? { '@odata.nextLink': link } : { '@odata.deltaLink': link }),
    value,
  };
}
