import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GoogleBuildingRecord, GoogleCustomerRecord, GoogleResourceRecord, GoogleUserRecord } from '../../store/google/types.js';
import { googleNumericId, googleResourceEmail } from '../../tenant-file/google-ids.js';
import type { GoogleContext } from '../context.js';
import { googleErrors } from '../errors.js';
import { principal, stateOf } from '../pipeline.js';
import { apiRoute, fingerprint, int, jsonBody, rangedInt, page, params, query, readPageToken, str, etagOf } from '../routes-util.js';
import { createResourceCalendar } from './resource-calendar.js';
import { serializeBuilding, serializeGroup, serializeMember, serializeResource, serializeUser } from './serialize.js';

// Admin SDK Directory v1: calendar resources, buildings, users, groups, members. Every call needs
// the caller to be a super admin of the customer (a service account impersonating one, or one
// signed in); anyone else gets Google's 403 "Not Authorized to access this resource/api".

const ADMIN = '/admin/directory/v1';
const RES = `${ADMIN}/customer/:customer/resources/calendars`;
const BLD = `${ADMIN}/customer/:customer/resources/buildings`;

async function requireAdmin(g: GoogleContext, req: FastifyRequest): Promise<GoogleCustomerRecord> {
  const p = principal(req);
  const customer = await g.stores.directory.getCustomer(p.tenantId);
  if (!customer || p.kind !== 'user' || !p.isAdmin) {
    stateOf(req).policy = 'admin-privileges';
    throw googleErrors.notAuthorized();
  }
  const c = params(req).customer;
  if (c !== undefined && c !== 'my_customer' && c !== customer.customerId) {
    stateOf(req).policy = 'admin-privileges';
    throw googleErrors.notAuthorized();
  }
  return customer;
}

