import type { FastifyRequest } from 'fastify';
import type { GroupRecord, UserRecord } from '../../store/types.js';
import { authorize, type Authorization } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { graphVersion, metadataUrl } from '../odata/links.js';
import { readODataQuery } from '../odata/query-options.js';

// What findRooms and findRoomLists share (graph-docs beta user-findrooms.md, user-findroomlists.md):
// both exist on /beta only (v1.0 has the places API instead), both answer a collection of
// microsoft.graph.emailAddress {name, address}, delegated only (the catalog lists no application
// permission; an app-only token on /me is refused by the pipeline before the route). They are
// Exchange's room finder (Graph forwards them to Microsoft.OutlookServices.findRooms, as the error
// quoted in microsoft-graph-docs#3542 shows), so a denial is Outlook's 403 ErrorAccessDenied [I].

/** "You can get up to the first 100 rooms in the tenant." (user-findrooms.md) */
export const FIND_ROOMS_LIMIT = 100;

export interface EmailAddress {
  name: string;
  address: string;
}

export async function authorizeRoomFinder(req: FastifyRequest, segment: 'findRooms' | 'findRoomLists'): Promise<Authorization> {
  // Not a v1.0 function: Graph's 400 for an unknown segment, before any permission check.
  if (graphVersion(req) === 'v1.0') throw graphErrors.segmentNotFound(segment);
  const auth = await authorize(req, { workload: 'outlook' });
  // Functions returning a collection of a complex type: Graph documents no query options here.
  const q = readODataQuery(req);
  for (const [opt, v] of [['$filter', q.filter], ['$select', q.select], ['$orderby', q.orderby], ['$top', q.top], ['$skip', q.skip], ['$search', q.search], ['$count', q.count], ['$expand', q.expand], ['$skiptoken', q.skiptoken], ['$deltatoken', q.deltatoken]] as const) {
    if (v !== undefined) throw graphErrors.queryOptionNotSupported(opt);
  }
  return auth;
}

export const roomAddress = (u: UserRecord): EmailAddress => ({ name: u.displayName, address: u.mail ?? u.userPrincipalName });
export const roomListAddress = (g: GroupRecord): EmailAddress => ({ name: g.displayName, address: g.mail ?? '' });

/** `{"@odata.context": ".../$metadata#Collection(microsoft.graph.emailAddress)", value}`, sorted by name. */
export function emailAddressCollection(req: FastifyRequest, items: EmailAddress[], limit?: number): Record<string, unknown> {
  const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.address.localeCompare(b.address));
  return { '@odata.context': metadataUrl(req, 'Collection(microsoft.graph.emailAddress)'), value: limit === undefined ? sorted : sorted.slice(0, limit) };
}
