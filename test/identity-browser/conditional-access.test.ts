import { PublicClientApplication } from '@azure/msal-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenantbox } from '../harness/tenantbox.js';
import { decodeJwt, newContext, pkcePair, signIn, type AppServer, startBrowserFixture, stopBrowserFixture } from './helpers.js';

// The interactive side of Conditional Access in Chromium: a user under an MFA policy signs in with
// a password, gets the "Approve sign-in request" step, approves and comes back with a code whose
// tokens (and the refresh token's) say `amr: ["pwd","mfa"]`; a blocked user gets the AADSTS53003
// page; a user without a method registered gets the AADSTS50079 page. The device login page has
// the same step: unmodified msal-node's device code flow gets `amr: ["pwd","mfa"]` tokens once the
// user approves there.

const PASSWORD = 'Passw0rd!';
const TID = '5eed0000-0000-4000-8000-0000000ca001';

const YAML = `
tenant:
  id: ${TID}
  domain: contoso.test
  displayName: Contoso Ltd
users:
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "${PASSWORD}" }
  - { upn: blocked@contoso.test, displayName: Blocked User, password: "${PASSWORD}" }
  - { upn: nomfa@contoso.test, displayName: No Method, password: "${PASSWORD}", mfaRegistered: false }
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "${PASSWORD}" }
groups:
  - { mail: mfa-users@contoso.test, displayName: MFA users, members: [megan@contoso.test, nomfa@contoso.test] }
apps:
  - displayName: Team Calendar
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read, offline_access] } }
consents:
  - { app: Team Calendar, adminConsent: true }
conditionalAccess:
  - name: MFA for Graph
    users: { include: [mfa-users@contoso.test] }
    apps: { include: [Microsoft Graph] }
    grant: mfa
  - name: Block the blocked user
    users: { include: [blocked@contoso.test] }
    apps: { include: [all] }
    grant: block
`;

let tb: TestTenantbox;
let browser: Browser;
let appServer: AppServer;

beforeAll(async () => {
  ({ tb, browser, appServer } = await startBrowserFixture({ yaml: YAML }));
});
afterAll(() => stopBrowserFixture({ tb, browser, appServer }));

const appId = () => tb.tenants[0]!.apps.find((a) => a.displayName === 'Team Calendar')!.appId;
const redirectUri = () => `${appServer.origin}/native`;
const SCOPE = 'openid profile offline_access User.Read';

