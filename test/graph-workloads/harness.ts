import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { getCatalog } from '../../src/catalog/index.js';
import { createTlsServer, openFrontDoor } from '../../src/front-door/front-door.js';
import { DOWNLOAD_PATH, registerReportDownloads } from '../../src/graph/reports/index.js';
import { createClock, type Clock } from '../../src/shared/clock.js';
import { systemIds } from '../../src/shared/ids.js';
import type { RunInfo, Services } from '../../src/shared/services.js';
import { openStandaloneWorkloadStores, seedSensitivityLabels } from '../../src/store/mail/index.js';
import { seedTenants, type SeedSummary } from '../../src/store/seed/index.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import type { Stores } from '../../src/store/types.js';
import { loadTenantFile } from '../../src/tenant-file/load.js';
import { ensureLocalCa } from '../../src/tls/local-ca.js';
import { newDataDir } from '../harness/tenantbox.js';

// A real tenantbox (TLS front door, the whole app pipeline: identity, Graph with every area in
// GRAPH_AREAS) seeded from a tenant file, with what the lead has yet to wire done here: the workload
// stores (a database of their own when Stores lacks them), the label seeder, and the report
// download route outside the Graph pipeline. Once wired, this is startTestTenantbox.

export interface WorkloadTestbox {
  url: string;
  tenants: { id: string; domain: string; apps: { displayName: string; appId: string }[] }[];
  stores: Stores;
  clock: Clock;
  cleanup(): Promise<void>;
}

export async function startWorkloadTenantbox(yaml: string): Promise<WorkloadTestbox> {
  const dataDir = newDataDir();
  const tenantFile = join(dataDir, 'tenant.yaml');
  writeFileSync(tenantFile, yaml);
  const catalog = getCatalog();
  const clock = createClock();
  const knownPermission = (resource: string, scheme: 'delegated' | 'application', name: string) => resource !== 'graph' || Boolean(catalog.permission(name)?.[scheme]);
  const permissionId = (_r: 'graph', scheme: 'delegated' | 'application', name: string) => catalog.permission(name)?.[scheme]?.id;
  const file = loadTenantFile(tenantFile, { now: clock.nowDate(), knownPermission });

  const stores = await openSqliteStores({ file: join(dataDir, 'tenantbox.db') });
  let standalone: Awaited<ReturnType<typeof openStandaloneWorkloadStores>> | undefined;
  if (!stores.mail || !stores.onlineMeetings || !stores.sensitivityLabels) {
    standalone = await openStandaloneWorkloadStores(join(dataDir, 'workloads.db'));
    Object.assign(stores, { mail: standalone.mail, onlineMeetings: standalone.onlineMeetings, sensitivityLabels: standalone.sensitivityLabels });
  }
  const summary: SeedSummary = await stores.transaction(() => seedTenants(stores, file, { clock, ids: systemIds, permissionId }));
  await seedSensitivityLabels(stores, file, { ids: systemIds });

  const ca = await ensureLocalCa(dataDir);
  const run: RunInfo = { dataDir, url: '', tenantFile: { path: tenantFile, hash: file.hash }, version: 'test', startedAt: Date.now() };
  const services: Services = { stores, clock, ids: systemIds, catalog, run, adminKey: systemIds.token(16), reset: async () => undefined };
  const server = await createTlsServer(ca);
  const app: FastifyInstance = await buildApp(services, { server });
  if (!app.hasRoute({ method: 'GET', url: `${DOWNLOAD_PATH}/:token` })) await app.register(async (scope) => registerReportDownloads(scope, services));
  await app.ready();
  const door = await openFrontDoor({ server, ca, port: 0 });
  run.url = door.url;

  return {
    url: door.url,
    tenants: summary.tenants,
    stores,
    clock,
    async cleanup() {
      await door.close();
      await app.close();
      await stores.close();
      standalone?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
