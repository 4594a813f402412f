import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_APP_ID } from '../../src/store/types.js';
import type { TestTenantbox } from '../harness/tenantbox.js';
import { consentLines, newContext, signIn, type AppServer, startBrowserFixture, stopBrowserFixture } from './helpers.js';
import { appId, PASSWORD, tenantId } from './tenant.js';

// The admin consent endpoint (entra-docs v2-admin-consent): an admin reviews the app's static
// permissions, application ones included, and grants them for the tenant.

let tb: TestTenantbox;
let browser: Browser;
let appServer: AppServer;

beforeAll(async () => {
  ({ tb, browser, appServer } = await startBrowserFixture());
});
afterAll(() => stopBrowserFixture({ tb, browser, appServer }));

function adminConsentUrl(version: 'v1' | 'v2', state = 'xyz'): string {
  const tid = tenantId(tb, 'contoso.test');
  const q = new URLSearchParams({ client_id: appId(tb, 'Room Signage'), redirect_uri: `${appServer.origin}/admin-done`, state });
  if (version === 'v2') q.set('scope', 'https://graph.microsoft.com/.default');
  return `${tb.url}/${tid}/${version === 'v2' ? 'v2.0/' : ''}adminconsent?${q}`;
}

describe('admin consent endpoint', () => {
  it('Cancel → error=access_denied with AADSTS65004 and the state', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(adminConsentUrl('v2', 'cancel-me'));
    await signIn(page, 'adele@contoso.test', PASSWORD);
    await consentLines(page);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const back = await appServer.next();
    await context.close();
    expect(back.query.get('error')).toBe('access_denied');
    expect(back.query.get('error_description')).toMatch(/^AADSTS65004: /);
    expect(back.query.get('state')).toBe('cancel-me');
  });

  it('a user without an admin role cannot grant for the organization', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(adminConsentUrl('v2'));
    await signIn(page, 'megan@contoso.test', PASSWORD);
    expect(await page.locator('h1').textContent()).toBe('Need admin approval');
    expect(await page.locator('main').textContent()).toContain('AADSTS90094');
    await context.close();
  });

  it('an admin reviews application and delegated permissions and grants them for the tenant', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(adminConsentUrl('v2'));
    await signIn(page, 'adele@contoso.test', PASSWORD);
    expect(await page.locator('h1').textContent()).toBe('Permissions requested for your organization');
    expect((await consentLines(page)).sort()).toEqual(['Calendars.ReadWrite', 'Place.Read.All', 'User.Read']);
    expect(await page.locator('.perms .detail').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Application permission')]));
    await page.getByRole('button', { name: 'Accept' }).click();
    const back = await appServer.next();
    await context.close();

    const tid = tenantId(tb, 'contoso.test');
    expect(back.path).toBe('/admin-done');
    expect(Object.fromEntries(back.query)).toEqual({ admin_consent: 'True', tenant: tid, scope: 'https://graph.microsoft.com/.default', state: 'xyz' });

    const clientSp = (await tb.stores.apps.getServicePrincipal(tid, appId(tb, 'Room Signage')))!;
    const graphSp = (await tb.stores.apps.getServicePrincipal(tid, GRAPH_APP_ID))!;
    expect(await tb.stores.grants.listAppRoleAssignments(tid, { principalId: clientSp.id, resourceId: graphSp.id })).toHaveLength(2);
    const [grant] = await tb.stores.grants.listDelegatedGrants(tid, { clientId: clientSp.id, resourceId: graphSp.id });
    expect(grant).toMatchObject({ consentType: 'AllPrincipals', principalId: null, scope: 'User.Read' });
  });

  it('the v1 endpoint means the static permissions and answers without scope', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(adminConsentUrl('v1', 'v1'));
    await signIn(page, 'adele@contoso.test', PASSWORD);
    await consentLines(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    const back = await appServer.next();
    await context.close();
    expect(Object.fromEntries(back.query)).toEqual({ admin_consent: 'True', tenant: tenantId(tb, 'contoso.test'), state: 'v1' });
  });
});
