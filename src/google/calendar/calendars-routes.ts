import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CalendarRole, GoogleCalendarListRecord, GoogleCalendarRecord } from '../../store/google/types.js';
import { isValidTimeZone } from '../../tenant-file/relative-time.js';
import type { GoogleContext } from '../context.js';
import { googleErrors } from '../errors.js';
import { principal } from '../pipeline.js';
import { apiRoute, bool, checkBools, etagOf, fingerprint, int, jsonBody, page, params, query, readPageToken, str } from '../routes-util.js';
import { RANK, accessTo, loadCalendar, requireRole } from './access.js';
import { deleteEvent } from './booking.js';

// calendars (get, insert, patch, update, delete, clear) and the caller's calendarList.

const CAL = '/calendar/v3/calendars/:calendarId';
const LIST = '/calendar/v3/users/me/calendarList';
const ROLES: CalendarRole[] = ['freeBusyReader', 'reader', 'writer', 'owner'];

export function serializeCalendar(cal: GoogleCalendarRecord) {
  return {
    kind: 'calendar#calendar',
    etag: etagOf(cal.etagSeq),
    id: cal.id,
    summary: cal.summary,
    ...(cal.description ? { description: cal.description } : {}),
    ...(cal.location ? { location: cal.location } : {}),
    timeZone: cal.timeZone,
    conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
  };
}

export function serializeListEntry(e: GoogleCalendarListRecord, cal: GoogleCalendarRecord, role: CalendarRole) {
  return {
    kind: 'calendar#calendarListEntry',
    etag: etagOf(e.etagSeq),
    id: cal.id,
    summary: cal.summary,
    ...(e.summaryOverride ? { summaryOverride: e.summaryOverride } : {}),
    ...(cal.description ? { description: cal.description } : {}),
    ...(cal.location ? { location: cal.location } : {}),
    timeZone: cal.timeZone,
    colorId: e.colorId ?? '14',
    backgroundColor: e.backgroundColor ?? '#9fe1e7',
    foregroundColor: e.foregroundColor ?? '#000000',
    ...(e.hidden ? { hidden: true } : {}),
    ...(e.selected ? { selected: true } : {}),
    accessRole: role,
    defaultReminders: e.defaultReminders,
    ...(e.primary ? { primary: true, notificationSettings: { notifications: [] } } : {}),
    conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
  };
}

