import type { FastifyInstance } from 'fastify';
import type { GraphArea } from '../index.js';
import type { GraphContext } from '../pipeline/context.js';
import { registerCreateApplication } from './apps/create-application.js';
import { registerCreateServicePrincipal } from './apps/create-service-principal.js';
import { registerDeleteApplication } from './apps/delete-application.js';
import { registerDeleteServicePrincipal } from './apps/delete-service-principal.js';
import { registerGetApplication } from './apps/get-application.js';
import { registerGetServicePrincipal } from './apps/get-service-principal.js';
import { registerListApplications } from './apps/list-applications.js';
import { registerListServicePrincipals } from './apps/list-service-principals.js';
import { registerUpdateApplication } from './apps/update-application.js';
import { registerUpdateServicePrincipal } from './apps/update-service-principal.js';
import { DeltaTracker } from './delta.js';
import { registerCreateAppRoleAssignment } from './grants/create-app-role-assignment.js';
import { registerCreateOAuth2PermissionGrant } from './grants/create-oauth2-permission-grant.js';
import { registerDeleteAppRoleAssignment } from './grants/delete-app-role-assignment.js';
import { registerDeleteOAuth2PermissionGrant } from './grants/delete-oauth2-permission-grant.js';
import { registerGetOAuth2PermissionGrant } from './grants/get-oauth2-permission-grant.js';
import { registerListAppRoleAssignments } from './grants/list-app-role-assignments.js';
import { registerListOAuth2PermissionGrants } from './grants/list-oauth2-permission-grants.js';
import { registerUpdateOAuth2PermissionGrant } from './grants/update-oauth2-permission-grant.js';
import { registerAddGroupMember } from './groups/add-group-member.js';
import { registerCreateGroup } from './groups/create-group.js';
import { registerDeleteGroup } from './groups/delete-group.js';
import { registerGetGroup } from './groups/get-group.js';
import { registerGroupsDelta } from './groups/groups-delta.js';
import { registerListGroupMembers } from './groups/list-group-members.js';
import { registerListGroups } from './groups/list-groups.js';
import { registerRemoveGroupMember } from './groups/remove-group-member.js';
import { registerUpdateGroup } from './groups/update-group.js';
import { registerGetOrganization } from './organization/get-organization.js';
import { registerListOrganization } from './organization/list-organization.js';
import { appRoleGrantRule, directoryCollectionRule, directoryObjectRule } from './rules.js';
import { registerCountUsers } from './users/count-users.js';
import { registerCreateUser } from './users/create-user.js';
import { registerDeleteUser } from './users/delete-user.js';
import { registerGetManager } from './users/get-manager.js';
import { registerGetUser } from './users/get-user.js';
import { registerListMemberOf } from './users/list-member-of.js';
import { registerListUsers } from './users/list-users.js';
import { registerRemoveManager } from './users/remove-manager.js';
import { registerRevokeSignInSessions } from './users/revoke-sign-in-sessions.js';
import { registerSetManager } from './users/set-manager.js';
import { registerUpdateUser } from './users/update-user.js';
import { registerUsersDelta } from './users/users-delta.js';

// The directory area: users, groups, the organization, applications, service principals, and the
// two kinds of consent records (appRoleAssignments, oauth2PermissionGrants), one route per file.

// One delta tracker per Graph surface (both version prefixes share it).
const trackers = new WeakMap<GraphContext, DeltaTracker>();

export const directoryArea: GraphArea = {
  name: 'directory',
  rules(registry) {
    registry.register('directoryObject', directoryObjectRule);
    registry.register('directoryCollection', directoryCollectionRule);
    registry.register('appRoleGrant', appRoleGrantRule);
  },
  routes(app: FastifyInstance, ctx: GraphContext) {
    let tracker = trackers.get(ctx);
    if (!tracker) trackers.set(ctx, (tracker = new DeltaTracker(ctx.s.ids)));
    // Users and /me
    registerListUsers(app);
    registerCountUsers(app);
    registerUsersDelta(app, tracker);
    registerGetUser(app);
    registerCreateUser(app);
    registerUpdateUser(app);
    registerDeleteUser(app);
    registerListMemberOf(app);
    registerGetManager(app);
    registerSetManager(app);
    registerRemoveManager(app);
    registerRevokeSignInSessions(app);
    // Groups
    registerListGroups(app);
    registerGroupsDelta(app, tracker);
    registerGetGroup(app);
    registerCreateGroup(app);
    registerUpdateGroup(app);
    registerDeleteGroup(app);
    registerListGroupMembers(app);
    registerAddGroupMember(app);
    registerRemoveGroupMember(app);
    // Organization
    registerListOrganization(app);
    registerGetOrganization(app);
    // Applications and service principals
    registerListApplications(app);
    registerGetApplication(app);
    registerCreateApplication(app);
    registerUpdateApplication(app);
    registerDeleteApplication(app);
    registerListServicePrincipals(app);
    registerGetServicePrincipal(app);
    registerCreateServicePrincipal(app);
    registerUpdateServicePrincipal(app);
    registerDeleteServicePrincipal(app);
    // Consent: application permissions (app role assignments) and delegated permissions
    registerListAppRoleAssignments(app);
    registerCreateAppRoleAssignment(app);
    registerDeleteAppRoleAssignment(app);
    registerListOAuth2PermissionGrants(app);
    registerGetOAuth2PermissionGrant(app);
    registerCreateOAuth2PermissionGrant(app);
    registerUpdateOAuth2PermissionGrant(app);
    registerDeleteOAuth2PermissionGrant(app);
  },
};
