import type { UserRecord } from '../../../store/types.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';
import { membershipId } from '../access.js';

// The Graph `aadUserConversationMember` resource (graph-docs resources/aaduserconversationmember.md),
// for team members (container = team id) and private channel members (container = channel id).

export function toGraphMember(kind: 'team' | 'channel', tenantId: string, containerId: string, user: UserRecord, roles: readonly string[]): Resource {
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    id: membershipId(kind, tenantId, containerId, user.id),
    roles: [...roles],
    displayName: user.displayName,
    visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
    userId: user.id,
    email: user.mail ?? user.userPrincipalName,
    tenantId,
  };
}

export const MEMBER_SPEC: CollectionSpec = {
  type: 'conversationMember',
  resourceName: 'ConversationMember',
  entitySet: 'members',
  properties: {
    id: { filter: ['eq'] },
    roles: { filter: ['any'] },
    displayName: { filter: ['eq', 'startswith'] },
    visibleHistoryStartDateTime: {},
    userId: { filter: ['eq'] },
    email: { filter: ['eq'] },
    tenantId: {},
  },
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: false,
};
