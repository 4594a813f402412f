import { DIRECTORY_ROLES, canonicalRoleName } from './directory-roles.js';
import * as S from './schema.js';
import type { Path } from './source-map.js';
import type { Entry, TenantContext } from './tenant-context.js';
import type { GroupSpec, MailboxPermissionSpec, RoomListSpec, RoomSpec, SensitivityLabelSpec, UserSpec } from './types.js';
import { closest } from './zod-issues.js';

// Users, rooms, room lists and groups: defaults filled in, and one address book per tenant so every
// address (upn, user mail, room, group mail, room list) belongs to exactly one object.

export interface Directory {
  users: Entry<UserSpec>[];
  rooms: Entry<RoomSpec>[];
  roomLists: Entry<RoomListSpec>[];
  groups: Entry<GroupSpec>[];
  /** Every address in the tenant and what owns it. */
  addresses: Map<string, Owner>;
}

export type Owner =
  | { kind: 'user'; entry: Entry<UserSpec> }
  | { kind: 'room'; entry: Entry<RoomSpec> }
  | { kind: 'group'; entry: Entry<GroupSpec> }
  | { kind: 'roomList'; entry: Entry<RoomListSpec> };

export function buildDirectory(ctx: TenantContext, raw: { users: unknown[]; rooms: unknown[]; roomLists: unknown[]; groups: unknown[] }): Directory {
  const dir: Directory = { users: [], rooms: [], roomLists: [], groups: [], addresses: new Map() };

  const claim = (address: string, owner: Owner, at: Path, what: string) => {
    const existing = dir.addresses.get(address);
    if (existing && existing.entry !== owner.entry) {
      const where = existing.entry.spec.source;
      ctx.report(at, `${what} '${address}' is already used by ${where.path} (line ${where.line}); every address in a tenant must be unique`);
      return;
    }
    dir.addresses.set(address, owner);
  };

  for (const { spec: u, path } of ctx.parseItems(['users'], raw.users, S.User)) {
    const roles: string[] = [];
    u.roles.forEach((role, j) => {
      const canonical = canonicalRoleName(role);
      if (canonical) {
        if (!roles.includes(canonical)) roles.push(canonical);
        return;
      }
      const known = Object.keys(DIRECTORY_ROLES);
      const hint = closest(role, known);
      ctx.report([...path, 'roles', j], `unknown directory role '${role}'${hint ? ` (did you mean '${hint}'?)` : ''}; known roles: ${known.join(', ')}`);
    });
    const entry: Entry<UserSpec> = { path, spec: { ...u, roles, source: ctx.source(path) } };
    if (dir.users.some((other) => other.spec.upn === u.upn)) {
      const first = dir.users.find((other) => other.spec.upn === u.upn)!.spec.source;
      ctx.report([...path, 'upn'], `duplicate upn '${u.upn}'; already declared at ${first.path} (line ${first.line})`);
      continue;
    }
    dir.users.push(entry);
    claim(u.upn, { kind: 'user', entry }, [...path, 'upn'], 'upn');
    if (u.mail && u.mail !== u.upn) claim(u.mail, { kind: 'user', entry }, [...path, 'mail'], 'mail');
  }

  for (const { spec: r, path } of ctx.parseItems(['rooms'], raw.rooms, S.Room)) {
    // Room accounts are disabled in Exchange Online unless someone sets a password to sign in as the room.
    const accountEnabled = r.accountEnabled ?? r.password !== undefined;
    if (accountEnabled && r.password === undefined) ctx.report([...path, 'accountEnabled'], "an enabled room account needs a 'password' to sign in with");
    const entry: Entry<RoomSpec> = { path, spec: { ...r, accountEnabled, source: ctx.source(path) } };
    dir.rooms.push(entry);
    claim(r.email, { kind: 'room', entry }, [...path, 'email'], 'email');
  }

  for (const { spec: l, path } of ctx.parseItems(['roomLists'], raw.roomLists, S.RoomList)) {
    const entry: Entry<RoomListSpec> = { path, spec: { ...l, source: ctx.source(path) } };
    dir.roomLists.push(entry);
    claim(l.email, { kind: 'roomList', entry }, [...path, 'email'], 'email');
  }
  // A room list named only on rooms is created implicitly, titled after its address.
  for (const room of dir.rooms) {
    const list = room.spec.roomList;
    if (!list) continue;
    const owner = dir.addresses.get(list);
    if (owner?.kind === 'roomList') continue;
    if (owner) {
      ctx.report([...room.path, 'roomList'], `roomList '${list}' is a ${describeOwner(owner)} (${owner.entry.spec.source.path}), not a room list`);
      continue;
    }
    const entry: Entry<RoomListSpec> = { path: [...room.path, 'roomList'], spec: { email: list, displayName: list.split('@')[0], source: ctx.source([...room.path, 'roomList']) } };
    dir.roomLists.push(entry);
    dir.addresses.set(list, { kind: 'roomList', entry });
  }

  for (const { spec: g, path } of ctx.parseItems(['groups'], raw.groups, S.Group)) {
    const unified = g.groupTypes.includes('Unified');
    // Defaults: a group with a mail address (or a Microsoft 365 group) is mail-enabled; a group that
    // is not mail-enabled is a security group. Mail-enabled security groups say so explicitly.
    const mailEnabled = g.mailEnabled ?? (unified || g.mail !== undefined);
    const securityEnabled = g.securityEnabled ?? !mailEnabled;
    const spec: GroupSpec = {
      ...g,
      mailEnabled,
      securityEnabled,
      team: g.team ? { channels: g.team.channels } : undefined,
      source: ctx.source(path),
    };
    if (spec.team === undefined) delete spec.team;
    if (mailEnabled && !g.mail) ctx.report(path, "a mail-enabled group needs 'mail' (its SMTP address)");
    if (!mailEnabled && g.mail) ctx.report([...path, 'mail'], "only mail-enabled groups have an address; set 'mailEnabled: true' or remove 'mail'");
    if (unified && !mailEnabled) ctx.report([...path, 'mailEnabled'], 'a Microsoft 365 group (groupTypes: [Unified]) is always mail-enabled');
    if (!mailEnabled && !securityEnabled) ctx.report(path, 'a group must be mail-enabled, security-enabled, or both');
    if (g.team && !unified) ctx.report([...path, 'team'], "only a Microsoft 365 group (groupTypes: [Unified]) can have a team");
    const seen = new Set<string>();
    g.team?.channels.forEach((c, j) => {
      const name = c.displayName.toLowerCase();
      if (name === 'general') ctx.report([...path, 'team', 'channels', j, 'displayName'], "every team has a 'General' channel already; leave it out");
      else if (seen.has(name)) ctx.report([...path, 'team', 'channels', j, 'displayName'], `duplicate channel '${c.displayName}' in this team`);
      seen.add(name);
    });
    const entry: Entry<GroupSpec> = { path, spec };
    dir.groups.push(entry);
    if (g.mail) claim(g.mail, { kind: 'group', entry }, [...path, 'mail'], 'mail');
  }
  return dir;
}