export function registerDirectoryRoutes(app: FastifyInstance, g: GoogleContext): void {
  // resources.calendars
  apiRoute(app, g, 'directory.resources.calendars.list', 'GET', RES, async (req) => {
    const c = await requireAdmin(g, req);
    const q = query(req);
    let items = [...(await g.stores.directory.listResources(c.tenantId))];
    const filter = str(q, 'query');
    if (filter) items = items.filter(resourceMatcher(filter));
    const order = str(q, 'orderBy');
    if (order) items.sort(resourceOrder(order));
    const fp = fingerprint(['resources', q.query, q.orderBy]);
    const pg = page(items, rangedInt(q, 'maxResults', 100, 1, 500), readPageToken(str(q, 'pageToken'), fp), fp);
    const buildings = new Map((await g.stores.directory.listBuildings(c.tenantId)).map((b) => [b.buildingId, b]));
    return {
      kind: 'admin#directory#resources#calendars#calendarResourcesList',
      etag: etagOf(items.length),
      ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : {}),
      items: pg.items.map((r) => serializeResource(r, r.buildingId ? buildings.get(r.buildingId) : undefined)),
    };
  });

  apiRoute(app, g, 'directory.resources.calendars.get', 'GET', `${RES}/:id`, async (req) => {
    const c = await requireAdmin(g, req);
    const r = await findResource(g, c, params(req).id!);
    return serializeResource(r, r.buildingId ? await g.stores.directory.getBuilding(c.tenantId, r.buildingId) : undefined);
  });

  apiRoute(app, g, 'directory.resources.calendars.insert', 'POST', RES, async (req) => {
    const c = await requireAdmin(g, req);
    const input = jsonBody(req);
    for (const f of ['resourceId', 'resourceName']) if (typeof input[f] !== 'string' || !input[f].trim()) throw googleErrors.invalid(`Invalid Input: ${f}`);
    if (await g.stores.directory.getResource(c.tenantId, input.resourceId)) throw googleErrors.duplicate();
    const r: GoogleResourceRecord = {
      tenantId: c.tenantId,
      resourceId: input.resourceId,
      resourceName: input.resourceName,
      resourceEmail: googleResourceEmail(c.domain, input.resourceId),
      resourceCategory: 'CONFERENCE_ROOM',
      features: [],
      autoAccept: true,
      etagSeq: 1,
    };
    await applyResourceFields(g, c, r, input, false);
    await g.stores.transaction(async () => {
      await g.stores.directory.putResource(r);
      await createResourceCalendar(g, c, r, null);
    });
    return serializeResource(r, r.buildingId ? await g.stores.directory.getBuilding(c.tenantId, r.buildingId) : undefined);
  });

  for (const [methodId, verb] of [
    ['directory.resources.calendars.update', 'PUT'],
    ['directory.resources.calendars.patch', 'PATCH'],
  ] as const) {
    apiRoute(app, g, methodId, verb, `${RES}/:id`, async (req) => {
      const c = await requireAdmin(g, req);
      const current = await findResource(g, c, params(req).id!);
      const input = jsonBody(req);
      const r: GoogleResourceRecord = { ...current, features: [...current.features], etagSeq: current.etagSeq + 1 };
      if (verb === 'PUT') {
        for (const k of ['resourceType', 'resourceDescription', 'userVisibleDescription', 'capacity', 'buildingId', 'floorName', 'floorSection'] as const) delete r[k];
        r.features = [];
      }
      await applyResourceFields(g, c, r, input, verb === 'PUT');
      await g.stores.transaction(async () => {
        await g.stores.directory.putResource(r);
        const cal = await g.stores.calendars.getCalendar(c.tenantId, r.resourceEmail);
        const building = r.buildingId ? await g.stores.directory.getBuilding(c.tenantId, r.buildingId) : undefined;
        if (cal) await g.stores.calendars.putCalendar({ ...cal, summary: serializeResource(r, building).generatedResourceName, etagSeq: cal.etagSeq + 1 });
      });
      return serializeResource(r, r.buildingId ? await g.stores.directory.getBuilding(c.tenantId, r.buildingId) : undefined);
    });
  }

  apiRoute(app, g, 'directory.resources.calendars.delete', 'DELETE', `${RES}/:id`, async (req, reply) => {
    const c = await requireAdmin(g, req);
    const r = await findResource(g, c, params(req).id!);
    await g.stores.transaction(async () => {
      await g.stores.directory.deleteResource(c.tenantId, r.resourceId);
      await g.stores.calendars.deleteCalendar(c.tenantId, r.resourceEmail);
    });
    return reply.code(204).send();
  });

  // resources.buildings
  apiRoute(app, g, 'directory.resources.buildings.list', 'GET', BLD, async (req) => {
    const c = await requireAdmin(g, req);
    const q = query(req);
    const all = await g.stores.directory.listBuildings(c.tenantId);
    const fp = fingerprint(['buildings']);
    const pg = page(all, int(q, 'maxResults', 100, 1, 500), readPageToken(str(q, 'pageToken'), fp), fp);
    return { kind: 'admin#directory#resources#buildings#buildingsList', etag: etagOf(all.length), ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : {}), buildings: pg.items.map(serializeBuilding) };
  });

  apiRoute(app, g, 'directory.resources.buildings.get', 'GET', `${BLD}/:buildingId`, async (req) => {
    const c = await requireAdmin(g, req);
    return serializeBuilding(await findBuilding(g, c, params(req).buildingId!));
  });

  apiRoute(app, g, 'directory.resources.buildings.insert', 'POST', BLD, async (req) => {
    const c = await requireAdmin(g, req);
    const input = jsonBody(req);
    if (typeof input.buildingId !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(input.buildingId)) throw googleErrors.invalid('Invalid Input: buildingId');
    if (await g.stores.directory.getBuilding(c.tenantId, input.buildingId)) throw googleErrors.duplicate();
    const b: GoogleBuildingRecord = { tenantId: c.tenantId, buildingId: input.buildingId, buildingName: '', description: '', floorNames: [] };
    applyBuildingFields(b, input, true);
    await g.stores.directory.putBuilding(b);
    return serializeBuilding(b);
  });

  for (const [methodId, verb] of [
    ['directory.resources.buildings.update', 'PUT'],
    ['directory.resources.buildings.patch', 'PATCH'],
  ] as const) {
    apiRoute(app, g, methodId, verb, `${BLD}/:buildingId`, async (req) => {
      const c = await requireAdmin(g, req);
      const b = { ...(await findBuilding(g, c, params(req).buildingId!)) };
      applyBuildingFields(b, jsonBody(req), verb === 'PUT');
      await g.stores.directory.putBuilding(b);
      return serializeBuilding(b);
    });
  }

  apiRoute(app, g, 'directory.resources.buildings.delete', 'DELETE', `${BLD}/:buildingId`, async (req, reply) => {
    const c = await requireAdmin(g, req);
    const b = await findBuilding(g, c, params(req).buildingId!);
    const used = (await g.stores.directory.listResources(c.tenantId)).filter((r) => r.buildingId === b.buildingId);
    if (used.length > 0) throw googleErrors.badRequest(`Bad Request: building ${b.buildingId} still has resources (${used.map((r) => r.resourceName).join(', ')})`);
    await g.stores.directory.deleteBuilding(c.tenantId, b.buildingId);
    return reply.code(204).send();
  });

  // users
  apiRoute(app, g, 'directory.users.list', 'GET', `${ADMIN}/users`, async (req) => {
    const c = await requireAdmin(g, req);
    const q = query(req);
    checkCustomerOrDomain(c, str(q, 'customer'), str(q, 'domain'));
    let users = [...(await g.stores.directory.listUsers(c.tenantId))];
    const filter = str(q, 'query');
    if (filter) users = users.filter(userMatcher(filter));
    const order = str(q, 'orderBy') ?? 'email';
    const key = (u: GoogleUserRecord) => (order === 'givenName' ? u.givenName : order === 'familyName' ? u.familyName : u.primaryEmail).toLowerCase();
    if (!['email', 'givenName', 'familyName'].includes(order)) throw googleErrors.invalid('Invalid Input: orderBy');
    users.sort((a, b) => key(a).localeCompare(key(b)) * (str(q, 'sortOrder') === 'DESCENDING' ? -1 : 1));
    const fp = fingerprint(['users', q.customer, q.domain, q.query, q.orderBy, q.sortOrder]);
    const pg = page(users, rangedInt(q, 'maxResults', 100, 1, 500), readPageToken(str(q, 'pageToken'), fp), fp);
    return { kind: 'admin#directory#users', etag: etagOf(users.length), users: pg.items.map((u) => serializeUser(u, c)), ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : {}) };
  });

  apiRoute(app, g, 'directory.users.get', 'GET', `${ADMIN}/users/:userKey`, async (req) => {
    const c = await requireAdmin(g, req);
    const u = await g.stores.directory.getUser(c.tenantId, params(req).userKey!);
    if (!u) throw googleErrors.resourceNotFound('userKey');
    return serializeUser(u, c);
  });

  // groups and members
  apiRoute(app, g, 'directory.groups.list', 'GET', `${ADMIN}/groups`, async (req) => {
    const c = await requireAdmin(g, req);
    const q = query(req);
    const userKey = str(q, 'userKey');
    if (!userKey) checkCustomerOrDomain(c, str(q, 'customer'), str(q, 'domain'));
    let groups = [...(await g.stores.directory.listGroups(c.tenantId))];
    if (userKey) {
      const email = (await g.stores.directory.getUser(c.tenantId, userKey))?.primaryEmail ?? userKey.toLowerCase();
      groups = groups.filter((gr) => gr.members.some((m) => m.email === email));
    }
    const fp = fingerprint(['groups', q.customer, q.domain, q.userKey]);
    const pg = page(groups, int(q, 'maxResults', 200, 1, 200), readPageToken(str(q, 'pageToken'), fp), fp);
    return { kind: 'admin#directory#groups', etag: etagOf(groups.length), groups: pg.items.map(serializeGroup), ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : {}) };
  });

  apiRoute(app, g, 'directory.groups.get', 'GET', `${ADMIN}/groups/:groupKey`, async (req) => {
    const c = await requireAdmin(g, req);
    const gr = await g.stores.directory.getGroup(c.tenantId, params(req).groupKey!);
    if (!gr) throw googleErrors.resourceNotFound('groupKey');
    return serializeGroup(gr);
  });

  apiRoute(app, g, 'directory.members.list', 'GET', `${ADMIN}/groups/:groupKey/members`, async (req) => {
    const c = await requireAdmin(g, req);
    const q = query(req);
    const gr = await g.stores.directory.getGroup(c.tenantId, params(req).groupKey!);
    if (!gr) throw googleErrors.resourceNotFound('groupKey');
    const roles = str(q, 'roles')?.toUpperCase().split(',');
    const members = gr.members.filter((m) => !roles || roles.includes(m.role));
    const ids = await Promise.all(
      members.map(async (m) => (await g.stores.directory.getUser(c.tenantId, m.email))?.id ?? (await g.stores.directory.getGroup(c.tenantId, m.email))?.id ?? googleNumericId('user', m.email)),
    );
    const withIds = members.map((m, i) => serializeMember(m, ids[i]!));
    const fp = fingerprint(['members', gr.id, q.roles]);
    const pg = page(withIds, int(q, 'maxResults', 200, 1, 200), readPageToken(str(q, 'pageToken'), fp), fp);
    return { kind: 'admin#directory#members', etag: etagOf(members.length), members: pg.items, ...(pg.nextPageToken ? { nextPageToken: pg.nextPageToken } : {}) };
  });
}

