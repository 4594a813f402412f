import type { FastifyInstance } from 'fastify';
import { graphErrors } from '../../errors.js';
import { authorizeMailbox } from '../access.js';
import { locateEvent } from '../service/locate.js';
import { calendarOf } from '../service/mailboxes.js';
import { deleteLocated, respond, type Answer } from '../service/meeting-actions.js';
import { writerFor } from '../service/writer.js';
import { both, COLLECTIONS, type Req } from './route-util.js';

// accept, tentativelyAccept, decline (graph-docs event-accept.md …) and cancel (event-cancel.md):
// 202 Accepted without a body. Bodies: {comment?, sendResponse?} ({comment?} for cancel).

const ANSWERS: Record<string, Answer> = { accept: 'accepted', tentativelyAccept: 'tentativelyAccepted', decline: 'declined' };

function readBody(req: Req): { comment?: string; sendResponse: boolean } {
  const b = (req.body ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || Array.isArray(b)) throw graphErrors.badRequest('The request body must be a JSON object.');
  const entries = Object.fromEntries(Object.entries(b).map(([k, v]) => [k.toLowerCase(), v]));
  if (entries.comment !== undefined && typeof entries.comment !== 'string') throw graphErrors.outlookInvalidRequest("The property 'comment' must be a string.");
  if (entries.sendresponse !== undefined && typeof entries.sendresponse !== 'boolean') throw graphErrors.outlookInvalidRequest("The property 'sendResponse' must be a boolean.");
  if (entries.proposednewtime !== undefined) throw graphErrors.notImplemented('proposing a new time when declining');
  return { comment: entries.comment as string | undefined, sendResponse: entries.sendresponse !== false };
}

export function registerEventActions(app: FastifyInstance): void {
  for (const c of COLLECTIONS) {
    for (const [action, answer] of Object.entries(ANSWERS)) {
      both(app, 'POST', `${c}/events/:eid/${action}`, async (req: Req, reply) => {
        const access = await authorizeMailbox(req, req.params.id, 'write');
        const body = readBody(req);
        const s = req.graph.ctx.s;
        const cal = req.params.cid !== undefined || c === '/calendar' ? await calendarOf(s, access.owner, req.params.cid) : undefined;
        const loc = await locateEvent(s, access.owner, req.params.eid!, cal);
        await respond(writerFor(s, access.owner.tenantId), access.owner, loc, answer, body.sendResponse);
        return reply.code(202).send();
      });
    }
    both(app, 'POST', `${c}/events/:eid/cancel`, async (req: Req, reply) => {
      const access = await authorizeMailbox(req, req.params.id, 'write');
      readBody(req);
      const s = req.graph.ctx.s;
      const cal = req.params.cid !== undefined || c === '/calendar' ? await calendarOf(s, access.owner, req.params.cid) : undefined;
      const loc = await locateEvent(s, access.owner, req.params.eid!, cal);
      await deleteLocated(writerFor(s, access.owner.tenantId), loc, { cancel: true });
      return reply.code(202).send();
    });
  }
}
