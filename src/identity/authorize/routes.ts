import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import { IdentityError } from '../errors.js';
import type { Csrf } from '../pages/csrf.js';
import { renderErrorPage } from '../pages/message-pages.js';
import { requestInfoOf, sendPage, traceOf } from '../pages/send.js';
import { readParams } from './authorize-request.js';
import { beginAuthorize, continueAuthorize } from './flow.js';

// /{tenant}/oauth2/v2.0/authorize (GET, and POST as Entra also accepts) and /{tenant}/login, where
// the sign-in, account picker and consent forms post.

export function registerAuthorizeRoutes(app: FastifyInstance, s: Services, csrf: Csrf): void {
  const authorize = async (req: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply) => {
    let params: Record<string, string>;
    try {
      params = readParams(req);
    } catch (e) {
      if (!(e instanceof IdentityError)) throw e;
      return sendPage(reply, renderErrorPage(e, { trace: traceOf(requestInfoOf(s, req)) }), e.status);
    }
    return beginAuthorize({ s, csrf, req, reply, tenantSegment: req.params.tenant }, params);
  };
  app.get('/:tenant/oauth2/v2.0/authorize', authorize);
  app.post('/:tenant/oauth2/v2.0/authorize', authorize);
  app.post('/:tenant/login', async (req: FastifyRequest<{ Params: { tenant: string } }>, reply) =>
    continueAuthorize({ s, csrf, req, reply, tenantSegment: req.params.tenant }),
  );
}
