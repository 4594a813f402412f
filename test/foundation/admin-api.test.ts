import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TENANT_FILE, startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { httpsGetViaProxy } from '../harness/https-get.js';

describe('admin API', () => {
  let tb: TestTenantbox;
  beforeAll(async () => {
    tb = await startTestTenantbox({ tenantFile: EXAMPLE_TENANT_FILE });
  });
  afterAll(() => tb.cleanup());

  it('requires the admin key: none or a wrong one gets 401 with what to do', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${tb.adminKey}x` }] as Record<string, string>[]) {
      const res = await tb.fetch('/_tenantbox/health', { headers });
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body.error.code).toBe('unauthorized');
      expect(body.error.message).toContain('admin-key');
    }
    const ok = await tb.fetch('/_tenantbox/health', { headers: { authorization: `Bearer ${tb.adminKey}` } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).status).toBe('ok');
  });

  it('is not reachable on an intercepted Microsoft host', async () => {
    const res = await httpsGetViaProxy(tb.proxyUrl, 'https://graph.microsoft.com/_tenantbox/health', readFileSync(tb.caCertPath), {
      authorization: `Bearer ${tb.adminKey}`,
    });
    expect(res.status).not.toBe(200);
  });

  it('reads and advances the clock, and refuses a bad duration with a 400', async () => {
    const before = await tb.admin('GET', '/clock');
    const after = await tb.admin('POST', '/clock', { advance: '2h' });
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(2 * 3600_000);
    expect(tb.clock.offsetMs()).toBeGreaterThanOrEqual(2 * 3600_000);
    const bad = await tb.fetch('/_tenantbox/clock', {
      method: 'POST',
      headers: { authorization: `Bearer ${tb.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'two hours' }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/not a duration/);
  });

  it('lists apps, grants and policies of a tenant by domain', async () => {
    const apps = await tb.admin('GET', '/tenants/contoso.test/apps');
    expect(apps.value.map((a: { displayName: string }) => a.displayName)).toEqual(expect.arrayContaining(['Room Signage', 'Room Display']));
    const grants = await tb.admin('GET', '/tenants/contoso.test/grants');
    expect(grants.appRoleAssignments.map((a: { appRoleValue: string }) => a.appRoleValue).sort()).toEqual(['Calendars.ReadWrite', 'Place.Read.All', 'User.Read.All']);
    const policies = await tb.admin('GET', '/tenants/contoso.test/policies');
    expect(policies.applicationAccessPolicies).toHaveLength(1);
    expect(policies.applicationAccessPolicies[0].accessRight).toBe('RestrictAccess');
    const missing = await tb.fetch('/_tenantbox/tenants/nowhere.test/apps', { headers: { authorization: `Bearer ${tb.adminKey}` } });
    expect(missing.status).toBe(404);
  });

  it('exports a tenant and imports it back', async () => {
    const snap = await tb.admin('GET', '/tenants/contoso.test/export');
    expect(snap.format).toBe('tenantbox.tenant-snapshot/1');
    expect(snap.users.length).toBeGreaterThanOrEqual(4);
    const imported = await tb.admin('POST', '/tenants/import', snap);
    expect(imported.counts.users).toBe(snap.users.length);
    const bad = await tb.fetch('/_tenantbox/tenants/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${tb.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'something else' }),
    });
    expect(bad.status).toBe(400);
  });
});
