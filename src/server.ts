import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { getCatalog } from './catalog/index.js';
import { createTlsServer, openFrontDoor } from './front-door/front-door.js';
import { createClock, type Clock } from './shared/clock.js';
import { systemIds, type Ids } from './shared/ids.js';
import type { RunInfo, Services } from './shared/services.js';
import { openSqliteStores } from './store/sqlite/open-sqlite.js';
import { seedGoogle } from './store/google/seed-google.js';
import { seedTenants, type SeedSummary } from './store/seed/index.js';
import { seedTeams } from './store/teams/index.js';
import { seedSensitivityLabels } from './store/mail/index.js';
import type { Stores } from './store/types.js';
import type { LoadedTenantFile } from './tenant-file/types.js';
import { ensureLocalCa } from './tls/local-ca.js';
import { acquireDataDir, ensureAdminKey, writeRuntimeInfo, type DataDirLock } from './data-dir.js';

// Composition root: data dir → stores → tenant file → seed (first run only) → CA → one TLS port.

// Run from source (src/server.ts) or compiled (dist/src/server.js): the package root is the nearest
// folder above with our package.json.
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_TENANT_FILE = join(PACKAGE_ROOT, 'examples', 'demo-tenant.yaml');
export const VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

export interface StartOptions {
  tenantFile?: string;
  dataDir?: string;
  port?: number;
  host?: string;
  /** Inject ids / a clock base for deterministic tests. */
  ids?: Ids;
  realNow?: () => number;
  logger?: boolean;
}

export interface TenantSummary {
  id: string;
  domain: string;
  displayName: string;
  apps: { displayName: string; appId: string }[];
}

export interface Tenantbox {
  url: string;
  proxyUrl: string;
  caCertPath: string;
  dataDir: string;
  adminKey: string;
  tenants: TenantSummary[];
  clock: Clock;
  /** True when the tenant file changed since the data dir was seeded (reset to apply it). */
  tenantFileChanged: boolean;
  reset(): Promise<TenantSummary[]>;
  stop(): Promise<void>;
  /** For in-process tests: the stores behind the running server. */
  stores: Stores;
}

