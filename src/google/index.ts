import type { FastifyInstance } from 'fastify';
import type { Services } from '../shared/services.js';
import { registerTokenEndpoint } from './auth/token-endpoint.js';
import { registerUserFlow } from './auth/user-flow.js';
import { registerAclRoutes } from './calendar/acl-routes.js';
import { registerCalendarRoutes } from './calendar/calendars-routes.js';
import { registerEventRoutes } from './calendar/events-routes.js';
import { registerFreeBusyRoute } from './calendar/freebusy-route.js';
import { googleContextOf } from './context.js';
import { registerDirectoryRoutes } from './directory/directory-routes.js';
import { GoogleError } from './errors.js';
import { auditRecord } from './pipeline.js';

export { googleContextOf, type GoogleContext } from './context.js';

// The Google Workspace surface: the OAuth endpoints (oauth2.googleapis.com), Calendar API v3
// (www.googleapis.com/calendar/v3) and Admin SDK Directory v1 (admin.googleapis.com/admin/
// directory/v1), at the paths Google's clients use, so `rootUrl` pointed at tenantbox and intercept
// mode (the real hosts through the proxy) both work. Every request is audited as service 'google'.

export async function registerGoogle(app: FastifyInstance, s: Services): Promise<void> {
  const g = googleContextOf(s);
  await app.register(async (scope) => {
    // Routing is by path; the host only decides the surface. A Google path reached on another
    // service's host (graph.microsoft.com/calendar/v3/...) is that service's 404.
    scope.addHook('onRequest', async (req, reply) => {
      if (req.surface !== 'google') return reply.callNotFound();
    });
    // The audit record is written before the answer leaves (as Graph's: src/graph/pipeline/compose.ts);
    // a request that ended without an answer (the client went away) is audited when it ends.
    const audited = new WeakSet<object>();
    scope.addHook('onSend', (req, reply, payload, done) => {
      if (!g.audit) return done(null, payload);
      audited.add(req);
      g.audit.append(auditRecord(req, reply, g.clock.nowDate()), (err) => {
        if (err) req.log.error(err, 'google: audit record not written');
        done(null, payload);
      });
    });
    scope.addHook('onResponse', (req, reply, done) => {
      if (g.audit && !audited.has(req)) g.audit.append(auditRecord(req, reply, g.clock.nowDate()));
      done();
    });
    // Google's clients send DELETEs and POSTs without a body but with a JSON content type at times.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new GoogleError(400, 'parseError', 'Parse Error'), undefined);
      }
    });

    registerTokenEndpoint(scope, g);
    registerUserFlow(scope, g);
    registerCalendarRoutes(scope, g);
    registerEventRoutes(scope, g);
    registerAclRoutes(scope, g);
    registerFreeBusyRoute(scope, g);
    registerDirectoryRoutes(scope, g);
  });
}
