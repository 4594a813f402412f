import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import { resolveAuthority, type Authority } from '../authorize/authority.js';
import type { ClientAuthContext } from '../client-auth/authenticate-client.js';
import { MICROSOFT_LOGIN_ORIGIN } from '../discovery-document.js';
import { identityErrors } from '../errors.js';
import { authorizationCode } from '../grants/authorization-code.js';
import { clientCredentials } from '../grants/client-credentials.js';
import { deviceCode } from '../grants/device-code.js';
import { onBehalfOf } from '../grants/on-behalf-of.js';
import { password } from '../grants/password.js';
import { refreshToken } from '../grants/refresh-token.js';
import type { GrantModule, TokenRequestContext } from '../grants/types.js';
import type { KeyRing } from '../keys/signing-keys.js';
import { adoptClientRequestId, corsNoStore, formParams, preflight } from './form-params.js';

// POST /{tenant}/oauth2/v2.0/token (and the v1 /{tenant}/oauth2/token), read aloud:
//   CORS + no-store → one value per parameter → grant_type present and supported → the grant's
//   required parameters → the {tenant} segment → the grant module → Entra's JSON.
// Unknown parameters (x-client-*, claims, clidata, X-AnchorMailbox …) are ignored, as Entra does.

const GRANTS: GrantModule[] = [clientCredentials, authorizationCode, refreshToken, password, deviceCode, onBehalfOf];
const BY_TYPE = new Map(GRANTS.flatMap((g) => g.grantTypes.map((t) => [t, g] as const)));

export function registerTokenRoutes(app: FastifyInstance, s: Services, keys: KeyRing): void {
  for (const version of ['v2', 'v1'] as const) {
    const path = version === 'v2' ? '/:tenant/oauth2/v2.0/token' : '/:tenant/oauth2/token';
    app.post<{ Params: { tenant: string } }>(path, (req, reply) => tokenEndpoint(s, keys, req, reply, version));
    app.options(path, preflight);
    app.get(path, async (_req, reply) => {
      corsNoStore(reply);
      throw identityErrors.methodNotAllowed('POST, OPTIONS', 'GET');
    });
  }
}

async function tokenEndpoint(s: Services, keys: KeyRing, req: FastifyRequest<{ Params: { tenant: string } }>, reply: FastifyReply, version: 'v1' | 'v2') {
  corsNoStore(reply);
  reply.header('x-ms-request-id', req.requestId);
  adoptClientRequestId(req, reply, {});
  const params = formParams(req.body);
  adoptClientRequestId(req, reply, params);
  const grantType = params.grant_type;
  if (!grantType) throw identityErrors.missingParameter('grant_type');
  const grant = BY_TYPE.get(grantType);
  if (!grant) throw identityErrors.unsupportedGrantType(grantType.slice(0, 200));
  // v1 names a resource instead of scopes: the same request as `<resource>/.default`.
  if (version === 'v1' && params.resource && !params.scope) params.scope = `${params.resource.replace(/\/+$/, '')}/.default`;
  for (const p of grant.parameters) if (!params[p]) throw identityErrors.missingParameter(p);

  const authority = await resolveAuthority(s, req.params.tenant);
  const ctx: TokenRequestContext = {
    s,
    keys,
    params,
    authorization: req.headers.authorization,
    requestOrigin: typeof req.headers.origin === 'string' && req.headers.origin !== 'null' ? req.headers.origin : undefined,
    origin: req.origin,
    authority,
    clientAuth: clientAuthContext(s, req.origin, authority),
  };
  const body = await grant.handler(ctx);
  return version === 'v2' ? body : toV1(body, params.resource ?? params.scope ?? '', s.clock.nowSeconds());
}

function clientAuthContext(s: Services, origin: string, authority: Authority): ClientAuthContext {
  return {
    s,
    tenantLabel: authority.kind === 'tenant' ? authority.tenant.id : authority.segment,
    // The token endpoint as served (v2 or v1), or the v2 issuer: what Entra accepts as a client assertion `aud`.
    // Built when asked (certificate credentials only), not on every secret-authenticated request.
    acceptedAudiences: (aud) => {
      const names = new Set([authority.segment.toLowerCase()]);
      if (authority.kind === 'tenant') {
        names.add(authority.tenant.id.toLowerCase());
        names.add(authority.tenant.domain.toLowerCase());
      }
      const origins = new Set([origin.toLowerCase(), MICROSOFT_LOGIN_ORIGIN]);
      let u: URL;
      try {
        u = new URL(aud);
      } catch {
        return false;
      }
      const m = /^\/([^/]+)\/(?:oauth2\/(?:v2\.0\/)?token|v2\.0)\/?$/i.exec(u.pathname);
      return origins.has(u.origin.toLowerCase()) && m !== null && names.has(decodeURIComponent(m[1]!).toLowerCase());
    },
  };
}

/** v1 answers carry strings and the resource (`expires_on`, `not_before`, `resource`). */
function toV1(body: Record<string, unknown>, resource: string, now: number): Record<string, unknown> {
  const expiresIn = Number(body.expires_in ?? 0);
  const { scope: _scope, ...rest } = body;
  return {
    ...rest,
    expires_in: String(expiresIn),
    ext_expires_in: String(body.ext_expires_in ?? expiresIn),
    expires_on: String(now + expiresIn),
    not_before: String(now),
    resource: resource.replace(/\/\.default$/, ''),
  };
}
