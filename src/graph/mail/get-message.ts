import type { FastifyInstance, FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { entityResult } from '../odata/collection.js';
import { resolveFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';
import { MESSAGE_SPEC, basicMailOnly, messageView, messagesEntitySet } from './message-view.js';

// GET /me/messages/{id}, /users/{id}/messages/{id} and the same under /mailFolders/{id}. An id
// from another mailbox is not found in this one: 404 ErrorItemNotFound (semantics doc §4.1 step 6).
export function registerGetMessage(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId?: string; messageId: string } }>) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'read');
    const m = await store.getMessage(auth.tenant.id, owner.id, req.params.messageId);
    if (!m) throw graphErrors.itemNotFound();
    if (req.params.folderId) {
      const folder = await resolveFolder(req.graph.ctx.s, auth.tenant.id, owner.id, req.params.folderId);
      if (folder.id !== m.folderId) throw graphErrors.itemNotFound();
    }
    return entityResult(req, MESSAGE_SPEC, messageView(m, { basicOnly: basicMailOnly(auth) }), { contextEntitySet: messagesEntitySet(owner.id) });
  };
  app.get('/me/messages/:messageId', handler);
  app.get('/users/:id/messages/:messageId', handler);
  app.get('/me/mailFolders/:folderId/messages/:messageId', handler);
  app.get('/users/:id/mailFolders/:folderId/messages/:messageId', handler);
}
