import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireBody } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';
import { entityResult } from '../odata/collection.js';
import { readFolderBody } from './folder-body.js';
import { FOLDER_SPEC, folderView, foldersEntitySet, resolveFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';

// PATCH /me/mailFolders/{id} and /users/{id}/mailFolders/{id}: renames; 200 with the folder
// (graph-docs mailfolder-update.md).
export function registerUpdateFolder(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId: string } }>) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'write');
    const body = readFolderBody(requireBody(req), 'update');
    const folder = await resolveFolder(req.graph.ctx.s, auth.tenant.id, owner.id, req.params.folderId);
    let updated = folder;
    if (body.displayName !== undefined && body.displayName !== folder.displayName) {
      const siblings = folder.parentFolderId ? await store.listFolders(auth.tenant.id, owner.id, folder.parentFolderId) : [];
      if (siblings.some((f) => f.id !== folder.id && f.displayName.toLowerCase() === body.displayName!.toLowerCase())) throw graphErrors.mailFolderExists();
      updated = { ...folder, displayName: body.displayName };
      await store.putFolders([updated]);
    }
    return entityResult(req, FOLDER_SPEC, folderView(updated, await store.folderCounts(auth.tenant.id, owner.id)), { contextEntitySet: foldersEntitySet(owner.id) });
  };
  app.patch('/me/mailFolders/:folderId', handler);
  app.patch('/users/:id/mailFolders/:folderId', handler);
}
