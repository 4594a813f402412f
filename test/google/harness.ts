import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCatalog } from '../../src/catalog/index.js';
import { createTlsServer, openFrontDoor } from '../../src/front-door/front-door.js';
import { registerGoogle } from '../../src/google/index.js';
import { createClock, type Clock } from '../../src/shared/clock.js';
import { systemIds } from '../../src/shared/ids.js';
import type { RunInfo, Services } from '../../src/shared/services.js';
import { openStandaloneGoogleStores } from '../../src/store/google/index.js';
import { seedGoogle, type GoogleSeedSummary } from '../../src/store/google/seed-google.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import type { Stores } from '../../src/store/types.js';
import { loadTenantFile } from '../../src/tenant-file/load.js';
import type { LoadedTenantFile } from '../../src/tenant-file/types.js';
import { ensureLocalCa } from '../../src/tls/local-ca.js';
import { buildMiniApp } from './mini-app.js';

// A real tenantbox (front door, TLS, CONNECT proxy, the app pipeline with admin API) with the
// Google surface mounted and only the Google side seeded: what startTestTenantbox gives once the
// lead wires registerGoogle/seedGoogle/Stores.google (then this file can delegate to it). The
// Microsoft tenants are reduced to their tenant records, which is all the Google side needs.

export interface GoogleTestbox {
  url: string;
  proxyUrl: string;
  caCertPath: string;
  dataDir: string;
  clock: Clock;
  stores: Stores;
  seed: GoogleSeedSummary;
  file: LoadedTenantFile;
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Stops; deletes the data dir unless `keepDataDir`. */
  cleanup(opts?: { keepDataDir?: boolean }): Promise<void>;
}

