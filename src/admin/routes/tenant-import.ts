import type { FastifyInstance } from 'fastify';
import { adminErrors } from '../../shared/errors.js';
import type { Services } from '../../shared/services.js';
import { importTenant, parseSnapshot } from '../tenant-snapshot.js';

export function registerTenantImport(app: FastifyInstance, s: Services): void {
  app.post('/tenants/import', { bodyLimit: 512 * 1024 * 1024 }, async (req) => {
    const snap = parseSnapshot(req.body);
    if (typeof snap === 'string') throw adminErrors.badRequest(snap);
    return { status: 'imported', tenant: { id: snap.tenant.id, domain: snap.tenant.domain }, counts: await importTenant(s, snap) };
  });
}