async function findResource(g: GoogleContext, c: GoogleCustomerRecord, id: string): Promise<GoogleResourceRecord> {
  const r = await g.stores.directory.getResource(c.tenantId, id);
  if (!r) throw googleErrors.resourceNotFound('calendarResourceId');
  return r;
}

async function findBuilding(g: GoogleContext, c: GoogleCustomerRecord, id: string): Promise<GoogleBuildingRecord> {
  const b = await g.stores.directory.getBuilding(c.tenantId, id);
  if (!b) throw googleErrors.resourceNotFound('buildingId');
  return b;
}

function checkCustomerOrDomain(c: GoogleCustomerRecord, customer: string | undefined, domain: string | undefined): void {
  if (!customer && !domain) throw googleErrors.badRequest();
  if (customer && customer !== 'my_customer' && customer !== c.customerId) throw googleErrors.notAuthorized();
  if (domain && domain.toLowerCase() !== c.domain) throw googleErrors.notAuthorized();
}

async function applyResourceFields(g: GoogleContext, c: GoogleCustomerRecord, r: GoogleResourceRecord, input: Record<string, any>, replace: boolean): Promise<void> {
  if (replace && (typeof input.resourceName !== 'string' || !input.resourceName.trim())) throw googleErrors.invalid('Invalid Input: resourceName');
  if (typeof input.resourceName === 'string') r.resourceName = input.resourceName;
  for (const k of ['resourceType', 'resourceDescription', 'userVisibleDescription', 'floorSection'] as const) if (typeof input[k] === 'string') r[k] = input[k];
  if (input.resourceCategory !== undefined) {
    if (!['CONFERENCE_ROOM', 'OTHER', 'CATEGORY_UNKNOWN'].includes(input.resourceCategory)) throw googleErrors.invalid('Invalid Input: resourceCategory');
    r.resourceCategory = input.resourceCategory;
  }
  if (input.capacity !== undefined) {
    if (!Number.isInteger(input.capacity) || input.capacity < 0) throw googleErrors.invalid('Invalid Input: capacity');
    r.capacity = input.capacity;
  }
  if (Array.isArray(input.featureInstances)) r.features = input.featureInstances.map((f: any) => String(f?.feature?.name ?? '')).filter(Boolean);
  if (input.buildingId !== undefined) {
    const b = await g.stores.directory.getBuilding(c.tenantId, String(input.buildingId));
    if (!b) throw googleErrors.invalid('Invalid Input: buildingId');
    r.buildingId = b.buildingId;
  }
  if (input.floorName !== undefined) {
    const b = r.buildingId ? await g.stores.directory.getBuilding(c.tenantId, r.buildingId) : undefined;
    if (!b || (b.floorNames.length > 0 && !b.floorNames.includes(String(input.floorName)))) throw googleErrors.invalid('Invalid Input: floorName');
    r.floorName = String(input.floorName);
  }
}

