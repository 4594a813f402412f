import { ConfidentialClientApplication } from '@azure/msal-node';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msalConfigFor, startTenantbox, type Tenantbox } from '../../src/index.js';
import { EXAMPLE_TENANT_FILE, newDataDir } from '../harness/tenantbox.js';

// The programmatic API a test suite uses: startTenantbox → { url, proxyUrl, caCertPath, tenants,
// stop(), reset(), clock }, and msalConfigFor → a configuration unmodified MSAL takes as is.
describe('programmatic API', () => {
  let tb: Tenantbox;
  beforeAll(async () => {
    tb = await startTenantbox({ tenantFile: EXAMPLE_TENANT_FILE, port: 0, dataDir: newDataDir() });
  });
  afterAll(async () => {
    await tb.stop();
    rmSync(tb.dataDir, { recursive: true, force: true });
  });

  it('resolves to what a test suite needs', () => {
    expect(tb.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(tb.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(tb.caCertPath).toMatch(/ca\.pem$/);
    expect(tb.tenants[0]).toMatchObject({ domain: 'contoso.test' });
    expect(typeof tb.stop).toBe('function');
    expect(typeof tb.reset).toBe('function');
    expect(typeof tb.clock.advance).toBe('function');
  });

  it('msalConfigFor gives unmodified msal-node a working configuration without any network lookup', async () => {
    const app = tb.tenants[0]!.apps.find((a) => a.displayName === 'Room Signage')!;
    const config = msalConfigFor(tb, { appId: app.appId, clientSecret: 'signage-secret-1' });
    expect(config.auth.knownAuthorities).toEqual([new URL(tb.url).host]);
    const cca = new ConfidentialClientApplication(config);
    const result = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const claims = JSON.parse(Buffer.from(result!.accessToken.split('.')[1]!, 'base64url').toString());
    expect(claims.roles.sort()).toEqual(['Calendars.ReadWrite', 'Place.Read.All', 'User.Read.All']);
    expect(claims.tid).toBe(tb.tenants[0]!.id);
    expect(claims.idtyp).toBe('app');
  });

  it('msalConfigFor names the tenant by domain, and refuses an unknown one', () => {
    const app = tb.tenants[0]!.apps[0]!;
    expect(msalConfigFor(tb, { appId: app.appId, tenant: 'CONTOSO.test' }).auth.authority).toBe(`${tb.url}/${tb.tenants[0]!.id}`);
    expect(() => msalConfigFor(tb, { appId: app.appId, tenant: 'nowhere.test' })).toThrow(/No tenant "nowhere.test"/);
  });
});