export function registerCalendarRoutes(app: FastifyInstance, g: GoogleContext): void {
  apiRoute(app, g, 'calendar.calendars.get', 'GET', CAL, async (req) => serializeCalendar((await loadCalendar(g, req, params(req).calendarId!)).cal));

  apiRoute(app, g, 'calendar.calendars.insert', 'POST', '/calendar/v3/calendars', async (req) => {
    const input = jsonBody(req);
    if (typeof input.summary !== 'string' || !input.summary.trim()) throw googleErrors.required('Missing summary.');
    const p = principal(req);
    const customer = await g.stores.directory.getCustomer(p.tenantId);
    const id = `c_${createHash('sha256').update(g.ids.token(32)).digest('hex')}@group.calendar.google.com`;
    const cal: GoogleCalendarRecord = {
      tenantId: p.tenantId,
      id,
      kind: 'secondary',
      ownerEmail: p.email,
      summary: input.summary,
      timeZone: zoneOf(input.timeZone) ?? (await g.stores.calendars.getCalendar(p.tenantId, p.email))?.timeZone ?? 'UTC',
      createdByClientId: p.clientId,
      etagSeq: 1,
      ...(typeof input.description === 'string' ? { description: input.description } : {}),
      ...(typeof input.location === 'string' ? { location: input.location } : {}),
    };
    await g.stores.transaction(async () => {
      await g.stores.calendars.putCalendar(cal);
      await g.stores.calendars.putAcl({ tenantId: p.tenantId, calendarId: id, ruleId: `user:${p.email}`, scopeType: 'user', scopeValue: p.email, role: 'owner', etagSeq: 1 });
      const sharing = customer?.sharing.primaryCalendars ?? 'none';
      if (sharing !== 'none') await g.stores.calendars.putAcl({ tenantId: p.tenantId, calendarId: id, ruleId: `domain:${p.domain}`, scopeType: 'domain', scopeValue: p.domain, role: sharing, etagSeq: 1 });
      await g.stores.calendars.putCalendarListEntry({ tenantId: p.tenantId, principal: p.email, calendarId: id, selected: true, defaultReminders: [], etagSeq: 1 });
    });
    return serializeCalendar(cal);
  });

  for (const [methodId, verb] of [
    ['calendar.calendars.patch', 'PATCH'],
    ['calendar.calendars.update', 'PUT'],
  ] as const) {
    apiRoute(app, g, methodId, verb, CAL, async (req) => {
      const input = jsonBody(req);
      const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
      requireRole(req, access, 'owner');
      if (verb === 'PUT' && (typeof input.summary !== 'string' || !input.summary.trim())) throw googleErrors.required('Missing summary.');
      const next: GoogleCalendarRecord = { ...cal, etagSeq: cal.etagSeq + 1 };
      for (const k of ['summary', 'description', 'location'] as const) {
        if (typeof input[k] === 'string') next[k] = input[k];
        else if (verb === 'PUT' && k !== 'summary') delete next[k];
      }
      if (input.timeZone !== undefined) {
        const tz = zoneOf(input.timeZone);
        if (!tz) throw googleErrors.invalid('Invalid value for: timeZone');
        next.timeZone = tz;
      }
      await g.stores.calendars.putCalendar(next);
      return serializeCalendar(next);
    });
  }

  apiRoute(app, g, 'calendar.calendars.delete', 'DELETE', CAL, async (req, reply) => {
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'owner');
    if (cal.kind === 'primary') throw googleErrors.cannotDeletePrimaryCalendar();
    if (cal.kind === 'resource') throw googleErrors.badRequest('Bad Request: a resource calendar is deleted with its resource (Admin SDK resources.calendars.delete)');
    await g.stores.transaction(() => g.stores.calendars.deleteCalendar(cal.tenantId, cal.id));
    return reply.code(204).send();
  });

  apiRoute(app, g, 'calendar.calendars.clear', 'POST', `${CAL}/clear`, async (req, reply) => {
    const { cal, access } = await loadCalendar(g, req, params(req).calendarId!);
    requireRole(req, access, 'owner');
    await g.stores.transaction(async () => {
      for (const ev of await g.stores.calendars.listEvents(cal.tenantId, cal.id)) if (!ev.recurringEventId) await deleteEvent(g, cal, ev);
    });
    return reply.code(204).send();
  });

  apiRoute(app, g, 'calendar.calendarList.list', 'GET', LIST, async (req) => {
    const q = query(req);
    checkBools(q, 'showDeleted', 'showHidden');
    const p = principal(req);
    if (str(q, 'syncToken')) throw googleErrors.fullSyncRequired();
    const min = str(q, 'minAccessRole') as CalendarRole | undefined;
    if (min !== undefined && !ROLES.includes(min)) throw googleErrors.invalid('Invalid value for: minAccessRole');
    const items: object[] = [];
    for (const e of await g.stores.calendars.listCalendarList(p.tenantId, p.email)) {
      const cal = await g.stores.calendars.getCalendar(p.tenantId, e.calendarId);
      if (!cal) continue;
      const { role } = await accessTo(g, req, cal);
      if (role === 'none' || (min && RANK[role] < RANK[min]) || (e.hidden && !bool(q, 'showHidden'))) continue;
      items.push(serializeListEntry(e, cal, role));
    }
    const fp = fingerprint(['calendarList', p.email, q.minAccessRole, q.showHidden]);
    const pg = page(items, int(q, 'maxResults', 100, 1, 250), readPageToken(str(q, 'pageToken'), fp), fp);
    return {
      kind: 'calendar#calendarList',
      etag: etagOf(items.length),
      ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : { nextSyncToken: Buffer.from(`calendarList:${g.clock.now()}`).toString('base64url') }),
      items: pg.items,
    };
  });

  apiRoute(app, g, 'calendar.calendarList.get', 'GET', `${LIST}/:calendarId`, async (req) => {
    const { entry, cal, role } = await listEntry(g, req);
    return serializeListEntry(entry, cal, role);
  });

  apiRoute(app, g, 'calendar.calendarList.insert', 'POST', LIST, async (req) => {
    const input = jsonBody(req);
    if (typeof input.id !== 'string') throw googleErrors.required('Missing id.');
    const { cal, access } = await loadCalendar(g, req, input.id);
    const p = principal(req);
    const existing = await g.stores.calendars.getCalendarListEntry(p.tenantId, p.email, cal.id);
    const entry: GoogleCalendarListRecord = { ...(existing ?? { tenantId: p.tenantId, principal: p.email, calendarId: cal.id, defaultReminders: [], etagSeq: 0 }), etagSeq: (existing?.etagSeq ?? 0) + 1 };
    applyListFields(entry, input, false);
    await g.stores.calendars.putCalendarListEntry(entry);
    return serializeListEntry(entry, cal, access.role);
  });

  for (const [methodId, verb] of [
    ['calendar.calendarList.patch', 'PATCH'],
    ['calendar.calendarList.update', 'PUT'],
  ] as const) {
    apiRoute(app, g, methodId, verb, `${LIST}/:calendarId`, async (req) => {
      const { entry, cal, role } = await listEntry(g, req);
      const next = { ...entry, etagSeq: entry.etagSeq + 1, defaultReminders: [...entry.defaultReminders] };
      applyListFields(next, jsonBody(req), verb === 'PUT');
      await g.stores.calendars.putCalendarListEntry(next);
      return serializeListEntry(next, cal, role);
    });
  }

  apiRoute(app, g, 'calendar.calendarList.delete', 'DELETE', `${LIST}/:calendarId`, async (req, reply) => {
    const { entry } = await listEntry(g, req);
    await g.stores.calendars.deleteCalendarListEntry(entry.tenantId, entry.principal, entry.calendarId);
    return reply.code(204).send();
  });
}

