import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRELOAD } from '../../src/cli/commands/env.js';
import { EXAMPLE_TENANT_FILE, startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// Intercept mode end to end: unmodified msal-node 7 and @microsoft/microsoft-graph-client, using
// login.microsoftonline.com and graph.microsoft.com, pointed at tenantbox by environment only.
describe('intercept mode with msal-node and the Graph client', () => {
  let tb: TestTenantbox;
  beforeAll(async () => {
    tb = await startTestTenantbox({ tenantFile: EXAMPLE_TENANT_FILE });
  });
  afterAll(() => tb.cleanup());

  // Asynchronous on purpose: tenantbox runs in this process, so a synchronous spawn would deadlock.
  const runApp = (env: NodeJS.ProcessEnv) => {
    const t = tb.tenants[0]!;
    const app = t.apps.find((a) => a.displayName === 'Room Signage')!;
    const args = [new URL('./fixtures/msal-graph-app.mjs', import.meta.url).pathname, t.id, app.appId, 'signage-secret-1'];
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, args, { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, ...env } }, (err, stdout, stderr) =>
        resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  };

  it('gets a token from login.microsoftonline.com and calls graph.microsoft.com, both answered by tenantbox', async () => {
    const r = await runApp({ HTTPS_PROXY: tb.proxyUrl, NODE_EXTRA_CA_CERTS: tb.caCertPath, NODE_OPTIONS: `--import=${PRELOAD}` });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tokenType).toBe('Bearer');
    expect(out.users).toEqual(expect.arrayContaining(['adele@contoso.test', 'megan@contoso.test']));
    // Group.Read.All was never granted to Room Signage: refused as Graph refuses it.
    expect(out.denied).toEqual({ statusCode: 403, code: 'Authorization_RequestDenied' });
  });

  it('without the environment the same app cannot reach Microsoft (no network): nothing leaks out', async () => {
    const r = await runApp({ NODE_OPTIONS: '--dns-result-order=ipv4first' });
    expect(r.status).not.toBe(0);
  });
});
