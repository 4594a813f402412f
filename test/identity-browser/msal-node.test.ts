import { PublicClientApplication } from '@azure/msal-node';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenantbox } from '../harness/tenantbox.js';
import { consentLines, decodeJwt, newContext, pkcePair, signIn, type AppServer, startBrowserFixture, stopBrowserFixture } from './helpers.js';
import { appId, PASSWORD, tenantId } from './tenant.js';

// Unmodified @azure/msal-node against tenantbox's pages, driven in Debian's Chromium: the auth code
// flow with PKCE of a public client, and the device code flow with the device login page.

let tb: TestTenantbox;
let browser: Browser;
let appServer: AppServer;

beforeAll(async () => {
  ({ tb, browser, appServer } = await startBrowserFixture());
});
afterAll(() => stopBrowserFixture({ tb, browser, appServer }));

function pca(clientName: string): PublicClientApplication {
  const host = new URL(tb.url).host;
  return new PublicClientApplication({
    auth: { clientId: appId(tb, clientName), authority: `${tb.url}/${tenantId(tb, 'contoso.test')}`, knownAuthorities: [host] },
  });
}

describe('msal-node', () => {
  it('auth code + PKCE: sign in, consent, redeem the code', async () => {
    const client = pca('Room Display');
    const { verifier, challenge } = await pkcePair();
    const redirectUri = `${appServer.origin}/native`;
    const state = 'eyJpZCI6ImFiYyIsIm1ldGEiOnsiaW50ZXJhY3Rpb25UeXBlIjoicmVkaXJlY3QifX0=/+';
    const url = await client.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256', state, nonce: 'n-0S6_WzA2Mj' });

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(url);
    await signIn(page, 'megan@contoso.test', PASSWORD);
    // Only what is not granted yet, in our own words, with the permission name for reference.
    expect((await consentLines(page)).sort()).toEqual(['User.Read', 'offline_access', 'openid', 'profile']);
    expect(await page.getByText('Consent on behalf of your organization').count()).toBe(0);
    await page.getByRole('button', { name: 'Accept' }).click();
    const back = await appServer.next();
    await context.close();

    expect(back.path).toBe('/native');
    expect(back.query.get('state')).toBe(state);
    expect(back.query.get('client_info')).toBeTruthy();
    const result = await client.acquireTokenByCode({ code: back.query.get('code')!, scopes: ['User.Read'], redirectUri, codeVerifier: verifier, nonce: 'n-0S6_WzA2Mj' });
    expect(result.account?.username).toBe('megan@contoso.test');
    expect(result.account?.homeAccountId).toMatch(new RegExp(`\\.${tenantId(tb, 'contoso.test')}$`));
    expect(decodeJwt(result.accessToken).scp).toContain('User.Read');
    expect(result.idTokenClaims).toMatchObject({ nonce: 'n-0S6_WzA2Mj', preferred_username: 'megan@contoso.test' });
  });

  it('device code: the device page signs in and the device gets tokens', async () => {
    const client = pca('Room Display');
    const context = await newContext(browser);
    const page = await context.newPage();
    let shown: { verificationUri: string; userCode: string } | undefined;
    let pageDone: Promise<void> | undefined;
    const result = await client.acquireTokenByDeviceCode({
      scopes: ['User.Read', 'offline_access'],
      deviceCodeCallback: (r) => {
        shown = r;
        pageDone = (async () => {
          await page.goto(r.verificationUri);
          await page.getByLabel('Code', { exact: true }).fill(r.userCode.toLowerCase());
          await page.getByRole('button', { name: 'Next' }).click();
          // The room's own account, as a room-display tablet signs in.
          await signIn(page, 'orion@contoso.test', PASSWORD);
          await expect.poll(() => page.locator('h1').textContent()).toBe('Are you trying to sign in to Room Display?');
          await page.getByRole('button', { name: 'Continue' }).click();
          await consentLines(page);
          await page.getByRole('button', { name: 'Accept' }).click();
          await expect.poll(() => page.locator('main').textContent()).toContain('You have signed in to Room Display on your device.');
        })();
      },
    });
    await pageDone;
    await context.close();
    expect(shown?.verificationUri).toBe(`${tb.url}/devicelogin`);
    expect(result?.account?.username).toBe('orion@contoso.test');
    expect(decodeJwt(result!.accessToken).scp).toContain('User.Read');
  });
});
