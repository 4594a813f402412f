import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditRecordOf } from '../audit/audit-recorder.js';
import { catalogPath } from '../auth/catalog-lookup.js';
import { principalFromClaims, type GraphPrincipal } from '../auth/principal.js';
import { tokenFailureError } from '../auth/token-verifier.js';
import { graphErrors } from '../errors.js';
import { newRequestState, type GraphContext } from './context.js';

// The Graph request pipeline, in the order Microsoft Graph checks a request (semantics doc §4.1).
// Registered once per version prefix (/v1.0 and /beta); every route of every Graph area lives
// inside it, so nothing reaches a handler without passing stages 0-3, and every request, refused
// or not, is audited (stage 6).
//
//   0. surface    only Graph's paths on Graph's host; CORS preflight for browser callers
//   1. token      bearer token → verified claims → principal          401 InvalidAuthenticationToken
//   2. tenant     the token's tenant and the client's service principal 401 Authorization_IdentityNotFound
//   3. /me        an app-only token on /me                              400 Request_BadRequest
//   4. route      Fastify's router; unknown paths → 400 BadRequest, paths Graph has but tenantbox
//                 does not emulate → 501 NotImplemented naming them
//   5. handler    its first line is `authorize(req, {resource})`: permission from the catalog,
//                 resource rules and policies, Outlook throttling (src/graph/auth/authorize.ts)
//   6. audit      one record per request, written before the answer leaves; throttle slots
//                 released when the response ends
//
// A disabled service principal's unexpired token is still accepted: Entra stops issuing tokens
// for it (AADSTS7000112), but access tokens cannot be revoked and live until `exp` (doc §1.7.6,
// §1.7.7). A deleted service principal is refused (stage 2).

export const BATCH_STEP_HEADER = 'x-tenantbox-batch-step';

export async function composeGraphPipeline(
  app: FastifyInstance,
  ctx: GraphContext & { batchMarker: string },
  registerRoutes: (app: FastifyInstance) => Promise<void>,
): Promise<void> {
  const { s } = ctx;
  app.decorateRequest('graph', null as never);
  registerJsonParsing(app);

  app.addHook('onRequest', async (req, reply) => {
    // 0. Surface: /v1.0 on login.microsoftonline.com (intercept mode) is not Graph.
    if (req.surface !== 'graph') throw Object.assign(new Error(`tenantbox does not emulate ${req.method} ${req.url.split('?')[0]}.`), { statusCode: 404 });
    if (req.headers.origin) corsHeaders(reply, req.headers.origin);
    if (req.method === 'OPTIONS') return preflight(req, reply);
    req.graph = newRequestState(ctx, req.headers[BATCH_STEP_HEADER] === ctx.batchMarker);

    // 1. Token.
    const principal = await authenticate(ctx, req.headers.authorization);
    req.graph.principal = principal;

    // 2. Tenant and the client's service principal (store lookups are cached in the store).
    const tenant = await s.stores.directory.getTenant(principal.tenantId);
    if (!tenant) throw graphErrors.tokenIssuerInvalid();
    req.graph.tenant = tenant;
    const sp = await s.stores.apps.getServicePrincipal(tenant.id, principal.appId);
    if (!sp) throw graphErrors.identityNotFound();
    principal.servicePrincipalId = sp.id;
    req.graph.appDisplayName = sp.displayName;

    // 3. /me needs a signed-in user.
    if (principal.scheme === 'application' && /^\/(v1\.0|beta)\/me(?=[/?(]|$)/i.test(req.url)) throw graphErrors.meWithAppOnlyToken();
  });

  // 5b. No route answers without its permission check: a handler that forgot authorize() would
  // serve data unchecked, so its answer is withheld (500, logged) instead.
  // 6. The audit record is written before the answer leaves (group commit, one write per turn of
  // the event loop: src/store/sqlite/audit-store.ts), so an answered request is in the log.
  // onSend and onResponse are callback hooks, not async ones: they run on every request, and a
  // promise (and its async-context bookkeeping) each would be waste.
  app.addHook('onSend', (req, reply, payload, done) => {
    const g = req.graph;
    if (!g) return done(null, payload); // CORS preflight
    if (!g.authorized && reply.statusCode < 400) {
      const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
      req.log.error(`graph: ${route} answered without authorize()`);
      const e = graphErrors.routeWithoutAuthorization(route);
      reply.code(e.status).type('application/json');
      payload = JSON.stringify(e.toJson({ requestId: req.requestId, clientRequestId: req.clientRequestId, now: s.clock.nowDate() }));
    }
    g.audited = true;
    s.stores.audit.append(auditRecordOf(req, reply.statusCode, s.clock.nowDate()), (err) => {
      // The answer is right whatever happened to its record; a failed write is logged, not a 500.
      if (err) req.log.error(err, 'graph: audit record not written');
      done(null, payload);
    });
  });

  app.addHook('onResponse', (req, reply, done) => {
    const g = req.graph;
    if (!g) return done(); // CORS preflight
    g.release?.();
    // A request that ended without an answer being sent (the client went away) is still audited.
    if (!g.audited) s.stores.audit.append(auditRecordOf(req, reply.statusCode, s.clock.nowDate()));
    done();
  });

  await registerRoutes(app);

  app.setNotFoundHandler(async (req) => {
    const path = catalogPath(req.url);
    const known = s.catalog.lookup(req.method, path, 'delegated') ?? s.catalog.lookup(req.method, path, 'application');
    if (known) {
      const suffix = /\/\$count(\?|$)/i.test(req.url) ? '/$count' : '';
      req.graph.template = known.template + suffix;
      throw graphErrors.notImplemented(`${req.method} ${known.template}${suffix}`);
    }
    const segs = path.split('/').filter(Boolean);
    throw graphErrors.segmentNotFound(decodeURIComponent(segs[segs.length - 1] ?? ''));
  });
}

async function authenticate(ctx: GraphContext, header: string | undefined): Promise<GraphPrincipal> {
  if (!header || header.trim() === '') throw graphErrors.tokenEmpty();
  const m = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
  if (!m) throw graphErrors.tokenMalformed();
  const token = (m[1] ?? '').trim();
  if (token === '') throw graphErrors.tokenEmpty();
  const check = await ctx.verifier.verify(token);
  if (!check.ok) throw tokenFailureError(check.reason);
  return principalFromClaims(check.claims);
}

// Graph answers a POST without a body with its own message, not a parser error; and a body that is
// not JSON with "Unable to read JSON request payload" [O].
function registerJsonParsing(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(graphErrors.badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (String(body).length === 0) return done(null, undefined);
    done(req.headers['content-type'] ? graphErrors.badRequest(`Content type '${req.headers['content-type']}' is not supported; send application/json.`) : graphErrors.missingContentType(), undefined);
  });
}

const EXPOSED = 'Retry-After, request-id, client-request-id, Location, ETag, Content-Type';

function corsHeaders(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
  reply.header('access-control-expose-headers', EXPOSED);
}

function preflight(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply
    .code(204)
    .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
    .header('access-control-allow-headers', String(req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type'))
    .header('access-control-max-age', '3600')
    .send();
  return reply;
}
