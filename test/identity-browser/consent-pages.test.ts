import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_APP_ID } from '../../src/store/types.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { consentLines, launchChromium, newContext, pkcePair, signIn, startAppServer, type AppServer } from './helpers.js';
import { appId, BROWSER_TENANTS, PASSWORD, tenantId } from './tenant.js';

// The pages a person meets at /authorize, driven in Chromium: sign-in errors, who may consent to
// what (permission-semantics §1.3), incremental consent, `.default`, sessions and their revocation.

let tb: TestTenantbox;
let browser: Browser;
let appServer: AppServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  appServer = await startAppServer();
});
afterAll(async () => {
  await browser?.close();
  await appServer?.close();
});
// Each test gets a fresh tenant (grants from one test must not answer another) and a fresh browser profile.
beforeEach(async () => {
  tb = await startTestTenantbox({ yaml: BROWSER_TENANTS });
  context = await newContext(browser);
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
  await tb?.cleanup();
});

async function authorizeUrl(app: string, scope: string, extra: Record<string, string> = {}, tenant = 'contoso.test'): Promise<string> {
  const { challenge } = await pkcePair();
  const q = new URLSearchParams({ client_id: appId(tb, app), response_type: 'code', redirect_uri: `${appServer.origin}/native`, scope, code_challenge: challenge, code_challenge_method: 'S256', state: 'st', ...extra });
  return `${tb.url}/${tenantId(tb, tenant)}/oauth2/v2.0/authorize?${q}`;
}

const title = () => page.locator('h1').textContent();

describe('sign-in page', () => {
  it('shows 50034, 50126 and 50057 under the field and lets the user retry', async () => {
    await page.goto(await authorizeUrl('Room Display', 'User.Read'));
    expect(await page.locator('.org').textContent()).toBe('Contoso Ltd');
    expect(await page.locator('.muted strong').first().textContent()).toBe('Room Display');

    await page.getByLabel('Email or user name', { exact: true }).fill('nobody@contoso.test');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('AADSTS50034');

    await page.getByLabel('Email or user name', { exact: true }).fill('megan@contoso.test');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('AADSTS50126');

    await page.getByRole('button', { name: 'Use another account' }).click();
    await page.getByLabel('Email or user name', { exact: true }).fill('ian@contoso.test');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('AADSTS50057');
  });

  it('pre-fills login_hint', async () => {
    await page.goto(await authorizeUrl('Room Display', 'User.Read', { login_hint: 'megan@contoso.test' }));
    expect(await page.getByLabel('Email or user name', { exact: true }).inputValue()).toBe('megan@contoso.test');
  });
});