/** `dataDir`: start on an existing data dir (a restart). Each start seeds, as a reset does. */
export async function startGoogleTenantbox(yaml: string, opts: { dataDir?: string } = {}): Promise<GoogleTestbox> {
  const dataDir = opts.dataDir ?? newDataDir();
  const tenantFile = join(dataDir, 'tenant.yaml');
  writeFileSync(tenantFile, yaml);
  const clock = createClock();
  const file = loadTenantFile(tenantFile, { now: clock.nowDate() });
  const stores = await openSqliteStores({ file: join(dataDir, 'tenantbox.db') });
  const google = await openStandaloneGoogleStores(join(dataDir, 'google.db'));
  stores.google = google;

  const seed = async (): Promise<GoogleSeedSummary> => {
    for (const t of file.tenants) {
      await stores.directory.putTenant({
        id: t.id ?? (await stores.directory.getTenant(t.domain))?.id ?? randomUUID(),
        domain: t.domain,
        displayName: t.displayName,
        userConsent: t.userConsent,
        timeZone: t.timeZone,
        throttling: { enabled: false, requestsPer10Minutes: 10_000, concurrentRequests: 4 },
        createdDateTime: clock.nowDate().toISOString(),
      });
    }
    return seedGoogle(stores, file, { clock, ids: systemIds, dataDir });
  };
  let summary = await seed();

  const ca = await ensureLocalCa(dataDir);
  const adminKey = randomBytes(16).toString('hex');
  const run: RunInfo = { dataDir, url: '', tenantFile: { path: tenantFile, hash: file.hash }, version: 'test', startedAt: Date.now() };
  const services: Services = {
    stores,
    clock,
    ids: systemIds,
    catalog: getCatalog(),
    run,
    adminKey,
    async reset() {
      await stores.clearTenantState();
      google.clear();
      summary = await seed();
      return summary;
    },
  };
  const server = await createTlsServer(ca);
  const app = await buildAnyApp(services, server);
  // Once app.ts mounts the Google surface itself, do not mount it twice.
  if (!app.hasRoute({ method: 'POST', url: '/token' })) await registerGoogle(app, services);
  await app.ready();
  const door = await openFrontDoor({ server, ca, port: 0 });
  run.url = door.url;

  const box: GoogleTestbox = {
    url: door.url,
    proxyUrl: door.proxyUrl,
    caCertPath: ca.certPath,
    dataDir,
    clock,
    stores,
    get seed() {
      return summary;
    },
    file,
    fetch: (path, init) => fetch(new URL(path, door.url), init),
    async admin(method, path, body) {
      const res = await fetch(new URL(`/_tenantbox${path}`, door.url), {
        method,
        headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async cleanup(o = {}) {
      await door.close();
      await app.close();
      await stores.close();
      google.close();
      if (!o.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return box;
}

/** A temp data dir carrying the run's test CA (as test/harness/tenantbox.ts does; not imported, it pulls in server.ts). */
function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantbox-google-'));
  const caDir = process.env.TENANTBOX_TEST_CA_DIR;
  if (caDir) {
    mkdirSync(join(dir, 'tls'), { recursive: true, mode: 0o700 });
    copyFileSync(join(caDir, 'tls', 'ca.pem'), join(dir, 'tls', 'ca.pem'));
    copyFileSync(join(caDir, 'tls', 'ca-key.pem'), join(dir, 'tls', 'ca-key.pem'));
  }
  return dir;
}

/**
 * The real app pipeline when the tree can build it, else the mini pipeline (other surfaces may be
 * mid-construction). TENANTBOX_GOOGLE_MINI_APP=1 forces the mini one.
 */
async function buildAnyApp(services: Services, server: import('node:https').Server) {
  if (process.env.TENANTBOX_GOOGLE_MINI_APP !== '1') {
    try {
      const { buildApp } = await import('../../src/app.js');
      return await buildApp(services, { server });
    } catch (err) {
      if (!/Cannot find module|Failed to load url|does not provide an export/.test(String((err as Error).message))) throw err;
    }
  }
  return buildMiniApp(services, server);
}

/** Every scope of the catalog plus the sign-in ones: the DWD entry of the test-only "everything-bot". */
export function allGoogleScopes(): string[] {
  return [...getCatalog().google.scopes()];
}

/**
 * The signage tenant the tests share: the seed's Google model (room-signage, DWD for calendar,
 * calendar.events and the resource list), plus "everything-bot", delegated every catalog scope, for
 * tests that need other scopes.
 */
export function signageYaml(): string {
  const everything = allGoogleScopes().map((s) => `        - ${s}`).join('\n');
  return SIGNAGE_YAML.replace('  acl:\n', `    - client: everything-bot\n      scopes:\n${everything}\n  acl:\n`);
}

const SIGNAGE_YAML = `
tenant: { domain: contoso.test, displayName: Contoso, timeZone: Europe/Berlin }
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, givenName: Adele, surname: Vance, password: "Passw0rd!" }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "Passw0rd!" }
google:
  users:
    - { email: adele@contoso.test, admin: true }
    - { email: megan@contoso.test }
    - { email: signage@contoso.test, name: Signage Display, admin: true }
    - { email: robin@contoso.test, name: Robin Plain, password: "Robin-pass1" }
    - { email: leaver@contoso.test, name: Former Employee, suspended: true }
  groups:
    - { email: facilities@contoso.test, name: Facilities, members: [robin@contoso.test] }
  buildings:
    - { id: hq, name: HQ, floors: [1, 2] }
    - { id: harbour, name: Harbour, floors: [0, 1] }
  resources:
    - { name: Orion, building: hq, floor: 2, capacity: 8, features: [Whiteboard, Display] }
    - { name: Lyra, building: hq, floor: 1, capacity: 4 }
    - { name: Anchor, building: harbour, floor: 0, capacity: 10 }
  serviceAccounts:
    - { name: room-signage, displayName: Room Signage }
    - { name: everything-bot }
  oauthClients:
    - { name: Booking Web, secret: booking-secret, redirectUris: ["http://localhost:3999/callback"] }
  domainWideDelegation:
    - client: room-signage
      scopes:
        - https://www.googleapis.com/auth/calendar
        - https://www.googleapis.com/auth/calendar.events
        - https://www.googleapis.com/auth/admin.directory.resource.calendar.readonly
  acl:
    - { calendar: Anchor, domain: contoso.test, role: none }
    - { calendar: Anchor, group: facilities@contoso.test, role: writer }
    - { calendar: megan@contoso.test, user: robin@contoso.test, role: reader }
  events:
    - { organizer: megan@contoso.test, summary: Weekly sync, start: "today+1 09:00", duration: 1h, attendees: [Orion, adele@contoso.test], recurrence: ["RRULE:FREQ=WEEKLY;COUNT=4"] }
    - { organizer: adele@contoso.test, summary: Board prep, start: "today+1 09:30", duration: 30m, attendees: [Orion] }
    - { organizer: megan@contoso.test, summary: Private 1:1, start: "today+2 10:00", duration: 30m, visibility: private, description: salary talk }
`;
