import type { NormalizedPolicies } from './normalize-apps.js';
import { describeGroup, describeOwner, type Directory, type Owner } from './normalize-directory.js';
import { isGuid } from './schema.js';
import type { Path } from './source-map.js';
import type { Entry, TenantContext } from './tenant-context.js';
import type { AppSpec, ConsentSpec, EventSpec, MailboxPermissionSpec } from './types.js';
import { closest } from './zod-issues.js';

// References between the parts of a tenant (and, for multi-tenant apps, between tenants of the
// same file). Each dangling or ill-typed reference is one problem at the line that makes it.

export interface TenantBuild {
  ctx: TenantContext;
  domain: string;
  dir: Directory;
  mailboxPermissions: Entry<MailboxPermissionSpec>[];
  apps: Entry<AppSpec>[];
  consents: Entry<ConsentSpec>[];
  policies: NormalizedPolicies;
  events: Entry<EventSpec>[];
}

type Kind = Owner['kind'];

const KIND_WORDS: Record<Kind, string> = { user: 'user', room: 'room', group: 'group', roomList: 'room list' };

export function crossCheck(t: TenantBuild, all: TenantBuild[]): void {
  const { ctx, dir } = t;

  // Resolves an address to one of the allowed kinds of object, reporting what is wrong otherwise.
  const ref = (at: Path, address: string, kinds: Kind[], role: string): Owner | undefined => {
    const owner = dir.addresses.get(address);
    if (!owner) {
      if (!ctx.isUnresolvable(address)) {
        const hint = closest(address, [...dir.addresses.keys()]);
        const what = kinds.map((k) => KIND_WORDS[k]).join(' or ');
        ctx.report(at, `unknown ${role} '${address}': no ${what} in tenant ${t.domain} has this address${hint ? ` (did you mean '${hint}'?)` : ''}`);
      }
      return undefined;
    }
    if (!kinds.includes(owner.kind)) {
      ctx.report(at, `${role} '${address}' is a ${describeOwner(owner)} (${owner.entry.spec.source.path}); expected a ${kinds.map((k) => KIND_WORDS[k]).join(' or ')}`);
      return undefined;
    }
    return owner;
  };
  const mailbox = (at: Path, address: string, role: string): void => {
    const owner = ref(at, address, ['user', 'room'], role);
    if (owner?.kind === 'user' && !owner.entry.spec.mailbox) {
      ctx.report(at, `${role} '${address}' has no mailbox (${owner.entry.spec.source.path} sets mailbox: false)`);
    }
  };
  const app = (at: Path, name: string): void => {
    resolveApp(t, all, at, name);
  };

  for (const { spec: u, path } of dir.users) {
    if (u.manager === undefined) continue;
    if (u.manager === u.upn) ctx.report([...path, 'manager'], 'a user cannot be their own manager');
    else ref([...path, 'manager'], u.manager, ['user'], 'manager');
  }

  for (const { spec: g, path } of dir.groups) {
    g.members.forEach((m, j) => {
      if (g.mail === m) ctx.report([...path, 'members', j], 'a group cannot be a member of itself');
      else ref([...path, 'members', j], m, ['user', 'room', 'group'], 'member');
    });
    g.owners.forEach((o, j) => ref([...path, 'owners', j], o, ['user'], 'owner'));
  }

  for (const { spec: m, path } of t.mailboxPermissions) {
    mailbox([...path, 'mailbox'], m.mailbox, 'mailbox');
    ref([...path, 'grantee'], m.grantee, ['user'], 'grantee');
  }

  for (const { spec: c, path } of t.consents) {
    app([...path, 'app'], c.app);
    if (c.user !== undefined) ref([...path, 'user'], c.user, ['user'], 'user');
  }

  for (const { spec: p, path } of t.policies.applicationAccess) {
    app([...path, 'app'], p.app);
    const owner = ref([...path, 'group'], p.group, ['user', 'group', 'room', 'roomList'], 'policy scope');
    if (!owner) continue;
    // Exchange's rule for New-ApplicationAccessPolicy -PolicyScopeGroupId: security principals only.
    const rule =
      'Exchange accepts only a mail-enabled security group or a user mailbox as the scope of an application access policy ' +
      '(room, equipment and shared mailboxes, Microsoft 365 groups and distribution groups are rejected)';
    if (owner.kind === 'room') {
      ctx.report([...path, 'group'], `'${p.group}' is a room mailbox; ${rule}. Put the rooms in a mail-enabled security group and scope the policy to that group`);
    } else if (owner.kind === 'roomList') {
      ctx.report([...path, 'group'], `'${p.group}' is a room list; ${rule}. Put the rooms in a mail-enabled security group and scope the policy to that group`);
    } else if (owner.kind === 'group') {
      const g = owner.entry.spec;
      if (!(g.mailEnabled && g.securityEnabled && !g.groupTypes.includes('Unified'))) ctx.report([...path, 'group'], `'${p.group}' is a ${describeGroup(g)}; ${rule}`);
    } else if (!owner.entry.spec.mailbox) {
      ctx.report([...path, 'group'], `'${p.group}' is a user without a mailbox (mailbox: false); ${rule}`);
    }
  }

  const granted = new Map<string, string>();
  let globalPolicy: string | undefined;
  for (const { spec: p, path } of t.policies.teamsApplicationAccess) {
    p.apps.forEach((a, j) => app([...path, 'apps', j], a));
    p.grantTo.forEach((u, j) => {
      ref([...path, 'grantTo', j], u, ['user'], 'user');
      const other = granted.get(u);
      // A user holds at most one Teams application access policy (a new grant replaces the old one).
      if (other) ctx.report([...path, 'grantTo', j], `'${u}' is already granted policy '${other}'; a user can hold only one Teams application access policy`);
      else granted.set(u, p.name);
    });
    if (p.global) {
      if (globalPolicy) ctx.report([...path, 'global'], `policy '${globalPolicy}' is already granted globally; only one policy can be the global one`);
      else globalPolicy = p.name;
    }
  }

  for (const { spec: e, path } of t.events) {
    // An organizer needs a mailbox to send invitations; the calendar (default: the organizer's) holds the event.
    mailbox([...path, 'organizer'], e.organizer, 'organizer');
    if (e.calendar !== e.organizer) mailbox([...path, 'calendar'], e.calendar, 'calendar');
    e.attendees.forEach((a, j) => {
      // Addresses outside the tenant's domain are external attendees; inside it they must exist.
      if (dir.addresses.has(a.address) || a.address.endsWith(`@${t.domain}`)) ref([...path, 'attendees', j], a.address, ['user', 'room', 'group'], 'attendee');
    });
  }

  checkAppResources(t, all);
}

