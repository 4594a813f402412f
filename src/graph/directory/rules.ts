import { DIRECTORY_ROLES } from '../../tenant-file/directory-roles.js';
import { GRAPH_APP_ID, type UserRecord } from '../../store/types.js';
import type { GraphPrincipal } from '../auth/principal.js';
import type { ResourceRef, ResourceRule, RuleContext, RuleOutcome } from '../auth/resource-rules.js';
import { graphErrors } from '../errors.js';
import { isOwner } from './ownership.js';

// What the directory adds to the permission check (semantics doc §1.2, §1.3.7, §4.7):
// - A delegated call reaches only what the signed-in user could: scopes without a suffix
//   (User.Read, User.ReadWrite) reach the user's own object only; guests cannot enumerate users
//   or groups (they may read one object by id); changing other objects takes an Entra role
//   (or ownership), as the portal would require of the user.
// - Application.ReadWrite.OwnedBy reaches only objects the app owns.
// - App roles of Microsoft Graph itself are granted only with AppRoleAssignment.ReadWrite.All
//   (an app) or by a Privileged Role / Global Administrator (a user).
// Which roles may do what follows Microsoft Entra's built-in roles reference [D]; it is the one
// table tenantbox keeps by hand (ADMIN_ROLES), since Microsoft publishes no machine-readable one.

export type DirectoryType = 'user' | 'group' | 'application' | 'servicePrincipal' | 'oauth2PermissionGrant' | 'organization';

export interface DirectoryObjectResource extends ResourceRef {
  kind: 'directoryObject';
  type: DirectoryType;
  /** Object id (or a UPN for users, 'me' for the signed-in user). */
  id: string;
  access: 'read' | 'update' | 'delete' | 'manage';
  /** For a user's own update: the properties being changed. */
  properties?: string[];
}

export interface DirectoryCollectionResource extends ResourceRef {
  kind: 'directoryCollection';
  type: 'users' | 'groups' | 'applications' | 'servicePrincipals' | 'oauth2PermissionGrants' | 'organization';
  access: 'list' | 'create';
}

export interface AppRoleGrantResource extends ResourceRef {
  kind: 'appRoleGrant';
  /** The resource service principal whose app role is assigned or removed. */
  resourceId: string;
}

export const directoryObject = (type: DirectoryType, id: string, access: DirectoryObjectResource['access'] = 'read', properties?: string[]): DirectoryObjectResource => ({
  kind: 'directoryObject',
  type,
  id,
  access,
  ...(properties ? { properties } : {}),
});
export const directoryCollection = (type: DirectoryCollectionResource['type'], access: DirectoryCollectionResource['access'] = 'list'): DirectoryCollectionResource => ({
  kind: 'directoryCollection',
  type,
  access,
});
export const appRoleGrant = (resourceId: string): AppRoleGrantResource => ({ kind: 'appRoleGrant', resourceId });

const role = (name: keyof typeof DIRECTORY_ROLES | string) => DIRECTORY_ROLES[name]!;
const GA = 'Global Administrator';
/** Who (besides owners) may change which objects with delegated rights. */
export const ADMIN_ROLES = {
  user: [GA, 'User Administrator'],
  group: [GA, 'Groups Administrator', 'User Administrator'],
  application: [GA, 'Application Administrator', 'Cloud Application Administrator'],
  servicePrincipal: [GA, 'Application Administrator', 'Cloud Application Administrator'],
  oauth2PermissionGrant: [GA, 'Privileged Role Administrator', 'Application Administrator', 'Cloud Application Administrator'],
  organization: [GA],
  graphAppRole: [GA, 'Privileged Role Administrator'],
  otherAppRole: [GA, 'Privileged Role Administrator', 'Application Administrator', 'Cloud Application Administrator'],
} as const;

/** What a non-admin may change on their own user object (the profile fields users edit themselves). */
const SELF_EDITABLE = new Set(['businessPhones', 'mobilePhone', 'preferredLanguage', 'aboutMe', 'birthday', 'interests', 'mySite', 'pastProjects', 'preferredName', 'responsibilities', 'schools', 'skills']);

/** Scopes that reach only the signed-in user's own object (no `.All` suffix, §1.2.2). */
const isSelfOnly = (p: string) => /^user\.(read|readwrite)$/i.test(p);