export async function startTenantbox(opts: StartOptions = {}): Promise<Tenantbox> {
  const dataDir = resolve(opts.dataDir ?? '.tenantbox');
  const tenantFilePath = resolve(opts.tenantFile ?? DEFAULT_TENANT_FILE);
  const lock: DataDirLock = acquireDataDir(dataDir);
  try {
    return await start(opts, dataDir, tenantFilePath, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function start(opts: StartOptions, dataDir: string, tenantFilePath: string, lock: DataDirLock): Promise<Tenantbox> {
  const catalog = getCatalog();
  const ids = opts.ids ?? systemIds;
  const adminKey = ensureAdminKey(dataDir);
  const stores = await openSqliteStores({ file: join(dataDir, 'tenantbox.db') });
  const clock = createClock({ offsetMs: Number((await stores.meta.get('clockOffsetMs')) ?? 0), real: opts.realNow });
  // However the clock moves (admin API, CLI, a test holding the handle), the offset survives a restart.
  clock.onChange((offset) => void stores.meta.set('clockOffsetMs', String(offset)));

  const knownPermission = (resource: string, scheme: 'delegated' | 'application', name: string) =>
    resource !== 'graph' || Boolean(catalog.permission(name)?.[scheme]);
  const permissionId = (_r: 'graph', scheme: 'delegated' | 'application', name: string) => catalog.permission(name)?.[scheme]?.id;
  // The loader (yaml, zod, the checks) is imported only when a file must be read: a restart on a
  // data dir seeded from the same, unchanged file never parses it.
  const load = async (): Promise<LoadedTenantFile> => {
    const { loadTenantFile } = await import('./tenant-file/load.js');
    return loadTenantFile(tenantFilePath, { now: clock.nowDate(), knownPermission });
  };

  // Microsoft side first (tenants, directory, apps, grants, events, then teams on their groups), then Google Workspace.
  const seedAll = async (file: LoadedTenantFile): Promise<SeedSummary> => {
    const summary = await seedTenants(stores, file, { clock, ids, permissionId });
    await seedTeams(stores, file, { clock, ids });
    await seedSensitivityLabels(stores, file, { ids });
    await seedGoogle(stores, file, { clock, ids, dataDir });
    return summary;
  };

  const seededHash = await stores.meta.get('seededFromHash');
  const currentHash = fileHash(tenantFilePath);
  let summary: SeedSummary;
  let tenantFileChanged = false;
  if (seededHash === undefined) {
    const tenantFile = await load(); // throws TenantFileError listing every problem: nothing starts
    summary = await stores.transaction(() => seedAll(tenantFile));
    await stores.meta.set('seededFromHash', tenantFile.hash);
    await stores.meta.set('seededFromFile', tenantFilePath);
  } else {
    // A changed file is still checked (a broken one stops the start), but applied only by `reset`.
    if (seededHash !== currentHash) tenantFileChanged = (await load()).hash !== seededHash;
    summary = await summarize(stores);
  }

  const reset = async (): Promise<TenantSummary[]> => {
    const tenantFile = await load();
    const s = await stores.transaction(async () => {
      await stores.clearTenantState();
      return seedAll(tenantFile);
    });
    await stores.meta.set('seededFromHash', tenantFile.hash);
    handle.tenants = toTenantSummaries(s);
    handle.tenantFileChanged = false;
    return handle.tenants;
  };

  const ca = await ensureLocalCa(dataDir);
  const run: RunInfo = { dataDir, url: '', tenantFile: { path: tenantFilePath, hash: currentHash ?? '' }, version: VERSION, startedAt: Date.now() };
  const services: Services = { stores, clock, ids, catalog, run, adminKey, reset };
  const server = await createTlsServer(ca);
  const app = await buildApp(services, { server, logger: opts.logger });
  await app.ready();
  const door = await openFrontDoor({ server, ca, port: opts.port ?? 0, host: opts.host });
  run.url = door.url;
  writeRuntimeInfo(dataDir, { pid: process.pid, url: door.url, proxyUrl: door.proxyUrl, caCertPath: ca.certPath, port: door.port });

  let stopped = false;
  const handle: Tenantbox = {
    url: door.url,
    proxyUrl: door.proxyUrl,
    caCertPath: ca.certPath,
    dataDir,
    adminKey,
    tenants: toTenantSummaries(summary),
    clock,
    tenantFileChanged,
    reset,
    stores,
    async stop() {
      if (stopped) return;
      stopped = true;
      await door.close();
      await app.close();
      await stores.audit.flush();
      await stores.close();
      lock.release();
    },
  };
  return handle;
}

/** sha256 of the tenant file's bytes (what the loader records), or undefined when it can't be read. */
function fileHash(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'tenantbox') return dir;
    if (dirname(dir) === dir) throw new Error(`tenantbox: cannot find its package.json above ${from}`);
  }
}

function toTenantSummaries(s: SeedSummary): TenantSummary[] {
  return s.tenants.map((t) => ({ id: t.id, domain: t.domain, displayName: t.displayName, apps: t.apps }));
}

/** After a restart nothing is re-seeded: describe what the data dir holds. */
async function summarize(stores: Stores): Promise<SeedSummary> {
  const tenants = await stores.directory.listTenants();
  return {
    tenants: await Promise.all(
      tenants.map(async (t) => {
        const users = await stores.directory.listUsers(t.id);
        const apps = await stores.apps.listApplications(t.id);
        return {
          id: t.id,
          domain: t.domain,
          displayName: t.displayName,
          users: users.filter((u) => u.kind === 'user').length,
          rooms: users.filter((u) => u.kind === 'room').length,
          groups: (await stores.directory.listGroups(t.id)).length,
          apps: apps.map((a) => ({ displayName: a.displayName, appId: a.appId })),
          events: await stores.events.countEvents(t.id),
        };
      }),
    ),
  };
}
