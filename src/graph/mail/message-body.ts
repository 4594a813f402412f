import type { Services } from '../../shared/services.js';
import type { TenantRecord, UserRecord } from '../../store/types.js';
import type { Body } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';

// What a create, update or sendMail body may say about a message, checked the way Outlook does,
// and the Graph message body built from it. Attachments are not emulated (501 naming them).

export interface Recipient {
  emailAddress: { name: string; address: string };
}

export interface MessageInput {
  subject?: string;
  body?: { contentType: 'text' | 'html'; content: string };
  toRecipients?: Recipient[];
  ccRecipients?: Recipient[];
  bccRecipients?: Recipient[];
  replyTo?: Recipient[];
  from?: Recipient | null;
  sender?: Recipient | null;
  importance?: 'low' | 'normal' | 'high';
  isRead?: boolean;
  categories?: string[];
  flag?: { flagStatus: 'notFlagged' | 'complete' | 'flagged' };
  inferenceClassification?: 'focused' | 'other';
  isDeliveryReceiptRequested?: boolean;
  isReadReceiptRequested?: boolean;
}

/** Properties that may change on a message that has been sent or received (the rest only on drafts). */
export const MUTABLE_AFTER_SEND = new Set(['isRead', 'categories', 'flag', 'importance', 'inferenceClassification', 'isDeliveryReceiptRequested', 'isReadReceiptRequested']);

const RECIPIENT_LISTS = ['toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo'] as const;

