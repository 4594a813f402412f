import type { FastifyInstance } from 'fastify';
import type { Services } from '../../shared/services.js';

export function registerHealth(app: FastifyInstance, s: Services): void {
  app.get('/health', async () => {
    const tenants = await s.stores.directory.listTenants();
    return {
      status: 'ok',
      version: s.run.version,
      url: s.run.url,
      dataDir: s.run.dataDir,
      tenantFile: s.run.tenantFile.path,
      uptimeSeconds: Math.round((Date.now() - s.run.startedAt) / 1000),
      now: s.clock.nowDate().toISOString(),
      tenants: tenants.map((t) => ({ id: t.id, domain: t.domain, displayName: t.displayName })),
    };
  });
}
