import { join } from 'node:path';
import { getCatalog } from '../../src/catalog/index.js';
import { keyFilePath } from '../../src/store/google/key-file.js';
import type { GoogleSeedSummary } from '../../src/store/google/seed-google.js';
import { loadTenantFile } from '../../src/tenant-file/load.js';
import type { LoadedTenantFile } from '../../src/tenant-file/types.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// The real tenantbox (startTestTenantbox), plus what the Google tests read about its Google side:
// the loaded tenant file and a summary of the seeded Google tenants (service-account key files).

export interface GoogleTestbox extends Omit<TestTenantbox, 'cleanup'> {
  seed: GoogleSeedSummary;
  file: LoadedTenantFile;
  /** Stops; deletes the data dir unless `keepDataDir`. */
  cleanup(opts?: { keepDataDir?: boolean }): Promise<void>;
}

/**
 * `dataDir`: start on an existing data dir (a restart). As `tenantbox up` does, a data dir already
 * seeded from the same file is not seeded again; one that lost its database is.
 */
export async function startGoogleTenantbox(yaml: string, opts: { dataDir?: string } = {}): Promise<GoogleTestbox> {
  const tb = await startTestTenantbox({ yaml, dataDir: opts.dataDir });
  try {
    const file = loadTenantFile(join(tb.dataDir, 'tenant.yaml'), { now: tb.clock.nowDate() });
    const seed = await describeGoogleSeed(tb, file);
    const stop = tb.cleanup;
    return Object.assign(tb, {
      seed,
      file,
      cleanup: (o: { keepDataDir?: boolean } = {}) => (o.keepDataDir ? tb.stop() : stop()),
    });
  } catch (e) {
    await tb.cleanup();
    throw e;
  }
}

/**
 * What seedGoogle reported when it seeded this data dir, re-derived from the file and the stores:
 * the server does not keep that summary, and a restart does not seed. Tenant ids are stable across
 * resets, and key files always live at <dataDir>/google/<name>.json.
 */
async function describeGoogleSeed(tb: TestTenantbox, file: LoadedTenantFile): Promise<GoogleSeedSummary> {
  const tenants: GoogleSeedSummary['tenants'] = [];
  for (const t of file.tenants) {
    const g = t.google;
    if (!g) continue;
    const tenant = await tb.stores.directory.getTenant(t.id ?? t.domain);
    if (!tenant) throw new Error(`startGoogleTenantbox: tenant ${t.domain} is not in the data dir`);
    tenants.push({
      tenantId: tenant.id,
      domain: g.domain,
      customerId: g.customerId,
      users: g.users.length,
      resources: g.resources.length,
      events: g.events.length,
      serviceAccounts: g.serviceAccounts.map((sa) => ({ name: sa.name, clientEmail: sa.email, clientId: sa.clientId, keyFile: keyFilePath(tb.dataDir, sa.name) })),
    });
  }
  return { tenants };
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
