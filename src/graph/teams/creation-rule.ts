import type { TeamsOperationRecord } from '../../store/teams/types.js';
import type { GroupRecord } from '../../store/types.js';
import type { ResourceRef, ResourceRule, RuleOutcome } from '../auth/resource-rules.js';
import { graphErrors } from '../errors.js';
import { roleInTeam, teamsStore } from './access.js';

// Resource kinds for the Teams calls that come before a team exists:
// - teamCreation (POST /teams): guests cannot create teams [I: Teams' default policy];
// - teamGroup (PUT /groups/{id}/team): the group exists and is a Microsoft 365 group; a delegated
//   caller must own it [I];
// - teamOperation (GET /teams/{id}/operations/{opId}): the operation exists; a delegated caller
//   must be in the team's group (the creator is its owner). Graph documents no permissions for a
//   team's operations (teamsasyncoperation-get.md lists only chats'), so the route takes
//   POST /teams's (the creator polls with the token that created it) and this rule widens them with
//   GET /teams/{id}'s, from the catalog.

export interface TeamCreationResource extends ResourceRef {
  kind: 'teamCreation';
}
export interface TeamGroupResource extends ResourceRef {
  kind: 'teamGroup';
  groupId: string;
}
export interface TeamOperationResource extends ResourceRef {
  kind: 'teamOperation';
  teamId: string;
  operationId: string;
}

export const teamCreation = (): TeamCreationResource => ({ kind: 'teamCreation' });
export const teamGroup = (groupId: string): TeamGroupResource => ({ kind: 'teamGroup', groupId });
export const teamOperation = (teamId: string, operationId: string): TeamOperationResource => ({ kind: 'teamOperation', teamId, operationId });

const forbidden = (message: string, policy: string): RuleOutcome => ({
  allow: false,
  policy,
  error: graphErrors.teamsForbidden(message, { details: [{ code: 'tenantbox.teamsRule', message }] }),
});

export const teamCreationRule: ResourceRule<TeamCreationResource> = {
  name: 'teamCreation',
  async check({ s, tenant, principal }) {
    if (principal.scheme === 'application') return { allow: true };
    const me = await s.stores.directory.getUser(tenant.id, principal.userId!);
    if (me?.userType === 'Guest') return forbidden('Guest users cannot create teams.', 'Teams: guests cannot create teams');
    return { allow: true };
  },
};

export const teamGroupRule: ResourceRule<TeamGroupResource> = {
  name: 'teamGroup',
  async check({ s, tenant, principal, resource }) {
    const group: GroupRecord | undefined = await s.stores.directory.getGroup(tenant.id, resource.groupId);
    if (!group || group.id.toLowerCase() !== resource.groupId.toLowerCase()) return { allow: false, error: graphErrors.directoryResourceNotFound(resource.groupId) };
    if (principal.scheme === 'delegated' && (await roleInTeam(s, tenant.id, group.id, principal.userId!)) !== 'owner') {
      return forbidden(`Only owners of group '${group.id}' can create its team.`, 'Teams: group owner role required');
    }
    return { allow: true, target: group };
  },
};

export const teamOperationRule: ResourceRule<TeamOperationResource> = {
  name: 'teamOperation',
  widen(_accepted, { s, principal }) {
    return s.catalog.lookup('GET', '/teams/{id}', principal.scheme)?.permissions ?? [];
  },
  async check({ s, tenant, principal, resource }) {
    const op: TeamsOperationRecord | undefined = await teamsStore(s).getOperation(tenant.id, resource.teamId.toLowerCase(), resource.operationId.toLowerCase());
    if (!op) return { allow: false, error: graphErrors.teamsNotFound(`Operation '${resource.operationId}' was not found for team '${resource.teamId}'.`) };
    if (principal.scheme === 'delegated' && !(await roleInTeam(s, tenant.id, op.teamId, principal.userId!))) {
      return forbidden(`The signed-in user is not a member of team '${op.teamId}'.`, 'Teams membership');
    }
    return { allow: true, target: op };
  },
};
