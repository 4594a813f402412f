import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TENANT_FILE, startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { httpsGet, httpsGetViaProxy } from '../harness/https-get.js';

describe('tenantbox up on the issue example tenant file', () => {
  let tb: TestTenantbox;
  let ca: string;
  beforeAll(async () => {
    tb = await startTestTenantbox({ tenantFile: EXAMPLE_TENANT_FILE });
    ca = readFileSync(tb.caCertPath, 'utf8');
  });
  afterAll(() => tb.cleanup());

  it('loads the example document as written: one tenant with its apps', () => {
    expect(tb.tenants).toHaveLength(1);
    const t = tb.tenants[0]!;
    expect(t.domain).toBe('contoso.test');
    expect(t.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.apps.map((a) => a.displayName).sort()).toEqual(['Room Display', 'Room Signage']);
  });

  it('serves the OpenID discovery document over HTTPS trusted through caCertPath alone', async () => {
    const tid = tb.tenants[0]!.id;
    const res = await httpsGet(`${tb.url}/${tid}/v2.0/.well-known/openid-configuration`, ca);
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.issuer).toBe(`${tb.url}/${tid}/v2.0`);
    expect(doc.token_endpoint).toBe(`${tb.url}/${tid}/oauth2/v2.0/token`);
  });

  it('answers the same request sent through proxyUrl to https://login.microsoftonline.com', async () => {
    const tid = tb.tenants[0]!.id;
    const res = await httpsGetViaProxy(tb.proxyUrl, `https://login.microsoftonline.com/${tid}/v2.0/.well-known/openid-configuration`, ca);
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.issuer).toBe(`https://login.microsoftonline.com/${tid}/v2.0`);
  });

  it('refuses to proxy any other host, and never forwards it', async () => {
    const res = await httpsGetViaProxy(tb.proxyUrl, 'https://example.com/', ca);
    expect(res.status).toBe(403);
    expect(res.body).toContain('example.com');
  });

  it('keeps the CA private key and the admin key private (mode 0600)', () => {
    expect(statSync(join(tb.dataDir, 'tls', 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(tb.dataDir, 'admin-key')).mode & 0o777).toBe(0o600);
  });

  it('serves the landing page at its own origin', async () => {
    const res = await httpsGet(`${tb.url}/`, ca);
    expect(res.status).toBe(200);
    expect(res.body).toContain('contoso.test');
  });
});