describe('consent', () => {
  it('Cancel sends access_denied AADSTS65004 back to the app', async () => {
    await page.goto(await authorizeUrl('Room Display', 'User.Read'));
    await signIn(page, 'megan@contoso.test', PASSWORD);
    await consentLines(page);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const back = await appServer.next();
    expect(back.query.get('error')).toBe('access_denied');
    expect(back.query.get('error_description')).toMatch(/^AADSTS65004: /);
    expect(back.query.get('state')).toBe('st');
  });

  it('incremental: a second request shows only the new scope and extends the grant', async () => {
    await page.goto(await authorizeUrl('Room Display', 'User.Read openid profile offline_access'));
    await signIn(page, 'megan@contoso.test', PASSWORD);
    expect((await consentLines(page)).sort()).toEqual(['User.Read', 'offline_access', 'openid', 'profile']);
    await page.getByRole('button', { name: 'Accept' }).click();
    expect((await appServer.next()).query.get('code')).toBeTruthy();

    // Same browser: the session answers, and only Files.Read is new.
    await page.goto(await authorizeUrl('Room Display', 'User.Read Files.Read openid profile offline_access'));
    expect(await consentLines(page)).toEqual(['Files.Read']);
    await page.getByRole('button', { name: 'Accept' }).click();
    expect((await appServer.next()).query.get('code')).toBeTruthy();

    const scopes = await grantedScopes('megan@contoso.test', 'Room Display');
    expect(scopes).toEqual(expect.arrayContaining(['User.Read', 'Files.Read', 'openid', 'profile', 'offline_access']));

    // Nothing new: no prompt at all.
    await page.goto(await authorizeUrl('Room Display', 'Files.Read openid'));
    expect((await appServer.next()).query.get('code')).toBeTruthy();
  });

  it('.default with an existing grant gives a code without any prompt', async () => {
    await page.goto(await authorizeUrl('Room Display', 'User.Read'));
    await signIn(page, 'megan@contoso.test', PASSWORD);
    await consentLines(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    await appServer.next();

    await page.goto(await authorizeUrl('Room Display', 'https://graph.microsoft.com/.default openid'));
    const back = await appServer.next();
    expect(back.query.get('code')).toBeTruthy();
  });

  it('.default without a grant asks for every static permission of the app', async () => {
    // Adele is an admin, so the calendar scope users may not grant is hers to grant.
    await page.goto(await authorizeUrl('Room Display', 'https://graph.microsoft.com/.default'));
    await signIn(page, 'adele@contoso.test', PASSWORD);
    expect((await consentLines(page)).sort()).toEqual(['Calendars.ReadWrite', 'User.Read', 'offline_access']);
  });

  it('a non-admin asking for an admin-only scope sees "Need admin approval" (AADSTS90094)', async () => {
    await page.goto(await authorizeUrl('Directory Viewer', 'User.Read.All'));
    await signIn(page, 'megan@contoso.test', PASSWORD);
    expect(await title()).toBe('Need admin approval');
    expect(await page.locator('main').textContent()).toContain('AADSTS90094');
    await page.getByRole('link', { name: 'Return to the app without granting access' }).click();
    const back = await appServer.next();
    expect(back.query.get('error')).toBe('access_denied');
  });

  it('the default policy keeps calendar scopes from users (AADSTS90093), an admin may grant them for everyone', async () => {
    await page.goto(await authorizeUrl('Room Display', 'Calendars.ReadWrite'));
    await signIn(page, 'megan@contoso.test', PASSWORD);
    expect(await title()).toBe('Need admin approval');
    expect(await page.locator('main').textContent()).toContain('AADSTS90093');

    // "Have an admin account?" starts over with prompt=login.
    await page.getByRole('link', { name: /Have an admin account/ }).click();
    await signIn(page, 'adele@contoso.test', PASSWORD);
    const lines = await consentLines(page);
    expect(lines).toContain('Calendars.ReadWrite');
    expect(await page.locator('.badge.admin').count()).toBeGreaterThan(0);
    await page.getByLabel(/Consent on behalf of your organization/).check();
    await page.getByRole('button', { name: 'Accept' }).click();
    expect((await appServer.next()).query.get('code')).toBeTruthy();

    // Granted for all principals: Megan gets a code without being asked.
    const fresh = await newContext(browser);
    const p2 = await fresh.newPage();
    await p2.goto(await authorizeUrl('Room Display', 'Calendars.ReadWrite'));
    await signIn(p2, 'megan@contoso.test', PASSWORD);
    expect((await appServer.next()).query.get('code')).toBeTruthy();
    await fresh.close();
  });

  it('a tenant with user consent off blocks even User.Read (AADSTS90093)', async () => {
    await page.goto(await authorizeUrl('Fabrikam Notes', 'User.Read', {}, 'fabrikam.test'));
    await signIn(page, 'lee@fabrikam.test', PASSWORD);
    expect(await title()).toBe('Need admin approval');
    expect(await page.locator('main').textContent()).toContain('AADSTS90093');
  });
});

describe('multi-tenant apps', () => {
  it("on /common a user of another tenant consents and the app's service principal is created there", async () => {
    const contoso = tenantId(tb, 'contoso.test');
    const planner = appId(tb, 'Fabrikam Planner');
    expect(await tb.stores.apps.getServicePrincipal(contoso, planner)).toBeUndefined();
    const url = new URL(await authorizeUrl('Fabrikam Planner', 'User.Read'));
    url.pathname = '/common/oauth2/v2.0/authorize';
    await page.goto(url.href);
    await signIn(page, 'megan@contoso.test', PASSWORD);
    expect(await consentLines(page)).toEqual(['User.Read']);
    await page.getByRole('button', { name: 'Accept' }).click();
    expect((await appServer.next()).query.get('code')).toBeTruthy();
    expect(await tb.stores.apps.getServicePrincipal(contoso, planner)).toMatchObject({ appId: planner, tenantId: contoso });
  });
});

describe('sessions', () => {
  async function signInOnce(): Promise<void> {
    await page.goto(await authorizeUrl('Room Display', 'User.Read'));
    await signIn(page, 'megan@contoso.test', PASSWORD);
    await consentLines(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    await appServer.next();
  }

  it('prompt=none with a session returns a code; prompt=login asks again; select_account offers the account', async () => {
    await signInOnce();
    await page.goto(await authorizeUrl('Room Display', 'User.Read', { prompt: 'none' }));
    expect((await appServer.next()).query.get('code')).toBeTruthy();

    await page.goto(await authorizeUrl('Room Display', 'User.Read', { prompt: 'login' }));
    expect(await title()).toBe('Sign in');

    await page.goto(await authorizeUrl('Room Display', 'User.Read', { prompt: 'select_account' }));
    expect(await title()).toBe('Pick an account');
    await page.getByRole('button', { name: /Megan Bowen/ }).click();
    expect((await appServer.next()).query.get('code')).toBeTruthy();
  });

  it('prompt=none when consent is missing → consent_required', async () => {
    await signInOnce();
    await page.goto(await authorizeUrl('Room Display', 'Files.Read', { prompt: 'none' }));
    const back = await appServer.next();
    expect(back.query.get('error')).toBe('consent_required');
    expect(back.query.get('error_description')).toMatch(/^AADSTS65001: /);
  });

  it('revoking sign-in sessions sends the user back to the sign-in page', async () => {
    await signInOnce();
    tb.clock.advance(1000);
    const tid = tenantId(tb, 'contoso.test');
    const megan = (await tb.stores.directory.getUser(tid, 'megan@contoso.test'))!;
    await tb.stores.directory.putUser({ ...megan, signInSessionsValidFromDateTime: tb.clock.nowDate().toISOString() });
    await page.goto(await authorizeUrl('Room Display', 'User.Read', { prompt: 'none' }));
    expect((await appServer.next()).query.get('error')).toBe('login_required');
  });

  it('a session ends after 24 hours without use', async () => {
    await signInOnce();
    tb.clock.advance(23 * 3_600_000);
    await page.goto(await authorizeUrl('Room Display', 'User.Read', { prompt: 'none' }));
    expect((await appServer.next()).query.get('code')).toBeTruthy();
    tb.clock.advance(24 * 3_600_000 + 1000);
    await page.goto(await authorizeUrl('Room Display', 'User.Read', { prompt: 'none' }));
    expect((await appServer.next()).query.get('error')).toBe('login_required');
  });
});

async function grantedScopes(upn: string, app: string): Promise<string[]> {
  const tid = tenantId(tb, 'contoso.test');
  const user = (await tb.stores.directory.getUser(tid, upn))!;
  const clientSp = (await tb.stores.apps.getServicePrincipal(tid, appId(tb, app)))!;
  const graphSp = (await tb.stores.apps.getServicePrincipal(tid, GRAPH_APP_ID))!;
  const grants = await tb.stores.grants.listDelegatedGrants(tid, { clientId: clientSp.id, resourceId: graphSp.id, principalId: user.id });
  return grants.flatMap((g) => g.scope.split(' ')).filter(Boolean);
}
