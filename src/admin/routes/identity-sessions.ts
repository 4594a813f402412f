import type { FastifyInstance } from 'fastify';
import { revokeUserSessions } from '../../identity/revocation.js';
import { adminErrors } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';
import { resolveTenant } from '../resolve-tenant.js';

// revokeSignInSessions for a user (by upn, mail or id): their refresh tokens stop working at once
// (AADSTS50173); access tokens already issued live until they expire, as in Entra.
export function registerIdentitySessions(app: FastifyInstance, s: Services): void {
  app.post<{ Params: { tenant: string; user: string } }>('/tenants/:tenant/users/:user/revoke-sessions', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const user = await s.stores.directory.getUser(t.id, req.params.user);
    if (!user) throw adminErrors.notFound(`User "${req.params.user}" in ${t.domain}`);
    const updated = await revokeUserSessions(s, user);
    return { id: updated.id, userPrincipalName: updated.userPrincipalName, signInSessionsValidFromDateTime: updated.signInSessionsValidFromDateTime };
  });
}
