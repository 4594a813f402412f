import type { FastifyInstance } from 'fastify';
import { keyRingFor } from '../../identity/keys/signing-keys.js';
import type { Services } from '../../shared/services.js';
import { resolveTenant } from '../resolve-tenant.js';

// Signing-key rotation: a new key signs from now on; the previous one stays in JWKS (status
// `previous`), so tokens already issued keep verifying, as with Entra's key rollover.
export function registerIdentityKeys(app: FastifyInstance, s: Services): void {
  app.post<{ Params: { tenant: string } }>('/tenants/:tenant/keys/rotate', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    return keyRingFor(s).rotate(t.id);
  });
  app.get<{ Params: { tenant: string } }>('/tenants/:tenant/keys', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const keys = await s.stores.keys.listKeys(t.id);
    return { value: keys.map((k) => ({ kid: k.kid, x5t: k.x5t, status: k.status, createdDateTime: k.createdDateTime })) };
  });
}
