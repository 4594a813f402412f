import type { ChannelRecord } from '../../../store/teams/types.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';

// The Graph `channel` resource (graph-docs resources/channel.md).

export function toGraphChannel(c: ChannelRecord): Resource {
  return {
    id: c.id,
    createdDateTime: c.createdDateTime,
    displayName: c.displayName,
    description: c.description,
    isFavoriteByDefault: c.isFavoriteByDefault,
    email: c.email,
    tenantId: c.tenantId,
    webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(c.id)}/${encodeURIComponent(c.displayName)}?groupId=${c.teamId}&tenantId=${c.tenantId}`,
    membershipType: c.membershipType,
  };
}

export const CHANNEL_SPEC: CollectionSpec = {
  type: 'channel',
  resourceName: 'Channel',
  entitySet: 'channels',
  properties: {
    id: { filter: ['eq'] },
    createdDateTime: {},
    displayName: { filter: ['eq', 'startswith'], orderby: 'basic' },
    description: {},
    isFavoriteByDefault: {},
    email: {},
    tenantId: {},
    webUrl: {},
    // graph-docs channel-list.md: "$filter on membershipType" is the documented query.
    membershipType: { filter: ['eq', 'ne'] },
  },
  pageSize: 100,
  maxTop: 999,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: false,
};
