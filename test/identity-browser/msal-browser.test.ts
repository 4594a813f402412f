import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { consentLines, launchChromium, newContext, signIn, startAppServer, type AppServer } from './helpers.js';
import { appId, BROWSER_TENANTS, PASSWORD, tenantId } from './tenant.js';

// @azure/msal-browser in Chromium, as a single-page app on http://localhost:<port>/spa (a secure
// context) registered as a `spa` redirect URI: loginRedirect → tenantbox's pages → back with the
// code in the fragment → handleRedirectPromise → cross-origin token POST → acquireTokenSilent.

const require = createRequire(import.meta.url);
const MSAL_BUNDLE = join(dirname(require.resolve('@azure/msal-browser/package.json')), 'lib', 'msal-browser.js');

let tb: TestTenantbox;
let browser: Browser;
let spa: AppServer;

function spaPage(config: object): string {
  return `<!doctype html><html><head><title>Booking SPA</title><script src="/msal-browser.js"></script></head><body><p>Booking SPA</p><script>
const cfg = ${JSON.stringify(config)};
const app = new msal.PublicClientApplication({ auth: { clientId: cfg.clientId, authority: cfg.authority, knownAuthorities: [cfg.host], redirectUri: location.origin + '/spa' }, cache: { cacheLocation: 'sessionStorage' } });
window.outcome = (async () => {
  await app.initialize();
  const r = await app.handleRedirectPromise();
  if (!r) { await app.loginRedirect({ scopes: ['User.Read'] }); return null; }
  const silent = await app.acquireTokenSilent({ scopes: ['User.Read'], account: r.account });
  const refreshed = await app.acquireTokenSilent({ scopes: ['User.Read'], account: r.account, forceRefresh: true });
  const out = { username: r.account.username, tenantId: r.account.tenantId, fromCache: silent.fromCache, refreshedFromCache: refreshed.fromCache, newToken: refreshed.accessToken !== r.accessToken };
  document.body.dataset.done = '1';
  return out;
})().catch((e) => { document.body.dataset.error = String(e && (e.errorCode || e.name) + ': ' + e.message); return null; });
</script></body></html>`;
}

beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: BROWSER_TENANTS });
  browser = await launchChromium();
  const tid = tenantId(tb, 'contoso.test');
  spa = await startAppServer('localhost', {
    '/msal-browser.js': { type: 'text/javascript', body: readFileSync(MSAL_BUNDLE) },
    '/spa': { type: 'text/html', body: spaPage({ clientId: appId(tb, 'Booking SPA'), authority: `${tb.url}/${tid}`, host: new URL(tb.url).host }) },
  });
});
afterAll(async () => {
  await browser?.close();
  await spa?.close();
  await tb?.cleanup();
});

describe('msal-browser (SPA redirect flow)', () => {
  it('signs in with loginRedirect and gets tokens silently', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${spa.origin}/spa`);
    await page.waitForURL(/\/oauth2\/v2\.0\/authorize\?/);
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('response_mode')).toBe('fragment');
    await signIn(page, 'megan@contoso.test', PASSWORD);
    await consentLines(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(`${spa.origin}/spa**`);
    await page.waitForFunction(() => document.body?.dataset.done === '1' || document.body?.dataset.error !== undefined, undefined, { timeout: 20_000 });
    const error = await page.evaluate(() => document.body.dataset.error);
    expect(error).toBeUndefined();
    const outcome = await page.evaluate(() => (window as unknown as { outcome: Promise<unknown> }).outcome);
    await context.close();
    expect(outcome).toEqual({ username: 'megan@contoso.test', tenantId: tenantId(tb, 'contoso.test'), fromCache: true, refreshedFromCache: false, newToken: true });
  });
});
