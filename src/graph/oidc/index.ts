import type { FastifyInstance } from 'fastify';
import { composeGraphPipeline } from '../pipeline/compose.js';
import type { GraphContext } from '../pipeline/context.js';
import { registerUserInfoRoute } from './userinfo-route.js';

// Graph's paths outside the version prefixes: /oidc/userinfo, the UserInfo endpoint the discovery
// document advertises (src/identity/discovery-document.ts). Its routes sit inside the same Graph
// pipeline as /v1.0 and /beta, so the token is verified, the tenant and service principal checked,
// CORS answered and every request audited exactly as for any other Graph call.
// Through the proxy the host decides the surface (login.microsoftonline.com/oidc/userinfo stays a
// 404, as at Microsoft); on tenantbox's own origin src/shared/surface.ts counts /oidc/ as Graph's.

export async function registerGraphOidc(app: FastifyInstance, ctx: GraphContext & { batchMarker: string }): Promise<void> {
  await app.register(
    async (scope) => {
      await composeGraphPipeline(scope, ctx, async (r) => registerUserInfoRoute(r));
    },
    { prefix: '/oidc' },
  );
}
