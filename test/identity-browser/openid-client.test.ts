import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenantbox } from '../harness/tenantbox.js';
import { consentLines, newContext, signIn, type AppServer, startBrowserFixture, stopBrowserFixture } from './helpers.js';
import { appId, PASSWORD, tenantId } from './tenant.js';

// openid-client (panva) as a confidential web app: discovery on <url>/<tid>/v2.0, authorization
// code with PKCE, state and nonce, answered with form_post and with query.

let tb: TestTenantbox;
let browser: Browser;
let appServer: AppServer;

beforeAll(async () => {
  ({ tb, browser, appServer } = await startBrowserFixture());
});
afterAll(() => stopBrowserFixture({ tb, browser, appServer }));

describe('openid-client', () => {
  it('discovers tenantbox and completes the code flow with PKCE', async () => {
    const tid = tenantId(tb, 'contoso.test');
    const config = await oidc.discovery(new URL(`${tb.url}/${tid}/v2.0`), appId(tb, 'Booking Web'), 'booking-web-secret');
    expect(config.serverMetadata().issuer).toBe(`${tb.url}/${tid}/v2.0`);

    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const redirectUri = `${appServer.origin}/callback`;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile User.Read',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      response_mode: 'form_post',
    });

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(url.href);
    await signIn(page, 'megan@contoso.test', PASSWORD);
    await consentLines(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    const back = await appServer.next();
    await context.close();

    // form_post: the code arrives in a POST body, as an auto-submitted form.
    expect(back.method).toBe('POST');
    expect(back.form.get('state')).toBe(state);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(`${redirectUri}?${back.form}`), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.claims()?.preferred_username).toBe('megan@contoso.test');
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
  });
});