async function listEntry(g: GoogleContext, req: FastifyRequest) {
  const p = principal(req);
  const raw = params(req).calendarId!;
  const id = raw === 'primary' ? p.email : raw.toLowerCase();
  const entry = await g.stores.calendars.getCalendarListEntry(p.tenantId, p.email, id);
  const cal = entry ? await g.stores.calendars.getCalendar(p.tenantId, id) : undefined;
  if (!entry || !cal) throw googleErrors.notFound();
  const { role } = await accessTo(g, req, cal);
  if (role === 'none') throw googleErrors.notFound();
  return { entry, cal, role };
}

function applyListFields(e: GoogleCalendarListRecord, input: Record<string, any>, replace: boolean): void {
  for (const k of ['summaryOverride', 'colorId', 'backgroundColor', 'foregroundColor'] as const) {
    if (typeof input[k] === 'string') e[k] = input[k];
    else if (replace) delete e[k];
  }
  for (const k of ['hidden', 'selected'] as const) {
    if (typeof input[k] === 'boolean') e[k] = input[k];
    else if (replace) delete e[k];
  }
  if (Array.isArray(input.defaultReminders)) e.defaultReminders = input.defaultReminders.filter((r: any) => r && typeof r.method === 'string' && typeof r.minutes === 'number');
}

function zoneOf(v: unknown): string | undefined {
  return typeof v === 'string' && isValidTimeZone(v) ? v : undefined;
}
