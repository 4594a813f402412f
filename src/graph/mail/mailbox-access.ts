import type { FastifyRequest } from 'fastify';
import type { MailStore } from '../../store/mail/types.js';
import type { UserRecord } from '../../store/types.js';
import { authorize, type Authorization } from '../auth/authorize.js';
import { mailbox } from '../auth/mailbox-rule.js';
import { graphErrors } from '../errors.js';
import { readODataQuery } from '../odata/query-options.js';
import { ensureMailbox } from './folders.js';
import { mailStoreOf } from './stores.js';

// The permission check every mail route starts with: the catalog's permissions for the request,
// then the core `mailbox` rule on the mailbox in the path (`me` or /users/{id}): the user's own
// mailbox, another one with a Mail.*.Shared scope and FullAccess, app-only within Exchange
// application access policies; Outlook throttling per (app, mailbox). Then the mailbox gets its
// default folders if it has none yet.

export interface MailboxAccess {
  auth: Authorization<UserRecord>;
  owner: UserRecord;
  store: MailStore;
}

export async function authorizeMailbox(req: FastifyRequest<{ Params: { id?: string } }>, need: 'read' | 'write'): Promise<MailboxAccess> {
  const auth = await authorize<UserRecord>(req, { workload: 'outlook', resource: mailbox(req.params.id ?? 'me', { need, folder: 'mail' }) });
  const { s } = req.graph.ctx;
  await ensureMailbox(s, auth.tenant.id, auth.target.id);
  return { auth, owner: auth.target, store: mailStoreOf(s) };
}

/** Outlook supports $search on messages (KQL); tenantbox does not yet: say so rather than ignore it. */
export function refuseSearch(req: FastifyRequest): void {
  if (readODataQuery(req).search) throw graphErrors.notImplemented('$search on messages');
}
