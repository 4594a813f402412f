import type { FastifyInstance } from 'fastify';
import type { Services } from '../shared/services.js';
import { keyRingFor } from './keys/signing-keys.js';
import { registerDeviceCodeRoutes } from './routes/devicecode.js';
import { registerDiscoveryRoutes } from './routes/discovery.js';
import { parseMarkedForm } from './routes/form-params.js';
import { registerTokenRoutes } from './routes/token.js';

// The Entra-shaped identity platform's protocol endpoints (discovery, JWKS, token, device code).
// The browser side (authorize, sign-in, consent, device login) is registered by pages/index.ts.
// Everything here lives in its own Fastify scope, so its body parsing (form posts only; anything
// else is "no parameters") does not leak into Graph or Google.

export async function registerIdentity(app: FastifyInstance, s: Services): Promise<void> {
  const keys = keyRingFor(s);
  await keys.loadAll();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseMarkedForm(body as string)));
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, undefined));
    // Identity paths only answer on tenantbox's origin and login.microsoftonline.com, never on an
    // intercepted Graph or Google host.
    // Callback style: an async hook costs a promise on every token request (the benchmarked path).
    scope.addHook('onRequest', (req, reply, done) => {
      if (req.surface !== 'identity') return reply.callNotFound();
      done();
    });
    registerDiscoveryRoutes(scope, s, keys);
    registerTokenRoutes(scope, s, keys);
    registerDeviceCodeRoutes(scope, s);
  });
}

export { createAccessTokenVerifier } from './verify-access-token.js';
export type { VerifiedToken, IdentityAuthFailure } from './verify-access-token.js';
