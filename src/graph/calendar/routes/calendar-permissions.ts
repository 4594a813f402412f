import type { FastifyInstance } from 'fastify';
import type { MailboxPermissionRecord, UserRecord } from '../../../store/types.js';
import { calendarRoleOf, type CalendarRole } from '../../auth/delegated-mailbox-access.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection, type CollectionSpec, type Resource } from '../../odata/collection.js';
import { authorizeMailbox, type MailboxAccess } from '../access.js';
import { requireJsonBody } from '../model/event-input.js';
import { addressOf } from '../service/mailboxes.js';
import { both, entitySet, type Req } from './route-util.js';

// The primary calendar's sharing as Graph shows it (graph-docs calendarpermission.md,
// calendar-list-calendarpermissions.md, calendarpermission-update.md): the Exchange calendar folder
// permissions (Add-MailboxFolderPermission) mapped to Graph roles (semantics doc §4.3.4), plus the
// non-removable "My Organization" entry, which is free/busy. The records are the ones the mailbox
// rule checks, so sharing changed here takes effect on the next request.
// Ids are Exchange's: base64("Default") for My Organization, base64("ExchangePublishedUser.<address>").
// Permission data: the catalog lists only DELETE .../calendarPermissions/{id}; list and get borrow
// GET /users/{id}/calendar/events (the list page names Calendars.ReadBasic, Calendars.Read and
// Calendars.ReadWrite, the same set), create and update borrow the DELETE entry (Calendars.ReadWrite).

const LIST = { method: 'GET', path: '/users/{id}/calendar/events', why: 'calendar-list-calendarpermissions.md lists Calendars.ReadBasic, Calendars.Read, Calendars.ReadWrite, as permissions.json does for GET /users/{id}/calendar/events' };
const WRITE = { method: 'DELETE', path: '/users/{id}/calendar/calendarpermissions/{id}', why: 'calendarpermission-update.md and calendar-post-calendarpermissions.md list Calendars.ReadWrite, as permissions.json does for DELETE' };
const ORG_ID = Buffer.from('Default').toString('base64');
const ROLES_USER: CalendarRole[] = ['none', 'freeBusyRead', 'limitedRead', 'read', 'write', 'delegateWithoutPrivateEventAccess', 'delegateWithPrivateEventAccess'];
const RIGHTS: Record<string, Pick<MailboxPermissionRecord, 'rights' | 'sharingPermissionFlags'>> = {
  freeBusyRead: { rights: 'AvailabilityOnly', sharingPermissionFlags: [] },
  limitedRead: { rights: 'LimitedDetails', sharingPermissionFlags: [] },
  read: { rights: 'Reviewer', sharingPermissionFlags: [] },
  write: { rights: 'Editor', sharingPermissionFlags: [] },
  delegateWithoutPrivateEventAccess: { rights: 'Editor', sharingPermissionFlags: ['Delegate'] },
  delegateWithPrivateEventAccess: { rights: 'Editor', sharingPermissionFlags: ['Delegate', 'CanViewPrivateItems'] },
};

const idFor = (address: string) => Buffer.from(`ExchangePublishedUser.${address}`).toString('base64');
const addressFromId = (id: string) => {
  const text = Buffer.from(id, 'base64').toString('utf8');
  return text.startsWith('ExchangePublishedUser.') ? text.slice('ExchangePublishedUser.'.length).toLowerCase() : undefined;
};

function orgEntry(): Resource {
  return { id: ORG_ID, isRemovable: false, isInsideOrganization: true, role: 'freeBusyRead', allowedRoles: ['none', 'freeBusyRead', 'limitedRead', 'read', 'write'], emailAddress: { name: 'My Organization' } };
}

function entry(grantee: UserRecord, p: MailboxPermissionRecord): Resource {
  const address = addressOf(grantee);
  return { id: idFor(address), isRemovable: true, isInsideOrganization: true, role: calendarRoleOf(p), allowedRoles: ROLES_USER.filter((r) => r !== 'none'), emailAddress: { name: grantee.displayName, address } };
}

function spec(entity: string): CollectionSpec {
  const props = ['id', 'isRemovable', 'isInsideOrganization', 'role', 'allowedRoles', 'emailAddress'];
  return { type: 'calendarPermission', resourceName: 'CalendarPermission', entitySet: entity, properties: Object.fromEntries(props.map((p) => [p, p === 'role' ? { filter: ['eq', 'ne'] } : {}])), pageSize: 100, maxTop: 1000, skip: false, count: false, search: false, directoryAdvancedQueries: false };
}

async function folderPermissions(req: Req, access: MailboxAccess): Promise<{ grantee: UserRecord; p: MailboxPermissionRecord }[]> {
  const s = req.graph.ctx.s;
  const perms = await s.stores.policies.listMailboxPermissions(access.owner.tenantId, { mailboxId: access.owner.id });
  const out: { grantee: UserRecord; p: MailboxPermissionRecord }[] = [];
  for (const p of perms.filter((x) => x.scope === 'calendar')) {
    const grantee = await s.stores.directory.getUser(access.owner.tenantId, p.granteeId);
    if (grantee) out.push({ grantee, p });
  }
  return out;
}

/** Changing who sees a calendar is the owner's (or a FullAccess holder's) business. */
function requireOwner(access: MailboxAccess): void {
  if (!access.full) throw graphErrors.outlookDenied({ details: [{ code: 'tenantbox.mailboxAccess', message: 'Only the calendar owner (or FullAccess on the mailbox) manages its sharing.' }] });
}

