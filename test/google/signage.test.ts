import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signageYaml, startGoogleTenantbox, type GoogleTestbox } from './harness.js';

// The room-signage app of the seed (Google model), run with the unmodified googleapis package in a
// child process: once in intercept mode (HTTPS_PROXY + NODE_EXTRA_CA_CERTS, nothing configured in
// the app), once with rootUrl (configuration only). Both must list rooms, read a room and book it;
// the room accepts the first booking and declines the clashing second one.

const CLIENT = fileURLToPath(new URL('./fixtures/signage-client.mjs', import.meta.url));
const SCOPES = [
  'https://www.googleapis.com/auth/calendar',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/admin.directory.resource.calendar.readonly',
].join(' ');

let tb: GoogleTestbox;
beforeAll(async () => {
  tb = await startGoogleTenantbox(signageYaml());
});
afterAll(async () => tb?.cleanup());

async function runClient(env: Record<string, string>, slot: number): Promise<any> {
  const start = new Date(tb.clock.now() + (3 + slot) * 86_400_000);
  start.setUTCHours(13, 0, 0, 0);
  const keyFile = tb.seed.tenants[0]!.serviceAccounts.find((s) => s.name === 'room-signage')!.keyFile;
  const { stdout } = await promisify(execFile)(process.execPath, [CLIENT], {
    env: {
      PATH: process.env.PATH ?? '',
      KEY_FILE: keyFile,
      SUBJECT: 'signage@contoso.test',
      SCOPES,
      ROOM_NAME: 'Orion',
      START: start.toISOString(),
      END: new Date(start.getTime() + 30 * 60_000).toISOString(),
      ...env,
    },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

function expectSignageFlow(out: any) {
  expect(out.error).toBeUndefined();
  expect(out.rooms.map((r: any) => r.name)).toEqual(['Orion', 'Lyra', 'Anchor']);
  expect(new Set(out.rooms.map((r: any) => r.building))).toEqual(new Set(['hq', 'harbour']));
  expect(out.rooms[0].email).toMatch(/@resource\.calendar\.google\.com$/);
  // The signage user is a super admin: owner of every resource calendar.
  expect(out.accessRole).toBe('owner');
  expect(out.roomEvents.map((e: any) => e.summary)).toContain('Weekly sync');
  expect(out.first.room).toBe('accepted');
  expect(out.second.room).toBe('declined');
  expect(out.roomAfter).toEqual(['Signage booking']);
}

describe('room signage with unmodified googleapis', () => {
  it('works in intercept mode: HTTPS_PROXY and NODE_EXTRA_CA_CERTS only', async () => {
    const out = await runClient({ HTTPS_PROXY: tb.proxyUrl, NODE_EXTRA_CA_CERTS: tb.caCertPath }, 0);
    expectSignageFlow(out);
    // Every call was answered by tenantbox, through the real hosts' names.
    const audit = await tb.stores.audit.query({});
    const paths = audit.map((a) => `${a.method} ${a.path} ${a.status}`);
    expect(paths).toContain('POST /token 200');
    expect(paths).toContain('GET /admin/directory/v1/customer/my_customer/resources/calendars 200');
    expect(audit.find((a) => a.path.endsWith('/resources/calendars'))).toMatchObject({
      service: 'google',
      userId: 'signage@contoso.test',
      scheme: 'delegated',
      permission: 'https://www.googleapis.com/auth/admin.directory.resource.calendar.readonly',
    });
  });

  it('works with rootUrl (and a transporter for the hard-coded token URL)', async () => {
    const out = await runClient({ ROOT_URL: `${tb.url}/`, NODE_EXTRA_CA_CERTS: tb.caCertPath }, 1);
    expectSignageFlow(out);
  });
});
