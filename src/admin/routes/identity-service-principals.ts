import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findAppInTenant } from '../../identity/admin-support.js';
import { setServicePrincipalEnabled } from '../../identity/revocation.js';
import { adminErrors } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';
import { resolveTenant } from '../resolve-tenant.js';

// Enable or disable an app in a tenant (its service principal's accountEnabled). Disabled: every
// token request for it fails with AADSTS7000112; tokens already issued live until they expire.
const Patch = z.object({ accountEnabled: z.boolean() }).strict();

export function registerIdentityServicePrincipals(app: FastifyInstance, s: Services): void {
  app.patch<{ Params: { tenant: string; app: string } }>('/tenants/:tenant/service-principals/:app', async (req) => {
    const t = await resolveTenant(s, req.params.tenant);
    const body = Patch.safeParse(req.body);
    if (!body.success) throw adminErrors.badRequest('Send {"accountEnabled": true | false}.');
    const { sp } = await findAppInTenant(s, t, req.params.app);
    if (!sp.id) throw adminErrors.notFound(`A service principal for "${req.params.app}" in ${t.domain} (the app has not been consented there)`);
    const updated = await setServicePrincipalEnabled(s, sp, body.data.accountEnabled);
    return { id: updated.id, appId: updated.appId, displayName: updated.displayName, accountEnabled: updated.accountEnabled };
  });
}
