import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireBody } from '../directory/request-body.js';
import { entityResult } from '../odata/collection.js';
import { exchangeId, resolveFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';
import { newMessageData, readMessageInput } from './message-body.js';
import { MESSAGE_SPEC, messageView, messagesEntitySet } from './message-view.js';

// POST /me/messages and /users/{id}/messages create a draft in Drafts; POST …/mailFolders/{id}/messages
// creates it in that folder (graph-docs user-post-messages.md, mailfolder-post-messages.md). 201.
export function registerCreateMessage(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId?: string } }>, reply: FastifyReply) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'write');
    const { s } = req.graph.ctx;
    const input = readMessageInput(requireBody(req));
    const folder = await resolveFolder(s, auth.tenant.id, owner.id, req.params.folderId ?? 'drafts');
    const now = s.clock.nowDate();
    const record = {
      tenantId: auth.tenant.id,
      id: exchangeId(null, () => s.ids.token(32)),
      mailboxId: owner.id,
      folderId: folder.id,
      receivedMs: now.getTime(),
      data: await newMessageData(s, auth.tenant, owner, input, now),
    };
    await store.putMessages([record]);
    reply.code(201);
    return entityResult(req, MESSAGE_SPEC, messageView(record), { contextEntitySet: messagesEntitySet(owner.id) });
  };
  app.post('/me/messages', handler);
  app.post('/users/:id/messages', handler);
  app.post('/me/mailFolders/:folderId/messages', handler);
  app.post('/users/:id/mailFolders/:folderId/messages', handler);
}
