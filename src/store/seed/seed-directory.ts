import { roleTemplateId } from '../../tenant-file/directory-roles.js';
import type { RoomListSpec, TenantSpec } from '../../tenant-file/types.js';
import type { CalendarRecord, GroupRecord, MemberType, TenantRecord, UserRecord } from '../types.js';
import { type SeedContext, SeedError, type TenantState, lookup } from './context.js';
import { hashPassword } from './password.js';
import { FIRST_PARTY_RESOURCES, MICROSOFT_TENANT_ID } from './resources.js';

// The tenant record, the first-party service principals every tenant has, users, rooms, room
// lists, groups with their members and owners, and a default calendar per mailbox.

// Graph's documented Outlook limits (per app and mailbox): 10,000 requests per 10 minutes, 4 at once.
const DEFAULT_THROTTLING = { enabled: true, requestsPer10Minutes: 10_000, concurrentRequests: 4 };

export async function seedDirectory(ctx: SeedContext, spec: TenantSpec): Promise<TenantState> {
  const { directory } = ctx.stores;
  const domain = spec.domain.toLowerCase();
  const tenantId = spec.id?.toLowerCase() ?? (await ctx.id(`tenant:${domain}`));
  const tenant: TenantRecord = {
    id: tenantId,
    domain,
    displayName: spec.displayName,
    userConsent: spec.userConsent,
    timeZone: spec.timeZone,
    throttling: { ...DEFAULT_THROTTLING, ...definedOnly(spec.throttling ?? {}) },
    createdDateTime: ctx.now,
  };
  await directory.putTenant(tenant);
  const t: TenantState = {
    spec,
    id: tenantId,
    domain,
    addresses: new Map(),
    groupMembers: new Map(),
    servicePrincipals: new Map(),
    calendars: new Map(),
    users: 0,
    rooms: 0,
    groups: 0,
    events: 0,
  };

  for (const r of FIRST_PARTY_RESOURCES) {
    const sp = {
      tenantId,
      id: await ctx.id(`sp:${tenantId}:${r.appId}`),
      appId: r.appId,
      displayName: r.displayName,
      accountEnabled: true,
      appRoleAssignmentRequired: false,
      appOwnerOrganizationId: MICROSOFT_TENANT_ID,
      servicePrincipalType: 'Application' as const,
      servicePrincipalNames: r.servicePrincipalNames,
      createdDateTime: ctx.now,
    };
    await ctx.stores.apps.putServicePrincipal(sp);
    t.servicePrincipals.set(r.appId, sp);
  }

  const claim = (address: string, a: Parameters<TenantState['addresses']['set']>[1], source: TenantSpec['source']) => {
    const key = address.toLowerCase();
    const other = t.addresses.get(key);
    if (other && other.record !== a.record) throw new SeedError(source, `address '${address}' is used twice in tenant ${domain}`);
    t.addresses.set(key, a);
  };

  // Every password hash of the tenant at once (see password.ts).
  const userHashes = Promise.all(spec.users.map((u) => (u.password !== undefined ? hashPassword(u.password) : null)));
  const roomHashes = Promise.all(spec.rooms.map((r) => (r.password !== undefined ? hashPassword(r.password) : null)));
  // A SeedError may leave the loops before these are awaited; a failure must not go unobserved then.
  userHashes.catch(() => undefined);
  roomHashes.catch(() => undefined);
  const users: UserRecord[] = [];
  for (const [i, u] of spec.users.entries()) {
    const upn = u.upn.toLowerCase();
    const roles = u.roles.map((name) => {
      const id = roleTemplateId(name);
      if (!id) throw new SeedError(u.source, `unknown directory role '${name}'`);
      return id;
    });
    const record: UserRecord = {
      tenantId,
      id: u.id?.toLowerCase() ?? (await ctx.id(`user:${domain}:${upn}`)),
      kind: 'user',
      userPrincipalName: upn,
      // Entra sets `mail` from the Exchange mailbox's primary address: none without a licence.
      mail: u.mail?.toLowerCase() ?? (u.mailbox ? upn : null),
      displayName: u.displayName,
      givenName: u.givenName ?? null,
      surname: u.surname ?? null,
      jobTitle: u.jobTitle ?? null,
      department: u.department ?? null,
      officeLocation: u.officeLocation ?? null,
      managerId: null, // set below, once every user has an id
      passwordHash: (await userHashes)[i]!,
      roles,
      accountEnabled: u.accountEnabled,
      mailbox: u.mailbox,
      userType: u.userType,
      signInSessionsValidFromDateTime: null,
      room: null,
      createdDateTime: ctx.now,
    };
    users.push(record);
    claim(upn, { kind: 'user', record }, u.source);
    if (record.mail) claim(record.mail, { kind: 'user', record }, u.source);
  }
  for (const [i, u] of spec.users.entries()) {
    if (u.manager === undefined) continue;
    const manager = lookup(t, u.manager, u.source, 'manager', ['user']).record;
    users[i] = { ...users[i]!, managerId: manager.id };
  }
  for (const u of users) await directory.putUser(u);
  t.users = users.length;

  const rooms: UserRecord[] = [];
  for (const [i, r] of spec.rooms.entries()) {
    const email = r.email.toLowerCase();
    const record: UserRecord = {
      tenantId,
      // Same key shape as users: a room is a user object (a resource mailbox) in Entra.
      id: r.id?.toLowerCase() ?? (await ctx.id(`user:${domain}:${email}`)),
      kind: 'room',
      userPrincipalName: email,
      mail: email,
      displayName: r.displayName,
      givenName: null,
      surname: null,
      jobTitle: null,
      department: null,
      officeLocation: null,
      managerId: null,
      passwordHash: (await roomHashes)[i]!,
      roles: [],
      accountEnabled: r.accountEnabled,
      mailbox: true,
      userType: 'Member',
      signInSessionsValidFromDateTime: null,
      room: definedOnly({
        capacity: r.capacity,
        building: r.building,
        floor: r.floor,
        roomListEmail: r.roomList?.toLowerCase(),
        bookingType: r.bookingType,
        isWheelChairAccessible: r.isWheelChairAccessible,
        audioDeviceName: r.audioDeviceName,
        videoDeviceName: r.videoDeviceName,
        displayDeviceName: r.displayDeviceName,
        tags: r.tags,
        autoAccept: r.autoAccept,
        addOrganizerToSubject: r.addOrganizerToSubject,
        deleteSubject: r.deleteSubject,
      }) as NonNullable<UserRecord['room']>,
      createdDateTime: ctx.now,
    };
    await directory.putUser(record);
    rooms.push(record);
    claim(email, { kind: 'room', record }, r.source);
  }
  t.rooms = rooms.length;

  // Room lists: declared ones, plus one per address rooms name (the loader fills these in; a
  // hand-built file may leave them out).
  const roomLists = new Map<string, RoomListSpec>((spec.roomLists ?? []).map((l) => [l.email.toLowerCase(), l]));
  for (const r of spec.rooms) {
    const list = r.roomList?.toLowerCase();
    if (list && !roomLists.has(list)) roomLists.set(list, { email: list, displayName: list.split('@')[0]!, source: r.source });
  }
  for (const [email, l] of roomLists) {
    const record: GroupRecord = {
      tenantId,
      id: await ctx.id(`group:${domain}:${email}`),
      displayName: l.displayName,
      description: null,
      mail: email,
      mailNickname: email.split('@')[0]!,
      mailEnabled: true,
      securityEnabled: false,
      groupTypes: [],
      isRoomList: true,
      createdDateTime: ctx.now,
    };
    await directory.putGroup(record);
    claim(email, { kind: 'roomList', record }, l.source);
    t.groups++;
  }
  for (const room of rooms) {
    const list = room.room?.roomListEmail;
    if (list) await directory.addMember(tenantId, t.addresses.get(list)!.record.id, room.id, 'user');
  }

  const groups: GroupRecord[] = [];
  for (const g of spec.groups) {
    const mail = g.mail?.toLowerCase() ?? null;
    const record: GroupRecord = {
      tenantId,
      id: g.id?.toLowerCase() ?? (await ctx.id(`group:${domain}:${mail ?? g.displayName.toLowerCase()}`)),
      displayName: g.displayName,
      description: g.description ?? null,
      mail,
      mailNickname: mail ? mail.split('@')[0]! : g.displayName.replace(/[^A-Za-z0-9._-]/g, ''),
      mailEnabled: g.mailEnabled,
      securityEnabled: g.securityEnabled,
      groupTypes: g.groupTypes,
      isRoomList: false,
      createdDateTime: ctx.now,
    };
    await directory.putGroup(record);
    groups.push(record);
    if (mail) claim(mail, { kind: 'group', record }, g.source);
    t.groupMembers.set(record.id, g.members);
  }
  t.groups += groups.length;
  // Members after every group exists: groups may contain groups declared later.
  for (const [i, g] of spec.groups.entries()) {
    const groupId = groups[i]!.id;
    for (const m of g.members) {
      const member = lookup(t, m, g.source, 'member', ['user', 'room', 'group']);
      const type: MemberType = member.kind === 'group' ? 'group' : 'user';
      await directory.addMember(tenantId, groupId, member.record.id, type);
    }
    for (const o of g.owners) await directory.addMember(tenantId, groupId, lookup(t, o, g.source, 'owner', ['user']).record.id, 'user', 'owner');
  }

  for (const owner of [...users.filter((u) => u.mailbox), ...rooms]) {
    const calendar: CalendarRecord = {
      tenantId,
      id: await ctx.id(`calendar:${tenantId}:${owner.id}:calendar`),
      ownerId: owner.id,
      name: 'Calendar',
      isDefault: true,
      color: 'auto',
      changeKey: ctx.deps.ids.token(12),
    };
    await ctx.stores.events.putCalendar(calendar);
    t.calendars.set(owner.id, calendar);
  }
  return t;
}

/** Drops undefined values, so optional fields stay absent rather than null-ish. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
