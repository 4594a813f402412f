import type { Server } from 'node:https';
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { registerClock } from '../../src/admin/routes/clock.js';
import { registerReset } from '../../src/admin/routes/reset.js';
import { TenantboxError, adminErrors } from '../../src/shared/errors.js';
import { genericError } from '../../src/shared/generic-errors.js';
import type { Services } from '../../src/shared/services.js';
import { publicOrigin, surfaceOf } from '../../src/shared/surface.js';

// The parts of app.ts's pipeline the Google surface relies on (request context, form bodies, the
// error funnel, the admin clock and reset routes), for when the whole app cannot be built: other
// surfaces are mid-construction in the shared tree. The harness prefers the real buildApp.

export async function buildMiniApp(services: Services, server: Server): Promise<FastifyInstance> {
  const app = Fastify({
    genReqId: () => services.ids.uuid(),
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 2048 },
    serverFactory: (handler: Parameters<Server['on']>[1]) => server.on('request', handler),
  } as object) as unknown as FastifyInstance;
  app.decorateRequest('requestId', '');
  app.decorateRequest('clientRequestId', undefined);
  app.decorateRequest('surface', 'identity');
  app.decorateRequest('origin', '');
  app.addHook('onRequest', async (req) => {
    req.requestId = String(req.id);
    req.surface = surfaceOf(req.headers.host, req.url);
    req.origin = publicOrigin(req.headers.host, services.run.url);
  });
  await app.register(formbody);
  app.setErrorHandler(async (err: FastifyError | TenantboxError, req, reply) => {
    const info = { requestId: req.requestId, now: services.clock.nowDate() };
    const r =
      err instanceof TenantboxError
        ? err.toResponse(info)
        : genericError(req.surface, (err as FastifyError).statusCode === 404 ? 'not_found' : (err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500 ? 'bad_request' : 'internal', err.message, info);
    reply.code(r.status);
    if (r.headers) reply.headers(r.headers);
    return reply.send(r.body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const r = genericError(req.surface, 'not_found', `tenantbox does not emulate ${req.method} ${req.url.split('?')[0]}.`, { requestId: req.requestId, now: services.clock.nowDate() });
    return reply.code(r.status).send(r.body);
  });
  await app.register(
    async (scope) => {
      const key = Buffer.from(services.adminKey);
      scope.addHook('onRequest', async (req) => {
        const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''));
        if (given.length !== key.length || !timingSafeEqual(given, key)) throw adminErrors.unauthorized();
      });
      registerClock(scope, services);
      registerReset(scope, services);
    },
    { prefix: '/_tenantbox' },
  );
  return app;
}
