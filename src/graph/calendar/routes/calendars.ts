import type { FastifyInstance } from 'fastify';
import type { CalendarRecord, UserRecord } from '../../../store/types.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection, type CollectionSpec, type Resource } from '../../odata/collection.js';
import { authorizeMailbox, type MailboxAccess } from '../access.js';
import { requireJsonBody } from '../model/event-input.js';
import { addressOf, calendarOf, defaultCalendar } from '../service/mailboxes.js';
import { both, entitySet, type Req } from './route-util.js';

// Calendars (graph-docs calendar-get.md, user-list-calendars.md, user-post-calendars.md,
// calendar-delete.md): the primary calendar and the secondary ones of a mailbox.
// Microsoft's permission data has no entry for GET /me/calendar, /users/{id}/calendar and
// /users/{id}/calendars/{id}: those borrow GET /users/{id}/calendars (the calendar-get page lists
// the same Calendars.* permissions for both).

const BORROW = { method: 'GET', path: '/users/{id}/calendars', why: 'calendar-get.md lists the same permissions as user-list-calendars.md; permissions.json has no entry for GET .../calendar or .../calendars/{id}' };

export function calendarView(cal: CalendarRecord, owner: UserRecord, access: MailboxAccess): Resource {
  const canEdit = access.full || ['write', 'delegateWithoutPrivateEventAccess', 'delegateWithPrivateEventAccess'].includes(access.role);
  return {
    id: cal.id,
    name: cal.name,
    color: cal.color,
    hexColor: '',
    isDefaultCalendar: cal.isDefault,
    changeKey: cal.changeKey,
    canShare: access.full && cal.isDefault,
    canViewPrivateItems: access.canViewPrivate,
    canEdit,
    allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness',
    isTallyingResponses: true,
    isRemovable: !cal.isDefault,
    owner: { name: owner.displayName, address: addressOf(owner) },
  };
}

const PROPS = ['id', 'name', 'color', 'hexColor', 'isDefaultCalendar', 'changeKey', 'canShare', 'canViewPrivateItems', 'canEdit', 'allowedOnlineMeetingProviders', 'defaultOnlineMeetingProvider', 'isTallyingResponses', 'isRemovable', 'owner'];

function spec(entity: string): CollectionSpec {
  return {
    type: 'calendar',
    resourceName: 'Calendar',
    entitySet: entity,
    properties: Object.fromEntries(PROPS.map((p) => [p, ['name', 'id', 'isDefaultCalendar', 'canEdit'].includes(p) ? { filter: ['eq', 'ne', 'startswith'], orderby: 'basic' } : {}])) as CollectionSpec['properties'],
    pageSize: 10,
    maxTop: 1000,
    skip: true,
    count: true,
    search: false,
    directoryAdvancedQueries: false,
  };
}

export function registerCalendars(app: FastifyInstance): void {
  both(app, 'GET', '/calendar', async (req: Req) => {
    const access = await authorizeMailbox(req, req.params.id, 'read', { permissionsOf: BORROW });
    const cal = await defaultCalendar(req.graph.ctx.s, access.owner);
    return entityResult(req, spec(entitySet(req, access, 'calendars')), calendarView(cal, access.owner, access));
  });

  both(app, 'GET', '/calendars', async (req: Req) => {
    const access = await authorizeMailbox(req, req.params.id, 'read');
    const s = req.graph.ctx.s;
    await defaultCalendar(s, access.owner);
    const cals = await s.stores.events.listCalendars(access.owner.tenantId, access.owner.id);
    // Another mailbox's secondary calendars are shared one by one; only the primary is reached here.
    const visible = access.full ? cals : cals.filter((c) => c.isDefault);
    return queryCollection(req, spec(entitySet(req, access, 'calendars')), visible.map((c) => calendarView(c, access.owner, access)));
  });

  both(app, 'GET', '/calendars/:cid', async (req: Req) => {
    const access = await authorizeMailbox(req, req.params.id, 'read', { permissionsOf: BORROW });
    const cal = await calendarOf(req.graph.ctx.s, access.owner, req.params.cid);
    if (!access.full && !cal.isDefault) throw graphErrors.itemNotFound();
    return entityResult(req, spec(entitySet(req, access, 'calendars')), calendarView(cal, access.owner, access));
  });

  both(app, 'POST', '/calendars', async (req: Req, reply) => {
    const access = await authorizeMailbox(req, req.params.id, 'write');
    if (!access.full) throw graphErrors.outlookDenied({ details: [{ code: 'tenantbox.mailboxAccess', message: 'Only the mailbox owner (or FullAccess) creates calendars in a mailbox.' }] });
    const body = requireJsonBody(req);
    const name = body.name;
    if (typeof name !== 'string' || name.trim() === '') throw graphErrors.outlookInvalidRequest("The property 'name' is required.");
    const s = req.graph.ctx.s;
    const existing = await s.stores.events.listCalendars(access.owner.tenantId, access.owner.id);
    if (existing.some((c) => c.name.toLowerCase() === name.trim().toLowerCase())) throw graphErrors.outlookInvalidRequest(`A folder with the specified name already exists.`);
    const cal: CalendarRecord = { tenantId: access.owner.tenantId, id: s.ids.uuid(), ownerId: access.owner.id, name: name.trim(), isDefault: false, color: typeof body.color === 'string' ? body.color : 'auto', changeKey: s.ids.token(12) };
    await s.stores.events.putCalendar(cal);
    reply.code(201);
    return entityResult(req, spec(entitySet(req, access, 'calendars')), calendarView(cal, access.owner, access));
  });

  both(app, 'DELETE', '/calendars/:cid', async (req: Req, reply) => {
    const access = await authorizeMailbox(req, req.params.id, 'write');
    if (!access.full) throw graphErrors.outlookDenied({ details: [{ code: 'tenantbox.mailboxAccess', message: 'Only the mailbox owner (or FullAccess) deletes calendars of a mailbox.' }] });
    const s = req.graph.ctx.s;
    const cal = await calendarOf(s, access.owner, req.params.cid);
    if (cal.isDefault) throw graphErrors.outlookInvalidRequest('The primary calendar cannot be deleted.');
    await s.stores.events.deleteCalendar(cal.tenantId, cal.id);
    return reply.code(204).send();
  });
}
