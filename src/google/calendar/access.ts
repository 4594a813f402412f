import type { FastifyRequest } from 'fastify';
import type { CalendarRole, GoogleCalendarRecord } from '../../store/google/types.js';
import type { GoogleContext } from '../context.js';
import { googleErrors } from '../errors.js';
import { principal, stateOf } from '../pipeline.js';
import { emailDomain, type Principal } from '../principal.js';

// What a caller may do with a calendar: the best of the ACL rules that match them (user, their
// groups, their domain, default), capped by what each of the token's scopes reaches. Google's six
// roles, lowest to highest. A super admin is owner of every resource calendar (admins manage
// resources; seed: "a super admin account has access to all calendars automatically").

export const RANK: Record<CalendarRole, number> = { none: 0, freeBusyReader: 1, reader: 2, writerWithoutPrivateAccess: 3, writer: 4, owner: 5 };
const minRole = (a: CalendarRole, b: CalendarRole): CalendarRole => (RANK[a] <= RANK[b] ? a : b);

export async function baseRole(g: GoogleContext, p: Principal, cal: GoogleCalendarRecord): Promise<CalendarRole> {
  if (cal.kind === 'resource' && p.isAdmin) return 'owner';
  let best: CalendarRole = 'none';
  let groups: string[] | undefined;
  for (const rule of await g.stores.calendars.listAcl(p.tenantId, cal.id)) {
    if (RANK[rule.role] <= RANK[best]) continue;
    let match = false;
    if (rule.scopeType === 'default') match = true;
    else if (rule.scopeType === 'user') match = rule.scopeValue === p.email;
    else if (rule.scopeType === 'domain') match = rule.scopeValue === emailDomain(p.email);
    else if (rule.scopeType === 'group') {
      groups ??= await g.stores.directory.groupsOf(p.tenantId, p.email);
      match = groups.includes(rule.scopeValue ?? '');
    }
    if (match) best = rule.role;
  }
  return best;
}

/** The role a scope lets a token use on this calendar (tenantbox's reading of each scope's reach). */
async function capByScope(g: GoogleContext, scope: string, role: CalendarRole, cal: GoogleCalendarRecord, p: Principal): Promise<CalendarRole> {
  switch (scope.replace('https://www.googleapis.com/auth/', '')) {
    case 'calendar.events.owned':
    case 'calendar.events.owned.readonly':
      return role === 'owner' ? role : 'none';
    case 'calendar.app.created':
      return cal.createdByClientId === p.clientId ? role : 'none';
    case 'calendar.events.freebusy':
      return minRole(role, 'freeBusyReader');
    case 'calendar.events.public.readonly': {
      const pub = (await g.stores.calendars.listAcl(p.tenantId, cal.id)).find((r) => r.scopeType === 'default')?.role ?? 'none';
      return minRole(role, minRole(pub, 'reader'));
    }
    default:
      return role;
  }
}

export interface Access {
  role: CalendarRole;
  /** Role before scope caps (what calendarList shows as accessRole). */
  base: CalendarRole;
}

/** The caller's access to a calendar under the request's scopes; records the scope that gave it. */
export async function accessTo(g: GoogleContext, req: FastifyRequest, cal: GoogleCalendarRecord): Promise<Access> {
  const p = principal(req);
  const st = stateOf(req);
  const base = await baseRole(g, p, cal);
  let role: CalendarRole = 'none';
  let by: string | null = st.allowedHeld[0] ?? null;
  for (const scope of st.allowedHeld) {
    const r = await capByScope(g, scope, base, cal, p);
    if (RANK[r] > RANK[role]) {
      role = r;
      by = scope;
    }
  }
  st.permission = by;
  return { role, base };
}

/** Looks a calendar up ('primary' = the caller's own); one the caller cannot see is 404, as Google answers. */
export async function loadCalendar(g: GoogleContext, req: FastifyRequest, calendarId: string): Promise<{ cal: GoogleCalendarRecord; access: Access }> {
  const p = principal(req);
  const id = calendarId === 'primary' ? p.email : calendarId.toLowerCase();
  const cal = await g.stores.calendars.getCalendar(p.tenantId, id);
  if (!cal) {
    stateOf(req).policy = 'calendar-not-found';
    throw googleErrors.notFound();
  }
  const access = await accessTo(g, req, cal);
  if (access.role === 'none') {
    stateOf(req).policy = 'calendar-acl';
    throw googleErrors.notFound();
  }
  return { cal, access };
}

/** Refuses a write (or ACL read) below `needed`: 403 requiredAccessLevel naming writer or owner. */
export function requireRole(req: FastifyRequest, access: Access, needed: CalendarRole): void {
  if (RANK[access.role] >= RANK[needed]) return;
  stateOf(req).policy = 'calendar-acl';
  throw googleErrors.requiredAccessLevel(needed === 'owner' ? 'owner' : 'writer');
}
