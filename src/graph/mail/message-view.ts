import type { MessageRecord } from '../../store/mail/types.js';
import type { Authorization } from '../auth/authorize.js';
import type { CollectionSpec, PropertySpec, Resource } from '../odata/collection.js';

// The message resource as Outlook returns it (graph-docs message.md): every property by default,
// `@odata.etag` and `id` always, 10 per page. Mail.ReadBasic(.All) does not include the body:
// `body`, `bodyPreview` and `uniqueBody` read as null under it (graph-docs permissions-reference).

export const MESSAGE_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'conversationIndex',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
] as const;

const dt: PropertySpec = { filter: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'], orderby: 'basic' };
const str: PropertySpec = { filter: ['eq', 'ne', 'startswith', 'contains'], orderby: 'basic' };
const flag: PropertySpec = { filter: ['eq', 'ne'], orderby: 'basic' };
const none: PropertySpec = {};
const recipients: PropertySpec = { filter: ['any'] };

export const MESSAGE_SPEC: CollectionSpec = {
  type: 'message',
  resourceName: 'message',
  entitySet: 'messages',
  properties: {
    ...Object.fromEntries(MESSAGE_PROPERTIES.map((p) => [p, none])),
    id: { filter: ['eq'] },
    createdDateTime: dt,
    lastModifiedDateTime: dt,
    receivedDateTime: dt,
    sentDateTime: dt,
    subject: str,
    importance: flag,
    isRead: flag,
    isDraft: flag,
    hasAttachments: flag,
    inferenceClassification: flag,
    conversationId: { filter: ['eq'] },
    internetMessageId: { filter: ['eq'] },
    parentFolderId: { filter: ['eq'] },
    categories: { filter: ['any'] },
    toRecipients: recipients,
    ccRecipients: recipients,
    bccRecipients: recipients,
    'from/emailAddress/address': { filter: ['eq', 'ne', 'startswith'] },
    'from/emailAddress/name': { filter: ['eq', 'ne', 'startswith'] },
    'sender/emailAddress/address': { filter: ['eq', 'ne', 'startswith'] },
    'flag/flagStatus': { filter: ['eq', 'ne'] },
    'body/content': { filter: ['contains'] },
  },
  defaultSelect: MESSAGE_PROPERTIES,
  alwaysSelect: ['@odata.etag', 'id'],
  pageSize: 10,
  maxTop: 1000,
  skip: true,
  count: true,
  search: false,
  directoryAdvancedQueries: false,
};

const BODY_PROPERTIES = ['body', 'bodyPreview', 'uniqueBody'];

/** True when only Mail.ReadBasic(.All / .Shared) allowed the call. */
export function basicMailOnly(auth: Pick<Authorization, 'allowing'>): boolean {
  return auth.allowing.length > 0 && auth.allowing.every((p) => /^mail\.readbasic(\.all|\.shared)?$/i.test(p));
}

export function messageView(m: MessageRecord, opts: { basicOnly?: boolean } = {}): Resource {
  const out: Resource = { '@odata.etag': `W/"${String(m.data.changeKey ?? '')}"`, id: m.id };
  for (const p of MESSAGE_PROPERTIES) {
    if (p === 'id') continue;
    out[p] = p === 'parentFolderId' ? m.folderId : (m.data[p] ?? null);
  }
  if (opts.basicOnly) for (const p of BODY_PROPERTIES) if (p in out) out[p] = null;
  return out;
}

/** `@odata.context` entity set for a mailbox's messages. */
export const messagesEntitySet = (mailboxId: string, folderId?: string): string =>
  folderId ? `users('${mailboxId}')/mailFolders('${folderId}')/messages` : `users('${mailboxId}')/messages`;