function applyBuildingFields(b: GoogleBuildingRecord, input: Record<string, any>, replace: boolean): void {
  if (replace && (typeof input.buildingName !== 'string' || !input.buildingName.trim())) throw googleErrors.invalid('Invalid Input: buildingName');
  if (typeof input.buildingName === 'string') b.buildingName = input.buildingName;
  if (typeof input.description === 'string') b.description = input.description;
  if (input.floorNames !== undefined) {
    if (!Array.isArray(input.floorNames) || input.floorNames.length === 0) throw googleErrors.invalid('Invalid Input: floorNames');
    b.floorNames = input.floorNames.map(String);
  } else if (replace) throw googleErrors.invalid('Invalid Input: floorNames');
  if (input.address && typeof input.address === 'object') b.address = input.address;
}

/** The resources.calendars.list `query` subset: field=value, field:prefix*, capacity>=N, joined by spaces/AND. */
function resourceMatcher(text: string): (r: GoogleResourceRecord) => boolean {
  const terms = text.split(/\s+(?:AND\s+)?/i).filter(Boolean);
  const tests = terms.map((t) => {
    const m = /^(resourceName|resourceEmail|buildingId|floorName|resourceCategory|resourceType|capacity)\s*(>=|<=|=|:)\s*"?([^"]*)"?$/.exec(t);
    if (!m) throw googleErrors.invalid(`Invalid Input: tenantbox supports query terms such as buildingId=hq, resourceName:Orion*, capacity>=8 (got '${t}')`);
    const [, field, op, value] = m as unknown as [string, keyof GoogleResourceRecord, string, string];
    return (r: GoogleResourceRecord) => {
      const v = r[field];
      if (op === '>=' || op === '<=') return typeof v === 'number' && (op === '>=' ? v >= Number(value) : v <= Number(value));
      const s = String(v ?? '').toLowerCase();
      const want = value.toLowerCase();
      return op === ':' && want.endsWith('*') ? s.startsWith(want.slice(0, -1)) : s === want;
    };
  });
  return (r) => tests.every((t) => t(r));
}