const deny = (reason: string, opts: { missing?: string[]; policy?: string } = {}): RuleOutcome => ({
  allow: false,
  missing: opts.missing,
  policy: opts.policy,
  error: graphErrors.directoryDenied({ details: [{ code: 'tenantbox.directoryRule', message: reason }] }),
});

async function signedInUser(ctx: RuleContext): Promise<UserRecord | undefined> {
  return ctx.principal.userId ? ctx.s.stores.directory.getUser(ctx.tenant.id, ctx.principal.userId) : undefined;
}

function hasRole(user: UserRecord | undefined, names: readonly string[]): boolean {
  if (!user) return false;
  const ids = new Set(user.roles.map((r) => r.toLowerCase()));
  return names.some((n) => ids.has(role(n).toLowerCase()));
}

function needRole(names: readonly string[], what: string): RuleOutcome {
  return deny(`The signed-in user needs one of these Entra roles to ${what}: ${names.join(', ')}.`, { policy: `Entra directory role required: ${names.join(' or ')}` });
}

async function resolve(ctx: RuleContext<DirectoryObjectResource>): Promise<{ id: string; target: unknown } | undefined> {
  const { s, tenant, principal, resource } = ctx;
  const id = resource.id.toLowerCase() === 'me' && resource.type === 'user' ? (principal.userId ?? '') : resource.id;
  switch (resource.type) {
    case 'user': {
      const u = await s.stores.directory.getUser(tenant.id, id);
      return u ? { id: u.id, target: u } : undefined;
    }
    case 'group': {
      const g = await s.stores.directory.getGroup(tenant.id, id);
      return g && g.id.toLowerCase() === id.toLowerCase() ? { id: g.id, target: g } : undefined;
    }
    case 'application': {
      const a = await s.stores.apps.getApplication(tenant.id, id);
      return a && a.id.toLowerCase() === id.toLowerCase() ? { id: a.id, target: a } : undefined;
    }
    case 'servicePrincipal': {
      const sp = await s.stores.apps.getServicePrincipal(tenant.id, id);
      return sp && sp.id.toLowerCase() === id.toLowerCase() ? { id: sp.id, target: sp } : undefined;
    }
    case 'oauth2PermissionGrant': {
      const g = await s.stores.grants.getDelegatedGrant(tenant.id, id);
      return g ? { id: g.id, target: g } : undefined;
    }
    case 'organization':
      return id.toLowerCase() === tenant.id.toLowerCase() ? { id: tenant.id, target: tenant } : undefined;
  }
}

const ownedByOnly = (ctx: RuleContext) => ctx.principal.scheme === 'application' && ctx.allowing.every((p) => /\.ownedby$/i.test(p));

export const directoryObjectRule: ResourceRule<DirectoryObjectResource> = {
  name: 'directoryObject',
  async check(ctx) {
    const { principal, resource, allowing, accepted } = ctx;
    const found = await resolve(ctx);
    if (!found) return { allow: false, error: graphErrors.directoryResourceNotFound(resource.id) };
    const outcome = (): RuleOutcome => ({ allow: true, target: found.target });

    if (principal.scheme === 'application') {
      if (ownedByOnly(ctx) && !(await isOwner(ctx.s, ctx.tenant.id, found.id, principal.servicePrincipalId))) {
        return deny(`Application.ReadWrite.OwnedBy reaches only objects the app owns, and it does not own ${resource.type} ${found.id}.`, {
          missing: accepted.filter((p) => !/\.ownedby$/i.test(p)),
        });
      }
      return outcome();
    }

    const self = resource.type === 'user' && found.id.toLowerCase() === principal.userId?.toLowerCase();
    // Scopes without a suffix reach the user's own object only.
    if (!self && allowing.every(isSelfOnly)) {
      return deny(`${allowing.join(', ')} reaches only the signed-in user's own profile.`, { missing: accepted.filter((p) => !isSelfOnly(p)) });
    }
    if (resource.access === 'read') {
      const me = await signedInUser(ctx);
      if (me?.userType === 'Guest' && !['user', 'group'].includes(resource.type)) return deny('Guest users cannot read this kind of directory object.');
      return outcome();
    }

    // Changes: one's own profile fields, an owner's object, or an admin role.
    const me = await signedInUser(ctx);
    if (self && resource.access === 'update' && (resource.properties ?? []).every((p) => SELF_EDITABLE.has(p))) return outcome();
    if (resource.type === 'user' && self && resource.access === 'manage') return outcome();
    if (resource.type === 'group' && me) {
      const owners = await ctx.s.stores.directory.listMembers(ctx.tenant.id, found.id, 'owner');
      if (owners.some((o) => o.id.toLowerCase() === me.id.toLowerCase())) return outcome();
    }
    if ((resource.type === 'application' || resource.type === 'servicePrincipal') && (await isOwner(ctx.s, ctx.tenant.id, found.id, principal.userId))) {
      return outcome();
    }
    const roles = ADMIN_ROLES[resource.type];
    if (hasRole(me, roles)) return outcome();
    return needRole(roles, `${resource.access} this ${resource.type}`);
  },
};