export function registerCalendarPermissions(app: FastifyInstance): void {
  const base = '/calendar/calendarPermissions';
  both(app, 'GET', base, async (req: Req) => {
    const access = await authorizeMailbox(req, req.params.id, 'read', { permissionsOf: LIST });
    const items = (await folderPermissions(req, access)).map(({ grantee, p }) => entry(grantee, p));
    return queryCollection(req, spec(entitySet(req, access, 'calendar/calendarPermissions')), [...items, orgEntry()]);
  });

  both(app, 'GET', `${base}/:pid`, async (req: Req) => {
    const access = await authorizeMailbox(req, req.params.id, 'read', { permissionsOf: LIST });
    return entityResult(req, spec(entitySet(req, access, 'calendar/calendarPermissions')), await find(req, access, req.params.pid!));
  });

  both(app, 'PATCH', `${base}/:pid`, async (req: Req) => {
    const access = await authorizeMailbox(req, req.params.id, 'write', { permissionsOf: WRITE });
    requireOwner(access);
    const role = String(requireJsonBody(req).role ?? '');
    if (!ROLES_USER.includes(role as CalendarRole)) throw graphErrors.outlookInvalidRequest(`The role '${role}' is not one of ${ROLES_USER.join(', ')}.`);
    if (req.params.pid === ORG_ID) {
      if (role === 'freeBusyRead') return entityResult(req, spec(entitySet(req, access, 'calendar/calendarPermissions')), orgEntry());
      throw graphErrors.notImplemented(`changing the "My Organization" role of a calendar (tenantbox keeps it at freeBusyRead, Exchange's default)`);
    }
    const current = await find(req, access, req.params.pid!);
    const grantee = await req.graph.ctx.s.stores.directory.getUser(access.owner.tenantId, String((current.emailAddress as { address: string }).address));
    return entityResult(req, spec(entitySet(req, access, 'calendar/calendarPermissions')), await share(req, access, grantee!, role as CalendarRole));
  });

  both(app, 'POST', base, async (req: Req, reply) => {
    const access = await authorizeMailbox(req, req.params.id, 'write', { permissionsOf: WRITE });
    requireOwner(access);
    const body = requireJsonBody(req);
    const address = (body.emailAddress as { address?: unknown } | undefined)?.address;
    const role = String(body.role ?? '');
    if (typeof address !== 'string') throw graphErrors.outlookInvalidRequest("The property 'emailAddress.address' is required.");
    if (!ROLES_USER.includes(role as CalendarRole) || role === 'none') throw graphErrors.outlookInvalidRequest(`The role '${role}' is not one of ${ROLES_USER.slice(1).join(', ')}.`);
    const grantee = await req.graph.ctx.s.stores.directory.getUser(access.owner.tenantId, address.toLowerCase());
    if (!grantee || grantee.kind !== 'user') throw graphErrors.notImplemented(`sharing a calendar with '${address}' (tenantbox shares with users of the tenant)`);
    reply.code(201);
    return entityResult(req, spec(entitySet(req, access, 'calendar/calendarPermissions')), await share(req, access, grantee, role as CalendarRole));
  });

  both(app, 'DELETE', `${base}/:pid`, async (req: Req, reply) => {
    const access = await authorizeMailbox(req, req.params.id, 'write');
    requireOwner(access);
    if (req.params.pid === ORG_ID) throw graphErrors.outlookInvalidRequest('The "My Organization" permission cannot be removed.');
    const address = addressFromId(req.params.pid!);
    const found = (await folderPermissions(req, access)).find((x) => addressOf(x.grantee) === address);
    if (!found) throw graphErrors.itemNotFound();
    await req.graph.ctx.s.stores.policies.deleteMailboxPermission(access.owner.tenantId, found.p.id);
    return reply.code(204).send();
  });
}

async function find(req: Req, access: MailboxAccess, pid: string): Promise<Resource> {
  if (pid === ORG_ID) return orgEntry();
  const address = addressFromId(pid);
  const found = (await folderPermissions(req, access)).find((x) => addressOf(x.grantee) === address);
  if (!found) throw graphErrors.itemNotFound();
  return entry(found.grantee, found.p);
}

/** Writes (or removes, for `none`) the grantee's folder permission, as Set-MailboxFolderPermission does. */
async function share(req: Req, access: MailboxAccess, grantee: UserRecord, role: CalendarRole): Promise<Resource> {
  const s = req.graph.ctx.s;
  const existing = (await folderPermissions(req, access)).find((x) => x.grantee.id === grantee.id);
  if (role === 'none') {
    if (existing) await s.stores.policies.deleteMailboxPermission(access.owner.tenantId, existing.p.id);
    return { id: idFor(addressOf(grantee)), isRemovable: true, isInsideOrganization: true, role: 'none', allowedRoles: ROLES_USER.slice(1), emailAddress: { name: grantee.displayName, address: addressOf(grantee) } };
  }
  const record: MailboxPermissionRecord = {
    tenantId: access.owner.tenantId,
    id: existing?.p.id ?? s.ids.uuid(),
    mailboxId: access.owner.id,
    granteeId: grantee.id,
    scope: 'calendar',
    ...RIGHTS[role]!,
  };
  await s.stores.policies.putMailboxPermission(record);
  return entry(grantee, record);
}
