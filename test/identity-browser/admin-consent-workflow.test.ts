import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenantbox } from '../harness/tenantbox.js';
import { newContext, pkcePair, signIn, type AppServer, startBrowserFixture, stopBrowserFixture } from './helpers.js';

// The admin consent workflow in Chromium (entra-docs configure-admin-consent-workflow,
// review-admin-consent-requests): a user who may not consent sees "Approval required" (90095) with a
// justification field, sends the request, is told it is pending when asking again, and an admin's
// tenant-wide consent completes it, after which the user signs in without a prompt.

const PASSWORD = 'Passw0rd!';
const TID = '5eed0000-0000-4000-8000-0000000ac0b1';

const YAML = `
tenant:
  id: ${TID}
  domain: contoso.test
  displayName: Contoso Ltd
  userConsent: microsoft-recommended
  adminConsentWorkflow: { reviewers: [adele@contoso.test] }
users:
  - { upn: adele@contoso.test, displayName: Adele Vance, password: "${PASSWORD}", roles: [Global Administrator] }
  - { upn: megan@contoso.test, displayName: Megan Bowen, password: "${PASSWORD}" }
apps:
  - displayName: Team Calendar
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.Read] } }
---
tenant:
  domain: fabrikam.test
  userConsent: none
users:
  - { upn: lee@fabrikam.test, displayName: Lee Gu, password: "${PASSWORD}" }
apps:
  - displayName: Fabrikam Notes
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read] } }
`;

let tb: TestTenantbox;
let browser: Browser;
let appServer: AppServer;

beforeAll(async () => {
  ({ tb, browser, appServer } = await startBrowserFixture({ yaml: YAML }));
});
afterAll(() => stopBrowserFixture({ tb, browser, appServer }));

const appIdOf = (name: string) => tb.tenants.flatMap((t) => t.apps).find((a) => a.displayName === name)!.appId;

async function authorizeUrl(tenant: string, app: string, scope: string): Promise<string> {
  const { challenge } = await pkcePair();
  const q = new URLSearchParams({ client_id: appIdOf(app), response_type: 'code', redirect_uri: `${appServer.origin}/native`, scope, code_challenge: challenge, code_challenge_method: 'S256', state: 'st' });
  return `${tb.url}/${tenant}/oauth2/v2.0/authorize?${q}`;
}

async function signedIn(url: string, upn: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(url);
  await signIn(page, upn, PASSWORD);
  return page;
}

const mainText = (page: Page) => page.locator('main').textContent();

describe('admin consent workflow', () => {
  it('request sent, pending on retry, completed by admin consent', async () => {
    const url = await authorizeUrl(TID, 'Team Calendar', 'openid profile User.Read Calendars.Read');
    const page = await signedIn(url, 'megan@contoso.test');
    expect(await page.locator('h1').textContent()).toBe('Approval required');
    expect(await mainText(page)).toContain('AADSTS90095');

    // An empty justification is refused by the browser (required); a blank one by the server.
    await page.getByLabel('Why do you need this app?').fill('   ');
    await page.getByRole('button', { name: 'Request approval' }).click();
    expect(await page.locator('h1').textContent()).toBe('Approval required');
    expect(await mainText(page)).toContain('Write a few words');
    expect(await tb.stores.consentRequests.listAppRequests(TID)).toEqual([]);

    await page.getByLabel('Why do you need this app?').fill('Our team plans rooms with it');
    await page.getByRole('button', { name: 'Request approval' }).click();
    expect(await page.locator('h1').textContent()).toBe('Request sent');

    const [appRequest] = await tb.stores.consentRequests.listAppRequests(TID);
    expect(appRequest).toMatchObject({ appId: appIdOf('Team Calendar'), consentType: 'Dynamic' });
    const [req] = await tb.stores.consentRequests.listUserRequests(TID, appRequest!.id);
    expect(req).toMatchObject({ status: 'InProgress', reason: 'Our team plans rooms with it', createdBy: { userPrincipalName: 'megan@contoso.test' } });
    expect(req!.scopes).toEqual(expect.arrayContaining(['Calendars.Read']));

    // Asking again while the request waits: no form, the page says so; nothing new is stored.
    await page.goto(url);
    expect(await page.locator('h1').textContent()).toBe('Approval required');
    expect(await mainText(page)).toContain('still waiting for a reviewer');
    expect(await page.getByRole('button', { name: 'Request approval' }).count()).toBe(0);
    expect(await tb.stores.consentRequests.listUserRequests(TID, appRequest!.id)).toHaveLength(1);

    // The reviewer approves by granting admin consent (the /adminconsent endpoint).
    const q = new URLSearchParams({ client_id: appIdOf('Team Calendar'), redirect_uri: `${appServer.origin}/native`, scope: 'https://graph.microsoft.com/.default', state: 'ok' });
    const admin = await signedIn(`${tb.url}/${TID}/v2.0/adminconsent?${q}`, 'adele@contoso.test');
    expect(await admin.locator('h1').textContent()).toBe('Permissions requested for your organization');
    await admin.getByRole('button', { name: 'Accept' }).click();
    expect((await appServer.next()).query.get('admin_consent')).toBe('True');
    const [done] = await tb.stores.consentRequests.listUserRequests(TID, appRequest!.id);
    expect(done).toMatchObject({ status: 'Completed', reviewedBy: { userPrincipalName: 'adele@contoso.test' } });
    expect(done!.completedMs).toEqual(expect.any(Number));

    // Megan now gets straight through to the app.
    await page.goto(url);
    const back = await appServer.next();
    expect(back.query.get('code')).toBeTruthy();
    await page.context().close();
    await admin.context().close();
  });

  it('without the workflow the refusal stays 90093 with no request form', async () => {
    const page = await signedIn(await authorizeUrl('fabrikam.test', 'Fabrikam Notes', 'openid User.Read'), 'lee@fabrikam.test');
    expect(await page.locator('h1').textContent()).toBe('Need admin approval');
    expect(await mainText(page)).toContain('AADSTS90093');
    expect(await page.getByRole('button', { name: 'Request approval' }).count()).toBe(0);
    await page.context().close();
  });
});
