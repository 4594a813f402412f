import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { APPS, decodeJwt, identityTenantYaml, makeCertificate, TID } from './tenant.js';

// Intercept mode: an unmodified msal-node app whose authority is the real
// https://login.microsoftonline.com/<tid>, in its own process with HTTPS_PROXY = tenantbox and
// NODE_EXTRA_CA_CERTS = tenantbox's CA. MSAL fetches the tenant's OpenID configuration and posts to
// the token endpoint through the proxy; tenantbox answers for login.microsoftonline.com, nothing
// leaves the machine (the proxy refuses any other host).

const run = promisify(execFile);
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
let tb: TestTenantbox;

beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: identityTenantYaml(await makeCertificate(), await makeCertificate('x', new Date(Date.now() - 3600_000))) });
});
afterAll(async () => {
  await tb?.cleanup();
});

async function client(env: Record<string, string>) {
  const { stdout } = await run(process.execPath, ['--import', `${FIXTURES}env-proxy.mjs`, `${FIXTURES}intercept-client.mjs`], {
    env: { PATH: process.env.PATH ?? '', HTTPS_PROXY: tb.proxyUrl, NODE_EXTRA_CA_CERTS: tb.caCertPath, ...env },
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('intercept mode (msal-node, real Microsoft URLs)', () => {
  it('client credentials with a secret: issued by tenantbox for the real authority', async () => {
    const r = await client({ CLIENT_ID: APPS.daemon, CLIENT_SECRET: 'daemon-secret', TENANT: TID });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(decodeJwt(r.accessToken)).toMatchObject({ aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${TID}/`, appid: APPS.daemon, roles: expect.arrayContaining(['Calendars.Read']) });
  });

  it('the OpenID configuration served on login.microsoftonline.com names login.microsoftonline.com', async () => {
    const r = await client({ CLIENT_ID: APPS.daemon, CLIENT_SECRET: 'wrong', TENANT: 'contoso.test' });
    expect(r).toMatchObject({ ok: false, errorCode: 'invalid_client' });
    expect(r.message).toContain('AADSTS7000215');
  });
});
