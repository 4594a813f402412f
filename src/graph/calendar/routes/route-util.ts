import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { queryCollection, type CollectionSpec, type Resource } from '../../odata/collection.js';
import { readODataQuery } from '../../odata/query-options.js';
import { graphErrors } from '../../errors.js';
import type { MailboxAccess } from '../access.js';
import type { ViewOptions } from '../model/event-view.js';
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
