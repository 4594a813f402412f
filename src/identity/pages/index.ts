import type { FastifyInstance } from 'fastify';
import type { Services } from '../../shared/services.js';
import { registerAuthorizeRoutes } from '../authorize/routes.js';
import { registerAdminConsentRoutes } from './admin-consent-routes.js';
import { createCsrf } from './csrf.js';
import { registerDeviceRoutes } from './device-routes.js';
import { registerLogoutRoute } from './logout-route.js';

// The browser-facing half of the identity platform: /authorize with its sign-in, account picker
// and consent pages, the device login page, the admin consent endpoint and sign-out. The token
// endpoint, keys and discovery are identity-core's (src/identity/routes).
//
// Paths (all on the identity surface: tenantbox's own origin or login.microsoftonline.com):
//   GET|POST /{tenant}/oauth2/v2.0/authorize      POST /{tenant}/login (the forms of /authorize)
//   GET|POST /devicelogin, /{tenant}/oauth2/v2.0/deviceauth   (verification_uri of the device flow)
//   GET|POST /{tenant}/adminconsent, /{tenant}/v2.0/adminconsent
//   GET|POST /{tenant}/oauth2/v2.0/logout

export async function registerIdentityPages(app: FastifyInstance, s: Services): Promise<void> {
  await app.register(async (scope) => {
    // Only the identity surface answers: through the proxy, graph.microsoft.com must not serve sign-in pages.
    scope.addHook('onRequest', async (req, reply) => {
      if (req.surface !== 'identity') {
        reply.callNotFound();
        return reply;
      }
    });
    const csrf = createCsrf();
    registerAuthorizeRoutes(scope, s, csrf);
    registerDeviceRoutes(scope, s, csrf);
    registerAdminConsentRoutes(scope, s, csrf);
    registerLogoutRoute(scope, s);
  });
}
