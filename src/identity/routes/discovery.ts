import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../shared/services.js';
import { resolveAuthority } from '../authorize/authority.js';
import { instanceDiscovery, openIdConfiguration, openIdConfigurationV1, v2Issuer } from '../discovery-document.js';
import type { KeyRing } from '../keys/signing-keys.js';
import { cors, preflight } from './form-params.js';

// Metadata: OpenID configuration (v2 and v1), JWKS (v2 and v1 paths), and instance discovery, all
// with CORS (msal-browser fetches them cross-origin). An unknown tenant is AADSTS90002, as Entra.

export function registerDiscoveryRoutes(app: FastifyInstance, s: Services, keys: KeyRing): void {
  const get = (path: string, handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => {
    app.get(path, handler);
    app.options(path, preflight);
  };

  get('/:tenant/v2.0/.well-known/openid-configuration', async (req, reply) => {
    cors(reply);
    const a = await resolveAuthority(s, (req.params as { tenant: string }).tenant);
    return openIdConfiguration(req.origin, a.kind === 'tenant' ? a.tenant.id : a.segment);
  });

  get('/:tenant/.well-known/openid-configuration', async (req, reply) => {
    cors(reply);
    const a = await resolveAuthority(s, (req.params as { tenant: string }).tenant);
    return openIdConfigurationV1(req.origin, a.kind === 'tenant' ? a.tenant.id : a.segment);
  });

  for (const path of ['/:tenant/discovery/v2.0/keys', '/:tenant/discovery/keys']) {
    const v2 = path.includes('v2.0');
    get(path, async (req, reply) => {
      cors(reply);
      const a = await resolveAuthority(s, (req.params as { tenant: string }).tenant);
      if (a.kind === 'tenant') return keys.jwks(a.tenant.id, v2 ? v2Issuer(req.origin, a.tenant.id) : undefined);
      // /common and /organizations publish every tenant's keys (Entra's common keys are global).
      const tenants = await s.stores.directory.listTenants();
      const all = await Promise.all(tenants.map((t) => keys.jwks(t.id, v2 ? v2Issuer(req.origin, 'common') : undefined)));
      return { keys: all.flatMap((j) => j.keys) };
    });
  }

  get('/:tenant/discovery/instance', async (req, reply) => {
    cors(reply);
    const q = req.query as Record<string, unknown>;
    return instanceDiscovery(req.origin, typeof q.authorization_endpoint === 'string' ? q.authorization_endpoint : undefined);
  });
}