export function unknownProperty(name: string): Error {
  return graphErrors.badRequest(
    `The property '${name}' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );
}

export function readMessageInput(body: Body): MessageInput {
  const out: MessageInput = {};
  const bad = (p: string) => graphErrors.invalidProperty(p, 'message');
  for (const [k, v] of Object.entries(body)) {
    switch (k) {
      case 'subject':
        if (typeof v !== 'string' && v !== null) throw bad(k);
        out.subject = v ?? '';
        break;
      case 'body': {
        const b = v as { contentType?: unknown; content?: unknown } | null;
        if (!b || typeof b !== 'object') throw bad(k);
        const type = String(b.contentType ?? 'text').toLowerCase();
        if (type !== 'text' && type !== 'html') throw bad('contentType');
        if (b.content !== undefined && b.content !== null && typeof b.content !== 'string') throw bad('content');
        out.body = { contentType: type, content: (b.content as string | null | undefined) ?? '' };
        break;
      }
      case 'toRecipients':
      case 'ccRecipients':
      case 'bccRecipients':
      case 'replyTo':
        if (!Array.isArray(v)) throw bad(k);
        out[k] = v.map((r) => recipient(r, k));
        break;
      case 'from':
      case 'sender':
        out[k] = v === null ? null : recipient(v, k);
        break;
      case 'importance':
        if (typeof v !== 'string' || !['low', 'normal', 'high'].includes(v.toLowerCase())) throw bad(k);
        out.importance = v.toLowerCase() as MessageInput['importance'];
        break;
      case 'isRead':
      case 'isDeliveryReceiptRequested':
      case 'isReadReceiptRequested':
        if (typeof v !== 'boolean') throw bad(k);
        out[k] = v;
        break;
      case 'categories':
        if (!Array.isArray(v) || v.some((c) => typeof c !== 'string')) throw bad(k);
        out.categories = v as string[];
        break;
      case 'flag': {
        const status = (v as { flagStatus?: unknown } | null)?.flagStatus;
        if (typeof status !== 'string' || !['notFlagged', 'complete', 'flagged'].includes(status)) throw bad(k);
        out.flag = { flagStatus: status as 'notFlagged' };
        break;
      }
      case 'inferenceClassification':
        if (v !== 'focused' && v !== 'other') throw bad(k);
        out.inferenceClassification = v;
        break;
      case 'attachments':
        if (Array.isArray(v) && v.length === 0) break;
        throw graphErrors.notImplemented('message attachments');
      case '@odata.type':
        break;
      default:
        throw unknownProperty(k);
    }
  }
  return out;
}

function recipient(v: unknown, prop: string): Recipient {
  const e = (v as { emailAddress?: { address?: unknown; name?: unknown } } | null)?.emailAddress;
  if (!e || typeof e.address !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(e.address.trim())) throw graphErrors.invalidProperty(prop, 'message');
  const address = e.address.trim();
  return { emailAddress: { name: typeof e.name === 'string' && e.name !== '' ? e.name : address, address } };
}

/** Recipients with the display name the directory knows for tenant addresses, as Exchange resolves them. */
export async function resolveNames(s: Services, tenant: TenantRecord, list: Recipient[] | undefined): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for (const r of list ?? []) {
    const u = await s.stores.directory.getUser(tenant.id, r.emailAddress.address);
    const g = u ? undefined : await s.stores.directory.getGroup(tenant.id, r.emailAddress.address);
    const name = u?.displayName ?? g?.displayName;
    out.push(name && r.emailAddress.name === r.emailAddress.address ? { emailAddress: { name, address: r.emailAddress.address } } : r);
  }
  return out;
}

export function addressOf(u: UserRecord): Recipient {
  return { emailAddress: { name: u.displayName, address: u.mail ?? u.userPrincipalName } };
}

export function bodyPreview(body: { contentType: string; content: string } | undefined): string {
  if (!body) return '';
  const text = body.contentType === 'html' ? body.content.replace(/<style[\s\S]*?<\/style>|<[^>]+>/gi, ' ').replace(/&nbsp;/g, ' ') : body.content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

/** A new message body (a draft unless the caller changes it) for `mailbox`. */
export async function newMessageData(s: Services, tenant: TenantRecord, mailbox: UserRecord, input: MessageInput, now: Date): Promise<Record<string, unknown>> {
  const iso = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = input.body ?? { contentType: 'text' as const, content: '' };
  const lists = Object.fromEntries(await Promise.all(RECIPIENT_LISTS.map(async (k) => [k, await resolveNames(s, tenant, input[k])] as const)));
  const from = input.from ?? addressOf(mailbox);
  return {
    createdDateTime: iso,
    lastModifiedDateTime: iso,
    changeKey: s.ids.token(12),
    categories: input.categories ?? [],
    receivedDateTime: iso,
    sentDateTime: null,
    hasAttachments: false,
    internetMessageId: `<${s.ids.token(18).replace(/[^A-Za-z0-9]/g, '')}@${tenant.domain}>`,
    subject: input.subject ?? '',
    bodyPreview: bodyPreview(body),
    importance: input.importance ?? 'normal',
    conversationId: `AAQk${s.ids.token(30).replace(/[^A-Za-z0-9_-]/g, '')}`,
    conversationIndex: Buffer.from(s.ids.token(22)).toString('base64').slice(0, 30),
    isDeliveryReceiptRequested: input.isDeliveryReceiptRequested ?? false,
    isReadReceiptRequested: input.isReadReceiptRequested ?? false,
    isRead: input.isRead ?? true,
    isDraft: true,
    webLink: null,
    inferenceClassification: input.inferenceClassification ?? 'focused',
    body,
    sender: input.sender ?? from,
    from,
    toRecipients: lists.toRecipients,
    ccRecipients: lists.ccRecipients,
    bccRecipients: lists.bccRecipients,
    replyTo: lists.replyTo,
    flag: input.flag ?? { flagStatus: 'notFlagged' },
  };
}

/** Applies an update to a stored message body; non-drafts accept only MUTABLE_AFTER_SEND. */
export async function applyMessageUpdate(s: Services, tenant: TenantRecord, data: Record<string, unknown>, input: MessageInput, now: Date): Promise<Record<string, unknown>> {
  const isDraft = data.isDraft === true;
  const out = { ...data };
  for (const [k, v] of Object.entries(input)) {
    if (!isDraft && !MUTABLE_AFTER_SEND.has(k)) throw graphErrors.mailSentMessageUpdate(k);
    if ((RECIPIENT_LISTS as readonly string[]).includes(k)) out[k] = await resolveNames(s, tenant, v as Recipient[]);
    else if (k === 'body') {
      out.body = v;
      out.bodyPreview = bodyPreview(v as MessageInput['body']);
    } else out[k] = v;
  }
  out.lastModifiedDateTime = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  out.changeKey = s.ids.token(12);
  return out;
}
