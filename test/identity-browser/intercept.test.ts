import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenantbox } from '../harness/tenantbox.js';
import { consentLines, decodeJwt, newContext, pkcePair, signIn, type AppServer, startBrowserFixture, stopBrowserFixture } from './helpers.js';
import { appId, PASSWORD, tenantId } from './tenant.js';

// Intercept mode: Chromium goes through tenantbox as its HTTPS proxy and opens the real Entra URL,
// https://login.microsoftonline.com/<tid>/oauth2/v2.0/authorize. tenantbox answers for that host;
// nothing reaches Microsoft. The app's redirect URI (loopback) is reached directly.

let tb: TestTenantbox;
let browser: Browser;
let appServer: AppServer;

beforeAll(async () => {
  ({ tb, browser, appServer } = await startBrowserFixture({ proxy: true }));
});
afterAll(() => stopBrowserFixture({ tb, browser, appServer }));

describe('intercept mode', () => {
  it('signs in at login.microsoftonline.com through the proxy and the code redeems', async () => {
    const tid = tenantId(tb, 'contoso.test');
    const clientId = appId(tb, 'Room Display');
    const { verifier, challenge } = await pkcePair();
    const redirectUri = `${appServer.origin}/native`;
    const q = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope: 'User.Read offline_access', code_challenge: challenge, code_challenge_method: 'S256', state: 'via-proxy', client_info: '1' });

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`https://login.microsoftonline.com/${tid}/oauth2/v2.0/authorize?${q}`);
    expect(new URL(page.url()).host).toBe('login.microsoftonline.com');
    await signIn(page, 'megan@contoso.test', PASSWORD);
    expect(new URL(page.url()).host).toBe('login.microsoftonline.com');
    await consentLines(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    const back = await appServer.next();
    await context.close();

    expect(back.query.get('state')).toBe('via-proxy');
    const clientInfo = JSON.parse(Buffer.from(back.query.get('client_info')!, 'base64url').toString());
    expect(clientInfo.utid).toBe(tid);
    const res = await tb.fetch(`/${tid}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: back.query.get('code')!, redirect_uri: redirectUri, code_verifier: verifier, scope: 'User.Read offline_access' }),
    });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(decodeJwt(body.access_token).upn ?? decodeJwt(body.access_token).unique_name).toBe('megan@contoso.test');
  });
});