export const directoryCollectionRule: ResourceRule<DirectoryCollectionResource> = {
  name: 'directoryCollection',
  async check(ctx) {
    const { principal, resource } = ctx;
    if (principal.scheme === 'application') return { allow: true };
    const me = await signedInUser(ctx);
    if (resource.access === 'list') {
      if (me?.userType === 'Guest') return deny(`Guest users cannot enumerate ${resource.type}; they may read one object by its id.`);
      return { allow: true };
    }
    // Creating: any member may create groups and register applications (Entra's default user
    // settings); users, service principals and grants take an admin role.
    if (resource.type === 'groups' || resource.type === 'applications') {
      return me?.userType === 'Guest' ? deny(`Guest users cannot create ${resource.type}.`) : { allow: true };
    }
    const roles =
      resource.type === 'users' ? ADMIN_ROLES.user : resource.type === 'servicePrincipals' ? ADMIN_ROLES.servicePrincipal : ADMIN_ROLES.oauth2PermissionGrant;
    return hasRole(me, roles) ? { allow: true } : needRole(roles, `create ${resource.type}`);
  },
};

export const appRoleGrantRule: ResourceRule<AppRoleGrantResource> = {
  name: 'appRoleGrant',
  async check(ctx) {
    const { s, tenant, principal, resource, allowing } = ctx;
    const sp = await s.stores.apps.getServicePrincipal(tenant.id, resource.resourceId);
    if (!sp || sp.id.toLowerCase() !== resource.resourceId.toLowerCase()) return { allow: false, error: graphErrors.directoryResourceNotFound(resource.resourceId) };
    const isGraph = sp.appId === GRAPH_APP_ID;
    if (principal.scheme === 'application') {
      if (isGraph && !allowing.some((p) => /^approleassignment\.readwrite\.all$/i.test(p))) {
        return deny("Granting Microsoft Graph's own app roles needs AppRoleAssignment.ReadWrite.All; Application.ReadWrite.All grants other APIs' roles only.", {
          missing: ['AppRoleAssignment.ReadWrite.All'],
        });
      }
      return { allow: true, target: sp };
    }
    const me = await signedInUser(ctx);
    const roles = isGraph ? ADMIN_ROLES.graphAppRole : ADMIN_ROLES.otherAppRole;
    if (hasRole(me, roles) || (!isGraph && (await isOwner(s, tenant.id, sp.id, principal.userId)))) return { allow: true, target: sp };
    return needRole(roles, `assign app roles of ${isGraph ? 'Microsoft Graph' : sp.displayName}`);
  },
};

/** Can the caller read objects of this type (§1.2.5: otherwise only @odata.type and id show)? */
export function canReadType(ctx: { s: { catalog: import('../../catalog/index.js').Catalog } }, principal: GraphPrincipal, type: 'user' | 'group' | 'servicePrincipal'): boolean {
  const path = type === 'user' ? '/users/{id}' : type === 'group' ? '/groups/{id}' : '/servicePrincipals/{id}';
  const match = ctx.s.catalog.lookup('GET', path, principal.scheme);
  return Boolean(match?.permissions.some((p) => principal.grantedLower.has(p.toLowerCase()) && !isSelfOnly(p)));
}
