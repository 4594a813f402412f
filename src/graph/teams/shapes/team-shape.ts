import type { TeamRecord } from '../../../store/teams/types.js';
import type { GroupRecord } from '../../../store/types.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';

// The Graph `team` resource (graph-docs resources/team.md). Name and description are the group's.

export function teamWebUrl(team: TeamRecord): string {
  return `https://teams.microsoft.com/l/team/${encodeURIComponent(team.internalId)}/conversations?groupId=${team.id}&tenantId=${team.tenantId}`;
}

export function toGraphTeam(team: TeamRecord, group: GroupRecord): Resource {
  return {
    id: team.id,
    createdDateTime: team.createdDateTime,
    displayName: group.displayName,
    description: group.description,
    internalId: team.internalId,
    classification: null,
    specialization: team.specialization,
    visibility: team.visibility,
    webUrl: teamWebUrl(team),
    isArchived: team.isArchived,
    tenantId: team.tenantId,
    isMembershipLimitedToOwners: false,
    memberSettings: { ...team.memberSettings },
    guestSettings: { ...team.guestSettings },
    messagingSettings: { ...team.messagingSettings },
    funSettings: { ...team.funSettings },
    discoverySettings: { ...team.discoverySettings },
  };
}

/** joinedTeams lists a team with only its basic facts set; Graph writes the rest as null (user-list-joinedteams.md). */
export function toJoinedTeam(team: TeamRecord, group: GroupRecord): Resource {
  const full = toGraphTeam(team, group);
  const kept = new Set(['id', 'displayName', 'description', 'isArchived', 'tenantId']);
  return Object.fromEntries(Object.entries(full).map(([k, v]) => [k, kept.has(k) ? v : null]));
}

export const TEAM_SPEC: CollectionSpec = {
  type: 'team',
  resourceName: 'Team',
  entitySet: 'teams',
  properties: {
    id: { filter: ['eq', 'in'] },
    createdDateTime: {},
    displayName: { filter: ['eq', 'startswith'], orderby: 'basic' },
    description: {},
    internalId: {},
    classification: {},
    specialization: {},
    visibility: {},
    webUrl: {},
    isArchived: { filter: ['eq'] },
    tenantId: {},
    isMembershipLimitedToOwners: {},
    memberSettings: {},
    guestSettings: {},
    messagingSettings: {},
    funSettings: {},
    discoverySettings: {},
  },
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: true,
  search: false,
  directoryAdvancedQueries: false,
};