export function describeOwner(owner: Owner): string {
  switch (owner.kind) {
    case 'user':
      return owner.entry.spec.userType === 'Guest' ? 'guest user' : 'user';
    case 'room':
      return 'room mailbox';
    case 'roomList':
      return 'room list';
    case 'group':
      return describeGroup(owner.entry.spec);
  }
}

export function describeGroup(g: GroupSpec): string {
  if (g.groupTypes.includes('Unified')) return 'Microsoft 365 group';
  if (g.mailEnabled && g.securityEnabled) return 'mail-enabled security group';
  if (g.mailEnabled) return 'distribution group';
  return 'security group';
}

const FOLDER_RIGHTS = new Set(['AvailabilityOnly', 'LimitedDetails', 'Reviewer', 'Editor', 'Author', 'PublishingEditor', 'Owner']);

export function normalizeMailboxPermissions(ctx: TenantContext, raw: unknown[]): Entry<MailboxPermissionSpec>[] {
  const out: Entry<MailboxPermissionSpec>[] = [];
  for (const { spec: m, path } of ctx.parseItems(['mailboxPermissions'], raw, S.MailboxPermission)) {
    if (m.folder === undefined && m.rights !== 'FullAccess') {
      ctx.report([...path, 'rights'], `'${m.rights}' is a folder permission; add 'folder: Calendar' (without a folder only FullAccess is valid)`);
    }
    if (m.folder !== undefined && !FOLDER_RIGHTS.has(m.rights)) {
      ctx.report([...path, 'rights'], `FullAccess is a mailbox-level permission; remove 'folder' or use one of: ${[...FOLDER_RIGHTS].join(', ')}`);
    }
    if (m.sharingPermissionFlags && m.rights !== 'Editor') {
      ctx.report([...path, 'sharingPermissionFlags'], "sharingPermissionFlags (Delegate, CanViewPrivateItems) apply only to 'rights: Editor' on the Calendar folder");
    }
    if (m.sharingPermissionFlags?.includes('CanViewPrivateItems') && !m.sharingPermissionFlags.includes('Delegate')) {
      ctx.report([...path, 'sharingPermissionFlags'], 'CanViewPrivateItems requires Delegate');
    }
    const dup = out.find((o) => o.spec.mailbox === m.mailbox && o.spec.grantee === m.grantee && o.spec.folder === m.folder);
    if (dup) ctx.report(path, `duplicate permission for ${m.grantee} on ${m.mailbox}${m.folder ? ` (${m.folder})` : ''}; first at ${dup.spec.source.path} (line ${dup.spec.source.line})`);
    out.push({ path, spec: { ...m, source: ctx.source(path) } });
  }
  return out;
}

export function normalizeSensitivityLabels(ctx: TenantContext, raw: unknown[]): Entry<SensitivityLabelSpec>[] {
  const out: Entry<SensitivityLabelSpec>[] = [];
  ctx.parseItems(['sensitivityLabels'], raw, S.SensitivityLabel).forEach(({ spec: l, path }, i) => {
    const dup = out.find((o) => o.spec.name.toLowerCase() === l.name.toLowerCase());
    if (dup) ctx.report([...path, 'name'], `duplicate label '${l.name}'; first at ${dup.spec.source.path} (line ${dup.spec.source.line})`);
    // Sensitivity orders labels (higher = more sensitive); by default the order they are written in.
    out.push({ path, spec: { ...l, sensitivity: l.sensitivity ?? i, source: ctx.source(path) } });
  });
  return out;
}
