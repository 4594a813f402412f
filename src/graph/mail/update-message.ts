import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireBody } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';
import { resolveFolder } from './folders.js';
import { entityResult } from '../odata/collection.js';
import { authorizeMailbox } from './mailbox-access.js';
import { applyMessageUpdate, readMessageInput } from './message-body.js';
import { MESSAGE_SPEC, messageView, messagesEntitySet } from './message-view.js';

// PATCH /me/messages/{id} and /users/{id}/messages/{id} (also under /mailFolders/{id}): a draft may change anything writable; a
// sent or received message only its flags (isRead, categories, flag, importance…). 200 with the
// message (graph-docs message-update.md). Marking a message read counts as a read in the reports.
export function registerUpdateMessage(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId?: string; messageId: string } }>) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'write');
    const { s } = req.graph.ctx;
    const input = readMessageInput(requireBody(req));
    const m = await store.getMessage(auth.tenant.id, owner.id, req.params.messageId);
    if (!m) throw graphErrors.itemNotFound();
    if (req.params.folderId && (await resolveFolder(s, auth.tenant.id, owner.id, req.params.folderId)).id !== m.folderId) throw graphErrors.itemNotFound();
    const now = s.clock.nowDate();
    const data = await applyMessageUpdate(s, auth.tenant, m.data, input, now);
    const updated = { ...m, data };
    await store.putMessages([updated]);
    if (m.data.isRead !== true && data.isRead === true && data.isDraft !== true) {
      await store.appendActivity([{ tenantId: auth.tenant.id, userId: owner.id, kind: 'read', atMs: now.getTime() }]);
    }
    return entityResult(req, MESSAGE_SPEC, messageView(updated), { contextEntitySet: messagesEntitySet(owner.id) });
  };
  app.patch('/me/messages/:messageId', handler);
  app.patch('/users/:id/messages/:messageId', handler);
  app.patch('/me/mailFolders/:folderId/messages/:messageId', handler);
  app.patch('/users/:id/mailFolders/:folderId/messages/:messageId', handler);
}
