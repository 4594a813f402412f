import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryCollection } from '../odata/collection.js';
import { resolveFolder } from './folders.js';
import { authorizeMailbox, refuseSearch } from './mailbox-access.js';
import { MESSAGE_SPEC, basicMailOnly, messageView, messagesEntitySet } from './message-view.js';

// GET /me/messages and /users/{id}/messages (every folder of the mailbox), and the same under
// /mailFolders/{id}/messages (one folder, by id or well-known name): newest first, 10 per page,
// with $filter, $select, $orderby, $top, $skip and $count (graph-docs user-list-messages.md).
export function registerListMessages(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string; folderId?: string } }>) => {
    const { auth, owner, store } = await authorizeMailbox(req, 'read');
    refuseSearch(req);
    const folder = req.params.folderId ? await resolveFolder(req.graph.ctx.s, auth.tenant.id, owner.id, req.params.folderId) : undefined;
    const messages = await store.listMessages(auth.tenant.id, owner.id, folder ? [folder.id] : undefined);
    const basicOnly = basicMailOnly(auth);
    return queryCollection(
      req,
      MESSAGE_SPEC,
      messages.map((m) => messageView(m, { basicOnly })),
      { contextEntitySet: messagesEntitySet(owner.id, folder?.id) },
    );
  };
  app.get('/me/messages', handler);
  app.get('/users/:id/messages', handler);
  app.get('/me/mailFolders/:folderId/messages', handler);
  app.get('/users/:id/mailFolders/:folderId/messages', handler);
}
