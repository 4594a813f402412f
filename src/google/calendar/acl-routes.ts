import type { FastifyInstance } from 'fastify';
import { CALENDAR_ROLES, type CalendarRole, type GoogleAclRecord, type GoogleCalendarRecord } from '../../store/google/types.js';
import type { GoogleContext } from '../context.js';
import { googleErrors } from '../errors.js';
import { principal } from '../pipeline.js';
import { apiRoute, checkBools, etagOf, fingerprint, int, jsonBody, page, params, query, readPageToken, str } from '../routes-util.js';
import { loadCalendar, requireRole } from './access.js';

// calendar.acl.*: writers may read a calendar's rules, owners change them. A rule is keyed by its
// scope ("user:a@b", "group:g@b", "domain:b", "default"); inserting a rule for a scope that has one
// replaces its role. Nobody changes their own rule. A user given access gets the calendar in their
// calendar list, as Workspace does for people in the domain.

const BASE = '/calendar/v3/calendars/:calendarId/acl';

export function serializeRule(r: GoogleAclRecord) {
  return {
    kind: 'calendar#aclRule',
    etag: etagOf(r.etagSeq),
    id: r.ruleId,
    scope: r.scopeType === 'default' ? { type: 'default' } : { type: r.scopeType, value: r.scopeValue },
    role: r.role,
  };
}

export function registerAclRoutes(app: FastifyInstance, g: GoogleContext): void {
  apiRoute(app, g, 'calendar.acl.list', 'GET', BASE, async (req) => {
    const q = query(req);
    checkBools(q, 'showDeleted');
    int(q, 'maxResults', 100, 1, 250);
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'writer');
    if (str(q, 'syncToken')) throw googleErrors.fullSyncRequired();
    const rules = (await g.stores.calendars.listAcl(cal.tenantId, cal.id)).filter((r) => r.role !== 'none');
    const fp = fingerprint(['acl', cal.id]);
    const pg = page(rules, int(q, 'maxResults', 100, 1, 250), readPageToken(str(q, 'pageToken'), fp), fp);
    return {
      kind: 'calendar#acl',
      etag: etagOf(rules.reduce((m, r) => m + r.etagSeq, 0)),
      ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : { nextSyncToken: Buffer.from(`acl:${g.clock.now()}`).toString('base64url') }),
      items: pg.items.map(serializeRule),
    };
  });

  apiRoute(app, g, 'calendar.acl.get', 'GET', `${BASE}/:ruleId`, async (req) => {
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'writer');
    return serializeRule(await findRule(g, cal, params(req).ruleId!));
  });

  apiRoute(app, g, 'calendar.acl.insert', 'POST', BASE, async (req) => {
    const input = jsonBody(req);
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'owner');
    const role = parseRole(input.role);
    const scope = parseScope(input.scope);
    const ruleId = scope.type === 'default' ? 'default' : `${scope.type}:${scope.value}`;
    if (scope.type === 'user' && scope.value === principal(req).email) throw googleErrors.cannotChangeOwnAcl();
    const existing = (await g.stores.calendars.listAcl(cal.tenantId, cal.id)).find((r) => r.ruleId === ruleId);
    const rule: GoogleAclRecord = { tenantId: cal.tenantId, calendarId: cal.id, ruleId, scopeType: scope.type, ...(scope.value ? { scopeValue: scope.value } : {}), role, etagSeq: (existing?.etagSeq ?? 0) + 1 };
    await g.stores.transaction(async () => {
      await g.stores.calendars.putAcl(rule);
      await addToCalendarList(g, cal, rule);
    });
    return serializeRule(rule);
  });

  for (const [methodId, verb] of [
    ['calendar.acl.patch', 'PATCH'],
    ['calendar.acl.update', 'PUT'],
  ] as const) {
    apiRoute(app, g, methodId, verb, `${BASE}/:ruleId`, async (req) => {
      const input = jsonBody(req);
      const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
      requireRole(req, access, 'owner');
      const existing = await findRule(g, cal, params(req).ruleId!);
      if (input.scope !== undefined) {
        const s = parseScope(input.scope);
        if (s.type !== existing.scopeType || (s.value ?? undefined) !== existing.scopeValue) throw googleErrors.invalid('Invalid scope: the scope of a rule cannot be changed');
      }
      if (existing.scopeType === 'user' && existing.scopeValue === principal(req).email) throw googleErrors.cannotChangeOwnAcl();
      const role = input.role === undefined && verb === 'PATCH' ? existing.role : parseRole(input.role);
      const rule = { ...existing, role, etagSeq: existing.etagSeq + 1 };
      await g.stores.transaction(async () => {
        await g.stores.calendars.putAcl(rule);
        await addToCalendarList(g, cal, rule);
      });
      return serializeRule(rule);
    });
  }

  apiRoute(app, g, 'calendar.acl.delete', 'DELETE', `${BASE}/:ruleId`, async (req, reply) => {
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'owner');
    const rule = await findRule(g, cal, params(req).ruleId!);
    if (rule.scopeType === 'user' && rule.scopeValue === principal(req).email) throw googleErrors.cannotChangeOwnAcl();
    await g.stores.calendars.deleteAcl(cal.tenantId, cal.id, rule.ruleId);
    return reply.code(204).send();
  });
}

async function findRule(g: GoogleContext, cal: GoogleCalendarRecord, ruleId: string): Promise<GoogleAclRecord> {
  const id = ruleId.includes(':') ? `${ruleId.slice(0, ruleId.indexOf(':'))}:${ruleId.slice(ruleId.indexOf(':') + 1).toLowerCase()}` : ruleId;
  const rule = (await g.stores.calendars.listAcl(cal.tenantId, cal.id)).find((r) => r.ruleId === id);
  if (!rule || rule.role === 'none') throw googleErrors.notFound();
  return rule;
}

function parseRole(v: unknown): CalendarRole {
  if (v === undefined) throw googleErrors.required('Missing role.');
  if (typeof v !== 'string' || !CALENDAR_ROLES.includes(v as CalendarRole)) throw googleErrors.invalid('Invalid role.');
  return v as CalendarRole;
}

function parseScope(v: unknown): { type: GoogleAclRecord['scopeType']; value?: string } {
  if (!v || typeof v !== 'object') throw googleErrors.required('Missing scope.');
  const s = v as { type?: unknown; value?: unknown };
  if (s.type === 'default') return { type: 'default' };
  if (s.type !== 'user' && s.type !== 'group' && s.type !== 'domain') throw googleErrors.invalid('Invalid scope type.');
  if (typeof s.value !== 'string' || !s.value.trim()) throw googleErrors.required('Missing scope value.');
  const value = s.value.trim().toLowerCase();
  if (s.type !== 'domain' && !/^[^@\s]+@[^@\s]+$/.test(value)) throw googleErrors.invalid('Invalid scope value.');
  return { type: s.type, value };
}

async function addToCalendarList(g: GoogleContext, cal: GoogleCalendarRecord, rule: GoogleAclRecord): Promise<void> {
  if (rule.scopeType !== 'user' || !rule.scopeValue || rule.role === 'none') return;
  const user = await g.stores.directory.getUser(cal.tenantId, rule.scopeValue);
  if (!user || (await g.stores.calendars.getCalendarListEntry(cal.tenantId, user.primaryEmail, cal.id))) return;
  await g.stores.calendars.putCalendarListEntry({ tenantId: cal.tenantId, principal: user.primaryEmail, calendarId: cal.id, defaultReminders: [], etagSeq: 1 });
}

