import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/types.js';
import { authorize } from '../auth/authorize.js';
import { requireBody } from '../directory/request-body.js';
import { graphErrors } from '../errors.js';
import { deliver } from './delivery.js';
import { newMessageData, readMessageInput } from './message-body.js';
import { mailSend } from './rules.js';

// POST /me/sendMail and /users/{id}/sendMail: {message, saveToSentItems = true} → 202 Accepted,
// no body (graph-docs user-sendmail.md). The message lands in each tenant recipient's Inbox and,
// unless saveToSentItems is false, in the sender's Sent Items.
export function registerSendMail(app: FastifyInstance): void {
  const handler = async (req: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    const auth = await authorize<UserRecord>(req, { workload: 'outlook', resource: mailSend(req.params.id ?? 'me') });
    const body = requireBody(req);
    const message = body.message;
    if (!message || typeof message !== 'object' || Array.isArray(message)) throw graphErrors.requiredProperty('message', 'sendMail');
    for (const k of Object.keys(body)) if (k !== 'message' && k !== 'saveToSentItems') throw graphErrors.badRequest(`The parameter '${k}' in the request payload is not a valid parameter for the operation 'sendMail'.`);
    if (body.saveToSentItems !== undefined && typeof body.saveToSentItems !== 'boolean') throw graphErrors.invalidProperty('saveToSentItems', 'sendMail');
    const { s } = req.graph.ctx;
    const input = readMessageInput(message as Record<string, unknown>);
    const data = await newMessageData(s, auth.tenant, auth.target, input, s.clock.nowDate());
    await deliver(s, auth.tenant, { mailbox: auth.target, data, saveToSentItems: body.saveToSentItems !== false });
    return reply.code(202).send();
  };
  app.post('/me/sendMail', handler);
  app.post('/users/:id/sendMail', handler);
}
