import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireBody } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';
import { entityResult } from '../odata/collection.js';
import { readFolderBody } from './folder-body.js';
import { FOLDER_SPEC, exchangeId, folderView, foldersEntitySet, resolveFolder } from './folders.js';
import { authorizeMailbox } from './mailbox-access.js';

// POST /me/mailFolders (a top-level folder) and …/mailFolders/{id}/childFolders: 201; a sibling with
// the same name (case-insensitive) is 409 ErrorFolderExists (graph-docs user-post-mailfolders.md).
export function registerCreateFolder(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId?: string } }>, reply: FastifyReply) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'write');
    const { s } = req.graph.ctx;
    const body = readFolderBody(requireBody(req), 'create');
    const parent = await resolveFolder(s, auth.tenant.id, owner.id, req.params.folderId ?? 'msgfolderroot');
    const siblings = await store.listFolders(auth.tenant.id, owner.id, parent.id);
    if (siblings.some((f) => f.displayName.toLowerCase() === body.displayName!.toLowerCase())) throw graphErrors.mailFolderExists();
    const folder = {
      tenantId: auth.tenant.id,
      id: exchangeId(null, () => s.ids.token(32)),
      mailboxId: owner.id,
      parentFolderId: parent.id,
      wellKnownName: null,
      displayName: body.displayName!,
      isHidden: body.isHidden ?? false,
      createdDateTime: s.clock.nowDate().toISOString(),
    };
    await store.putFolders([folder]);
    reply.code(201);
    return entityResult(req, FOLDER_SPEC, folderView(folder, new Map()), { contextEntitySet: foldersEntitySet(owner.id) });
  };
  app.post('/me/mailFolders', handler);
  app.post('/users/:id/mailFolders', handler);
  app.post('/me/mailFolders/:folderId/childFolders', handler);
  app.post('/users/:id/mailFolders/:folderId/childFolders', handler);
}
