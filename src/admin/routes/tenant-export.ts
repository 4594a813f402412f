import type { FastifyInstance } from 'fastify';
import type { Services } from '../../shared/services.js';
import { resolveTenant } from '../resolve-tenant.js';
import { exportTenant } from '../tenant-snapshot.js';

export function registerTenantExport(app: FastifyInstance, s: Services): void {
  app.get<{ Params: { tenant: string } }>('/tenants/:tenant/export', async (req) => exportTenant(s, await resolveTenant(s, req.params.tenant)));
}
