import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { adminErrors } from '../shared/errors.js';
import type { Services } from '../shared/services.js';
import { registerAnalyzer } from './routes/analyzer.js';
import { registerAudit } from './routes/audit.js';
import { registerClock } from './routes/clock.js';
import { registerHealth } from './routes/health.js';
import { registerIdentityConsents } from './routes/identity-consents.js';
import { registerIdentityKeys } from './routes/identity-keys.js';
import { registerIdentityServicePrincipals } from './routes/identity-service-principals.js';
import { registerIdentitySessions } from './routes/identity-sessions.js';
import { registerReset } from './routes/reset.js';
import { registerTenantExport } from './routes/tenant-export.js';
import { registerTenantImport } from './routes/tenant-import.js';
import { registerTenantListings } from './routes/tenant-listings.js';

// The emulator-only admin API under /_tenantbox/ (the LocalStack `/_aws/...` idea). The CLI and
// test suites use it; it never leaks onto intercepted hosts, and every route needs the admin key.

export async function registerAdmin(app: FastifyInstance, services: Services): Promise<void> {
  const key = Buffer.from(services.adminKey);
  app.addHook('onRequest', async (req) => {
    if (req.surface !== 'admin') throw adminErrors.notFound(`${req.method} ${req.url}`);
    const auth = req.headers.authorization ?? '';
    const given = Buffer.from(auth.startsWith('Bearer ') ? auth.slice(7).trim() : String(req.headers['x-tenantbox-key'] ?? ''));
    if (given.length !== key.length || !timingSafeEqual(given, key)) throw adminErrors.unauthorized();
  });
  registerHealth(app, services);
  registerReset(app, services);
  registerClock(app, services);
  registerTenantListings(app, services);
  registerTenantExport(app, services);
  registerTenantImport(app, services);
  registerAudit(app, services);
  registerAnalyzer(app, services);
  registerIdentityConsents(app, services);
  registerIdentitySessions(app, services);
  registerIdentityServicePrincipals(app, services);
  registerIdentityKeys(app, services);
}
