import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { resolveFolder, wellKnownFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';

// DELETE /me/messages/{id} and /users/{id}/messages/{id} (also under /mailFolders/{id}): 204. As in Outlook, the message moves to
// Deleted Items; deleting it there removes it (Graph's permanentDelete is not emulated).
export function registerDeleteMessage(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId?: string; messageId: string } }>, reply: FastifyReply) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'write');
    const m = await store.getMessage(auth.tenant.id, owner.id, req.params.messageId);
    if (!m) throw graphErrors.itemNotFound();
    if (req.params.folderId && (await resolveFolder(req.graph.ctx.s, auth.tenant.id, owner.id, req.params.folderId)).id !== m.folderId) throw graphErrors.itemNotFound();
    const deleted = await wellKnownFolder(req.graph.ctx.s, auth.tenant.id, owner.id, 'deleteditems');
    if (m.folderId === deleted.id) await store.deleteMessage(auth.tenant.id, owner.id, m.id);
    else await store.putMessages([{ ...m, folderId: deleted.id }]);
    return reply.code(204).send();
  };
  app.delete('/me/messages/:messageId', handler);
  app.delete('/users/:id/messages/:messageId', handler);
  app.delete('/me/mailFolders/:folderId/messages/:messageId', handler);
  app.delete('/users/:id/mailFolders/:folderId/messages/:messageId', handler);
}
