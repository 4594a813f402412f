import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphErrors } from '../errors.js';
import { resolveFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';

// DELETE /me/mailFolders/{id} and /users/{id}/mailFolders/{id}: 204; the folder, its child folders
// and their messages go (tenantbox does not keep a recoverable copy). Well-known folders cannot be
// deleted: 400 ErrorDeleteDistinguishedFolder.
export function registerDeleteFolder(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId: string } }>, reply: FastifyReply) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'write');
    const folder = await resolveFolder(req.graph.ctx.s, auth.tenant.id, owner.id, req.params.folderId);
    if (folder.wellKnownName) throw graphErrors.mailDistinguishedFolder();
    await store.deleteFolderTree(auth.tenant.id, owner.id, folder.id);
    return reply.code(204).send();
  };
  app.delete('/me/mailFolders/:folderId', handler);
  app.delete('/users/:id/mailFolders/:folderId', handler);
}
