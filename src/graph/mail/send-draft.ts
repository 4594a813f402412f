import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { graphErrors } from '../errors.js';
import { deliver } from './delivery.js';
import { ensureMailbox } from './folders.js';
import { mailSend } from './rules.js';
import { mailStoreOf } from './stores.js';

// POST /me/messages/{id}/send and /users/{id}/messages/{id}/send: sends a draft (Mail.Send, or
// Mail.Send.Shared with a right on another mailbox); it moves to Sent Items. 202, no body
// (graph-docs message-send.md).
export function registerSendDraft(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; messageId: string } }>, reply: FastifyReply) => {
    const auth = await authorize<UserRecord>(req, { workload: 'outlook', resource: mailSend(req.params.id ?? 'me') });
    const { s } = req.graph.ctx;
    await ensureMailbox(s, auth.tenant.id, auth.target.id);
    const draft = await mailStoreOf(s).getMessage(auth.tenant.id, auth.target.id, req.params.messageId);
    if (!draft) throw graphErrors.itemNotFound();
    if (draft.data.isDraft !== true) throw graphErrors.mailNotDraft();
    await deliver(s, auth.tenant, { mailbox: auth.target, data: draft.data, saveToSentItems: true, draft });
    return reply.code(202).send();
  };
  app.post('/me/messages/:messageId/send', handler);
  app.post('/users/:id/messages/:messageId/send', handler);
}
