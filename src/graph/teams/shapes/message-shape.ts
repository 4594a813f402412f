import type { ChannelMessageRecord } from '../../../store/teams/types.js';
import type { CollectionSpec, Resource } from '../../odata/collection.js';

// The Graph `chatMessage` resource (graph-docs resources/chatmessage.md). The stored body is the
// resource as created; replies are not embedded (`$expand=replies` is not emulated).

export function toGraphMessage(m: ChannelMessageRecord): Resource {
  return { ...m.data };
}

export const MESSAGE_SPEC: CollectionSpec = {
  type: 'chatMessage',
  resourceName: 'ChatMessage',
  entitySet: 'messages',
  properties: Object.fromEntries(
    [
      'id', 'replyToId', 'etag', 'messageType', 'createdDateTime', 'lastModifiedDateTime', 'lastEditedDateTime', 'deletedDateTime', 'subject', 'summary',
      'chatId', 'importance', 'locale', 'webUrl', 'policyViolation', 'eventDetail', 'from', 'body', 'channelIdentity', 'attachments', 'mentions', 'reactions',
    ].map((p) => [p, {}]),
  ),
  // graph-docs channel-list-messages.md: page size 20 by default, $top up to 50.
  pageSize: 20,
  maxTop: 50,
  skip: false,
  count: false,
  search: false,
  directoryAdvancedQueries: false,
};