async function start(upn: string): Promise<{ page: Page; verifier: string }> {
  const { verifier, challenge } = await pkcePair();
  const q = new URLSearchParams({ client_id: appId(), response_type: 'code', redirect_uri: redirectUri(), scope: SCOPE, code_challenge: challenge, code_challenge_method: 'S256', state: 'st' });
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${tb.url}/${TID}/oauth2/v2.0/authorize?${q}`);
  await signIn(page, upn, PASSWORD);
  return { page, verifier };
}

async function token(params: Record<string, string>): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${tb.url}/${TID}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ client_id: appId(), ...params }) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const mainText = (page: Page) => page.locator('main').textContent();

describe('Conditional Access in the browser', () => {
  it('MFA policy: password, then Approve; the code, its tokens and refreshed tokens carry amr mfa', async () => {
    const { page, verifier } = await start('megan@contoso.test');
    expect(await page.locator('h1').textContent()).toBe('Approve sign-in request');
    expect(await mainText(page)).toContain('Team Calendar');
    await page.getByRole('button', { name: 'Approve' }).click();
    const back = await appServer.next();
    expect(back.query.get('state')).toBe('st');
    const code = back.query.get('code');
    expect(code, back.query.toString()).toBeTruthy();

    const redeemed = await token({ grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri(), code_verifier: verifier, scope: SCOPE });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect(decodeJwt(redeemed.body.access_token)).toMatchObject({ upn: 'megan@contoso.test', amr: ['pwd', 'mfa'] });

    // The refresh token remembers the MFA: the policy stays satisfied without a new prompt.
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: redeemed.body.refresh_token, scope: 'User.Read' });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(decodeJwt(refreshed.body.access_token).amr).toEqual(['pwd', 'mfa']);

    // The browser session is MFA'd now: signing in to the app again asks nothing.
    const { challenge } = await pkcePair();
    const q = new URLSearchParams({ client_id: appId(), response_type: 'code', redirect_uri: redirectUri(), scope: SCOPE, code_challenge: challenge, code_challenge_method: 'S256', state: 'again' });
    await page.goto(`${tb.url}/${TID}/oauth2/v2.0/authorize?${q}`);
    const again = await appServer.next();
    expect(again.query.get('state')).toBe('again');
    expect(again.query.get('code')).toBeTruthy();
    await page.context().close();
  });

  it('a user outside the policy gets a code straight away, amr pwd only', async () => {
    const { page, verifier } = await start('adele@contoso.test');
    const back = await appServer.next();
    const redeemed = await token({ grant_type: 'authorization_code', code: back.query.get('code')!, redirect_uri: redirectUri(), code_verifier: verifier, scope: SCOPE });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect(decodeJwt(redeemed.body.access_token).amr).toEqual(['pwd']);
    await page.context().close();
  });

  it('a blocked user sees the AADSTS53003 page, and the app gets nothing', async () => {
    const { page } = await start('blocked@contoso.test');
    expect(await mainText(page)).toContain('AADSTS53003');
    expect(await mainText(page)).toContain('Access has been blocked by Conditional Access policies');
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.context().close();
  });

  it('a user without a method registered sees the AADSTS50079 page instead of the approve step', async () => {
    const { page } = await start('nomfa@contoso.test');
    expect(await mainText(page)).toContain('AADSTS50079');
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.context().close();
  });
});

/** The device login page up to the first page after the password. */
async function deviceSignIn(page: Page, verificationUri: string, userCode: string, upn: string): Promise<void> {
  await page.goto(verificationUri);
  await page.getByLabel('Code', { exact: true }).fill(userCode);
  await page.getByRole('button', { name: 'Next' }).click();
  await signIn(page, upn, PASSWORD);
}

/** A device code asked for with a plain request (no client polling in the background). */
async function deviceCode(): Promise<{ device_code: string; user_code: string; verification_uri: string }> {
  const res = await fetch(`${tb.url}/${TID}/oauth2/v2.0/devicecode`, { method: 'POST', body: new URLSearchParams({ client_id: appId(), scope: SCOPE }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { device_code: string; user_code: string; verification_uri: string };
}

describe('Conditional Access on the device login page', () => {
  it('MFA policy: msal-node device code flow, the user approves on the page, tokens carry amr mfa', async () => {
    const host = new URL(tb.url).host;
    const client = new PublicClientApplication({ auth: { clientId: appId(), authority: `${tb.url}/${TID}`, knownAuthorities: [host] } });
    const page = await (await newContext(browser)).newPage();
    let pageDone: Promise<void> | undefined;
    const result = await client.acquireTokenByDeviceCode({
      scopes: ['User.Read', 'offline_access'],
      deviceCodeCallback: (r) => {
        pageDone = (async () => {
          await deviceSignIn(page, r.verificationUri, r.userCode, 'megan@contoso.test');
          await expect.poll(() => page.locator('h1').textContent()).toBe('Approve sign-in request');
          expect(await mainText(page)).toContain('Team Calendar');
          await page.getByRole('button', { name: 'Approve' }).click();
          await expect.poll(() => page.locator('h1').textContent()).toBe('Are you trying to sign in to Team Calendar?');
          await page.getByRole('button', { name: 'Continue' }).click();
          await expect.poll(() => mainText(page)).toContain('You have signed in to Team Calendar on your device.');
        })();
      },
    });
    await pageDone;
    await page.context().close();
    expect(result?.account?.username).toBe('megan@contoso.test');
    expect(decodeJwt(result!.accessToken)).toMatchObject({ upn: 'megan@contoso.test', amr: ['pwd', 'mfa'] });

    // The family keeps the MFA: a forced refresh still passes the policy.
    const refreshed = await client.acquireTokenSilent({ account: result!.account!, scopes: ['User.Read'], forceRefresh: true });
    expect(decodeJwt(refreshed.accessToken).amr).toEqual(['pwd', 'mfa']);
  });

  it('a blocked user sees the AADSTS53003 page and the device code stays unapproved', async () => {
    const dc = await deviceCode();
    const page = await (await newContext(browser)).newPage();
    await deviceSignIn(page, dc.verification_uri, dc.user_code, 'blocked@contoso.test');
    await expect.poll(() => mainText(page)).toContain('AADSTS53003');
    expect(await mainText(page)).toContain('Access has been blocked by Conditional Access policies');
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await page.context().close();
    const poll = await token({ grant_type: 'device_code', device_code: dc.device_code });
    expect(poll.status).toBe(400);
    expect(poll.body.error).toBe('authorization_pending');
  });

  it('a user without a method registered sees the AADSTS50079 page on the device login page', async () => {
    const dc = await deviceCode();
    const page = await (await newContext(browser)).newPage();
    await deviceSignIn(page, dc.verification_uri, dc.user_code, 'nomfa@contoso.test');
    await expect.poll(() => mainText(page)).toContain('AADSTS50079');
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.context().close();
  });
});