function resourceOrder(order: string): (a: GoogleResourceRecord, b: GoogleResourceRecord) => number {
  const [field, dir] = order.trim().split(/\s+/);
  if (!['resourceName', 'resourceId', 'buildingId', 'capacity', 'floorName', 'resourceCategory'].includes(field ?? '')) throw googleErrors.invalid('Invalid Input: orderBy');
  const sign = dir?.toLowerCase() === 'desc' ? -1 : 1;
  return (a, b) => {
    const x = (a as any)[field!];
    const y = (b as any)[field!];
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? '')));
  };
}

/** The users.list `query` subset: email, givenName, familyName, isAdmin, isSuspended with = or :prefix*. */
function userMatcher(text: string): (u: GoogleUserRecord) => boolean {
  const tests = text
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => {
      const m = /^(email|givenName|familyName|isAdmin|isSuspended)\s*(=|:)\s*'?([^']*)'?$/.exec(t);
      if (!m) throw googleErrors.invalid(`Invalid Input: tenantbox supports user query terms such as email:megan*, isAdmin=true (got '${t}')`);
      const [, field, op, value] = m;
      const get = (u: GoogleUserRecord) =>
        String(field === 'email' ? u.primaryEmail : field === 'isAdmin' ? u.isAdmin : field === 'isSuspended' ? u.suspended : field === 'givenName' ? u.givenName : u.familyName).toLowerCase();
      const want = value!.toLowerCase();
      return (u: GoogleUserRecord) => (op === ':' || want.endsWith('*') ? get(u).startsWith(want.replace(/\*$/, '')) : get(u) === want);
    });
  return (u) => tests.every((t) => t(u));
}
