import type { FastifyInstance, FastifyRequest } from 'fastify';
import { entityResult } from '../odata/collection.js';
import { FOLDER_SPEC, folderView, foldersEntitySet, resolveFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';

// GET /me/mailFolders/{id | well-known name} and /users/{id}/mailFolders/{…} (graph-docs mailfolder-get.md).
export function registerGetFolder(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId: string } }>) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'read');
    const folder = await resolveFolder(req.graph.ctx.s, auth.tenant.id, owner.id, req.params.folderId);
    return entityResult(req, FOLDER_SPEC, folderView(folder, await store.folderCounts(auth.tenant.id, owner.id)), { contextEntitySet: foldersEntitySet(owner.id) });
  };
  app.get('/me/mailFolders/:folderId', handler);
  app.get('/users/:id/mailFolders/:folderId', handler);
}
