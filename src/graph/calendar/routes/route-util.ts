import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { queryCollection, type CollectionSpec, type Resource } from '../../odata/collection.js';
import { collectionContext, encodeSkipToken, fingerprint, selfLink } from '../../odata/links.js';
import { readODataQuery, type ODataQuery } from '../../odata/query-options.js';
import { graphErrors } from '../../errors.js';
import type { MailboxAccess } from '../access.js';
import { eventView, eventViewJson, type ViewOptions } from '../model/event-view.js';
import type { Instance } from '../service/expand.js';
import { applyPreferences, readPreferences, type OutlookPreferences } from '../time/date-time.js';

// Shared by the calendar routes: registering one handler for its /me and /users/{id} paths,
// the view options a caller's access and Prefer header give, and paging event lists.

export type Params = { id?: string; cid?: string; eid?: string; pid?: string };
export type Req = FastifyRequest<{ Params: Params }>;

/** Registers `handler` on `/me<path>` and `/users/:id<path>`. */
export function both(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, handler: (req: Req, reply: FastifyReply) => Promise<unknown>): void {
  for (const prefix of ['/me', '/users/:id']) app.route({ method, url: `${prefix}${path}`, handler: handler as unknown as RouteHandlerMethod });
}

/** The three addresses of an event collection: /events, /calendar/events, /calendars/{cid}/events. */
export const COLLECTIONS = ['', '/calendar', '/calendars/:cid'] as const;

export function viewOptions(access: MailboxAccess, prefs: OutlookPreferences): ViewOptions {
  return { zone: prefs.zone, bodyType: prefs.bodyContentType, canViewPrivate: access.canViewPrivate, basic: access.basic };
}

/** `users('{id}')/…` as Graph names the entity set in @odata.context. */
export function entitySet(req: Req, access: MailboxAccess, rest: string): string {
  return req.params.id === undefined ? `me/${rest}` : `users('${access.owner.id}')/${rest}`;
}

export function preferences(req: FastifyRequest, reply: FastifyReply, opts: { body?: boolean } = {}): OutlookPreferences {
  const p = readPreferences(req);
  applyPreferences(reply, p, opts);
  return p;
}

/**
 * A page of events: $filter/$select/$top/$skip/$count through the shared OData code; $orderby here,
 * because the sortable properties are nested (start/dateTime) and their values are in one zone.
 */
export async function eventPage(req: FastifyRequest, spec: CollectionSpec, items: Resource[], prefs: OutlookPreferences): Promise<Resource> {
  const q = readODataQuery(req);
  const order = q.orderby ?? [];
  if (order.length) {
    const keys = order.map((o) => {
      const path = o.property.split('/');
      const known = Object.keys(spec.properties).find((k) => k.toLowerCase() === o.property.toLowerCase());
      if (!known || !spec.properties[known]!.orderby) throw graphErrors.sortingNotSupported();
      return { path, desc: o.desc };
    });
    const get = (r: Resource, path: string[]) => path.reduce<unknown>((v, seg) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[Object.keys(v as object).find((k) => k.toLowerCase() === seg.toLowerCase()) ?? seg] : undefined), r);
    items = [...items].sort((a, b) => {
      for (const k of keys) {
        const x = get(a, k.path) as string | number | boolean | null | undefined;
        const y = get(b, k.path) as string | number | boolean | null | undefined;
        const d = x == null ? (y == null ? 0 : 1) : y == null ? -1 : typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : x < y ? -1 : x > y ? 1 : 0;
        if (d) return k.desc ? -d : d;
      }
      return 0;
    });
  }
  const page = await queryCollection(req, { ...spec, pageSize: prefs.maxPageSize ?? spec.pageSize }, items, { query: { ...q, orderby: undefined }, contextEntitySet: spec.entitySet });
  return page as unknown as Resource;
}

/** No option but paging-free defaults: the page can be assembled from cached JSON. */
function plain(q: ODataQuery): boolean {
  return q.select === undefined && q.filter === undefined && q.orderby === undefined && q.top === undefined && q.skip === undefined && q.count === undefined && q.search === undefined && q.expand === undefined && q.skiptoken === undefined && q.deltatoken === undefined;
}

/**
 * A page of instances (calendarView, instances). The common case, a first page without OData
 * options (a room display polling its day), is written from each event's cached JSON, byte for
 * byte what queryCollection would answer; anything else goes through eventPage.
 */
export async function instancePage(req: FastifyRequest, reply: FastifyReply, spec: CollectionSpec, instances: Instance[], opts: ViewOptions, prefs: OutlookPreferences): Promise<unknown> {
  const q = readODataQuery(req);
  if (!plain(q)) return eventPage(req, spec, instances.map((i) => eventView(i, opts)), prefs);
  const size = prefs.maxPageSize ?? spec.pageSize;
  const page = instances.length > size ? instances.slice(0, size) : instances;
  let head = `{"@odata.context":${JSON.stringify(collectionContext(req, spec.entitySet))}`;
  if (instances.length > size) {
    // The token queryCollection issues and accepts for this query's next page.
    const fp = fingerprint([req.url.split('?')[0]!.toLowerCase(), undefined, undefined, undefined, undefined, undefined, undefined]);
    head += `,"@odata.nextLink":${JSON.stringify(selfLink(req, { $skip: undefined, $skiptoken: encodeSkipToken(size, fp) }))}`;
  }
  const body = `${head},"value":[${page.map((i) => eventViewJson(i, opts)).join(',')}]}`;
  return reply.type('application/json; charset=utf-8').send(body);
}