function findApp(t: TenantBuild, ref: string): Entry<AppSpec> | undefined {
  const lower = ref.toLowerCase();
  return t.apps.find((a) => a.spec.displayName === ref || (a.spec.appId !== undefined && a.spec.appId === lower));
}

export function resolveApp(t: TenantBuild, all: TenantBuild[], at: Path, name: string): Entry<AppSpec> | undefined {
  const local = findApp(t, name);
  if (local) return local;
  for (const other of all) {
    if (other === t) continue;
    const found = findApp(other, name);
    if (!found) continue;
    if (!found.spec.multiTenant) {
      t.ctx.report(at, `app '${name}' is registered in ${other.domain} as a single-tenant app; set 'multiTenant: true' on it to use it in ${t.domain}`);
      return undefined;
    }
    return found;
  }
  if (!t.ctx.isUnresolvable(name)) {
    const names = all.flatMap((b) => b.apps.filter((a) => b === t || a.spec.multiTenant).map((a) => a.spec.displayName));
    const hint = closest(name, names);
    t.ctx.report(at, `unknown app '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected the displayName or appId of an app in this file${names.length ? ` (${names.join(', ')})` : ''}`);
  }
  return undefined;
}

/** Custom APIs (on-behalf-of middle tiers) referenced in requiredResourceAccess must be apps of this file. */
function checkAppResources(t: TenantBuild, all: TenantBuild[]): void {
  const everyApp = all.flatMap((b) => b.apps);
  for (const { spec: a, path } of t.apps) {
    for (const [resource, access] of Object.entries(a.requiredResourceAccess)) {
      if (resource === 'graph') continue;
      const at = [...path, 'requiredResourceAccess', resource];
      const target = everyApp.find((x) => x.spec.appId === resource || (x.spec.api?.identifierUri !== undefined && x.spec.api.identifierUri === resource));
      if (!target) {
        if (resource.startsWith('api://')) t.ctx.report(at, `no app in this file exposes the identifier URI '${resource}' (api.identifierUri)`, 'key');
        continue;
      }
      const scopes = target.spec.api?.scopes ?? [];
      access.delegated.forEach((s, j) => {
        if (!scopes.includes(s)) t.ctx.report([...at, 'delegated', j], `app '${target.spec.displayName}' does not expose scope '${s}'; its api.scopes are: ${scopes.join(', ') || '(none)'}`);
      });
      if (access.application.length > 0) {
        t.ctx.report([...at, 'application'], `app '${target.spec.displayName}' defines no app roles (tenant files do not declare app roles yet), so it has no application permissions to request`);
      }
    }
    a.api?.knownClientApplications.forEach((c, j) => {
      if (!isGuid(c)) resolveApp(t, all, [...path, 'api', 'knownClientApplications', j], c);
    });
  }
}
