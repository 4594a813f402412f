import type { Server } from 'node:https';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { registerAdmin } from './admin/index.js';
import { registerGoogle } from './google/index.js';
import { registerGraph } from './graph/index.js';
import { registerReportDownloads } from './graph/reports/index.js';
import { registerIdentity } from './identity/index.js';
import { registerIdentityPages } from './identity/pages/index.js';
import { registerPages } from './pages/index.js';
import { TenantboxError, type RequestInfo } from './shared/errors.js';
import { genericError } from './shared/generic-errors.js';
import type { Services } from './shared/services.js';
import { publicOrigin, surfaceOf, type Surface } from './shared/surface.js';

// The request pipeline, top to bottom. Every surface (identity, Graph, Google, admin, pages) is
// mounted on this one Fastify instance behind one TLS port; what differs per surface is its routes
// and its error wire shape, both decided here in one place.

declare module 'fastify' {
  interface FastifyRequest {
    requestId: string;
    clientRequestId: string | undefined;
    surface: Surface;
    /** What the client used to reach us: https://login.microsoftonline.com in intercept mode, else our own origin. */
    origin: string;
  }
}

export interface BuildAppOptions {
  /** The https.Server created by the front door; Fastify mounts its handler on it. */
  server?: Server;
  logger?: boolean;
}

export async function buildApp(services: Services, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = await createBaseApp(services, opts);

  // 4. Surfaces. Each registers its own routes; none registers itself as a side effect of import.
  await app.register(async (scope) => registerAdmin(scope, services), { prefix: '/_tenantbox' });
  await app.register(async (scope) => registerPages(scope, services));
  await app.register(async (scope) => registerIdentity(scope, services));
  await app.register(async (scope) => registerIdentityPages(scope, services));
  await app.register(async (scope) => registerGraph(scope, services));
  await app.register(async (scope) => registerGoogle(scope, services));
  // Usage-report CSV downloads: Graph answers report calls with a 302 to a short-lived download URL.
  await app.register(async (scope) => registerReportDownloads(scope, services));

  return app;
}

/**
 * Stages 1-3 of the pipeline (request context, body parsers, error funnel) with no surface mounted.
 * `buildApp` adds every surface; tests that exercise one surface alone mount it on this.
 */
export async function createBaseApp(services: Services, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  // The cast: with a serverFactory Fastify's types cannot tell the server is a plain https.Server.
  const app = Fastify({
    logger: opts.logger ?? false,
    // Request ids are Graph's GUIDs, not Fastify's counters.
    genReqId: () => services.ids.uuid(),
    bodyLimit: 4 * 1024 * 1024,
    // Graph paths contain $batch, $value, $ref, and OData key segments such as users('x'): keep them verbatim.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 2048 },
    // A path the router refuses before any hook runs (broken percent-encoding, a parameter over
    // maxParamLength) would get Fastify's own body: answer it in the surface's error shape instead.
    frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const surface = surfaceOf(req.headers.host, req.url);
      const info: RequestInfo = { requestId: String(req.id), clientRequestId: undefined, now: services.clock.nowDate(), accept: req.headers.accept };
      reply.header('request-id', info.requestId);
      return send(reply, genericError(surface, 'bad_request', `The request URL is not valid (${err.message}).`, info));
    },
    ...(opts.server ? { serverFactory: (handler: Parameters<Server['on']>[1]) => opts.server!.on('request', handler) } : {}),
  } as object) as unknown as FastifyInstance;

  // 1. Request context: request id (echoed as request-id/client-request-id, as Graph does), surface and origin.
  app.decorateRequest('requestId', '');
  app.decorateRequest('clientRequestId', undefined);
  app.decorateRequest('surface', 'identity');
  app.decorateRequest('origin', '');
  app.addHook('onRequest', async (req, reply) => {
    req.requestId = String(req.id);
    const crid = req.headers['client-request-id'];
    req.clientRequestId = typeof crid === 'string' && crid.length <= 128 ? crid : undefined;
    req.surface = surfaceOf(req.headers.host, req.url);
    req.origin = publicOrigin(req.headers.host, services.run.url);
    reply.header('request-id', req.requestId);
    reply.header('client-request-id', req.clientRequestId ?? req.requestId);
  });

  // 2. Body parsers: OAuth endpoints take form posts; Graph and Google take JSON (Fastify's default).
  await app.register(formbody);

  // 3. The error funnel (set before the surfaces, so every surface inherits it): the only place errors become responses.
  app.setErrorHandler(async (err: FastifyError | TenantboxError, req, reply) => {
    const info = requestInfo(services, req);
    if (err instanceof TenantboxError) return send(reply, err.toResponse(info));
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return send(reply, genericError(req.surface, status === 404 ? 'not_found' : 'bad_request', err.message, info));
    }
    req.log.error(err);
    return send(reply, genericError(req.surface, 'internal', `tenantbox hit an internal error (${err.message}); request id ${req.requestId}`, info));
  });

  app.setNotFoundHandler(async (req, reply) => {
    const info = requestInfo(services, req);
    const path = req.url.split('?')[0];
    const message =
      req.surface === 'graph'
        ? `Resource not found for the segment '${lastSegment(path)}'.`
        : `tenantbox does not emulate ${req.method} ${path}.`;
    return send(reply, genericError(req.surface, 'not_found', message, info));
  });

  return app;
}

export function requestInfo(services: Services, req: FastifyRequest): RequestInfo {
  return { requestId: req.requestId, clientRequestId: req.clientRequestId, now: services.clock.nowDate(), accept: req.headers.accept };
}

function send(reply: FastifyReply, r: { status: number; headers?: Record<string, string>; body: unknown; contentType?: string }) {
  reply.code(r.status);
  if (r.headers) reply.headers(r.headers);
  if (r.contentType) reply.type(r.contentType);
  return reply.send(r.body);
}

function lastSegment(path: string | undefined): string {
  const segs = (path ?? '').split('/').filter(Boolean);
  return decodeURIComponent(segs[segs.length - 1] ?? '');
}
