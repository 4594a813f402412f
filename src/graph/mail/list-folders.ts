import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryCollection } from '../odata/collection.js';
import { FOLDER_SPEC, folderView, foldersEntitySet, resolveFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';

// GET /me/mailFolders and /users/{id}/mailFolders (the top-level folders: children of the root),
// and …/mailFolders/{id}/childFolders (graph-docs user-list-mailfolders.md, mailfolder-list-childfolders.md).
export function registerListFolders(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId?: string } }>) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'read');
    const parent = await resolveFolder(req.graph.ctx.s, auth.tenant.id, owner.id, req.params.folderId ?? 'msgfolderroot');
    const [folders, counts] = await Promise.all([store.listFolders(auth.tenant.id, owner.id, parent.id), store.folderCounts(auth.tenant.id, owner.id)]);
    const entitySet = req.params.folderId ? foldersEntitySet(owner.id, `mailFolders('${parent.id}')/childFolders`) : foldersEntitySet(owner.id);
    return queryCollection(req, FOLDER_SPEC, folders.map((f) => folderView(f, counts)), { contextEntitySet: entitySet });
  };
  app.get('/me/mailFolders', handler);
  app.get('/users/:id/mailFolders', handler);
  app.get('/me/mailFolders/:folderId/childFolders', handler);
  app.get('/users/:id/mailFolders/:folderId/childFolders', handler);
}
