// Takes the screenshots of the sign-in pages checked in under docs/screenshots/ (1280x800), by
// driving real flows on a throw-away tenantbox in Debian's Chromium.
//
//   node --import tsx scripts/screenshots.ts [out-dir]        (default: docs/screenshots)
//   TENANTBOX_CHROMIUM=/path/to/chromium to use another Chromium.

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startTenantbox, type Tenantbox } from '../src/server.js';

const OUT = resolve(process.argv[2] ?? 'docs/screenshots');
const PASSWORD = 'Passw0rd!';
const TENANT = `
tenant:
  domain: contoso.test
  displayName: Contoso Ltd
  userConsent: microsoft-recommended
users:
  - { upn: adele.vance@contoso.test, displayName: Adele Vance, password: "${PASSWORD}", roles: [Global Administrator] }
  - { upn: megan.bowen@contoso.test, displayName: Megan Bowen, password: "${PASSWORD}" }
rooms:
  - { email: orion@contoso.test, displayName: "Orion (HQ, floor 2)", password: "${PASSWORD}", capacity: 8 }
apps:
  - displayName: Room Display
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read, Calendars.ReadWrite, offline_access] } }
  - displayName: Directory Viewer
    publicClient: true
    redirectUris: { publicClient: ["http://127.0.0.1/native"] }
    requiredResourceAccess: { graph: { delegated: [User.Read.All] } }
  - displayName: Room Signage
    secrets: ["signage-secret"]
    redirectUris: { web: ["http://127.0.0.1/admin-done"] }
    requiredResourceAccess: { graph: { application: [Calendars.ReadWrite, Place.Read.All], delegated: [User.Read] } }
`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenantbox-shots-'));
  const tenantFile = join(dataDir, 'tenant.yaml');
  writeFileSync(tenantFile, TENANT);
  const tb = await startTenantbox({ dataDir, tenantFile, port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.TENANTBOX_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
  });
  mkdirSync(OUT, { recursive: true });
  const shot = async (page: Page, name: string) => {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, `${name}.png`) });
    console.log(`wrote ${join(OUT, `${name}.png`)}`);
  };
  const fresh = async () => (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } })).newPage();
  const tid = tb.tenants[0]!.id;
  const app = (name: string) => tb.tenants[0]!.apps.find((a) => a.displayName === name)!.appId;
  const authorize = (name: string, scope: string, extra: Record<string, string> = {}) => {
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const q = new URLSearchParams({ client_id: app(name), response_type: 'code', redirect_uri: 'http://127.0.0.1:9/native', scope, code_challenge: challenge, code_challenge_method: 'S256', ...extra });
    return `${tb.url}/${tid}/oauth2/v2.0/authorize?${q}`;
  };

  try {
    // Sign-in: the user-name step, then the password step with an error.
    let page = await fresh();
    await page.goto(authorize('Room Display', 'User.Read Files.Read offline_access'));
    await page.getByLabel('Email or user name', { exact: true }).fill('megan.bowen@contoso.test');
    await shot(page, 'sign-in');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, 'sign-in-wrong-password');

    // Consent as a user: only what Megan may grant herself.
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.perms').waitFor();
    await page.locator('.perms details').first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await shot(page, 'consent-user');

    // Approval required: an admin-only permission asked by a non-admin.
    await page.goto(authorize('Directory Viewer', 'User.Read.All'));
    await page.locator('.big-icon').waitFor();
    await shot(page, 'approval-required');
    await page.context().close();

    // Consent as an admin: calendar access users may not grant, and the organization checkbox.
    page = await fresh();
    await page.goto(authorize('Room Display', 'https://graph.microsoft.com/.default'));
    await signIn(page, 'adele.vance@contoso.test');
    await page.locator('.perms').waitFor();
    await shot(page, 'consent-admin');
    await page.context().close();

    // The admin consent endpoint: application permissions for the whole tenant.
    page = await fresh();
    const q = new URLSearchParams({ client_id: app('Room Signage'), redirect_uri: 'http://127.0.0.1:9/admin-done', scope: 'https://graph.microsoft.com/.default', state: 'shots' });
    await page.goto(`${tb.url}/${tid}/v2.0/adminconsent?${q}`);
    await signIn(page, 'adele.vance@contoso.test');
    await page.locator('.perms').waitFor();
    await shot(page, 'consent-organization');
    await page.context().close();

    // Device login: the code page, then the end of the flow.
    const device = await postForm(tb, `/${tid}/oauth2/v2.0/devicecode`, { client_id: app('Room Display'), scope: 'User.Read offline_access' });
    page = await fresh();
    await page.goto(device.verification_uri);
    await page.getByLabel('Code', { exact: true }).fill(device.user_code);
    await shot(page, 'device-login');
    await page.getByRole('button', { name: 'Next' }).click();
    await signIn(page, 'orion@contoso.test');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByText('on your device').waitFor();
    await shot(page, 'device-login-done');
    await page.context().close();
  } finally {
    await browser.close();
    await tb.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function signIn(page: Page, upn: string): Promise<void> {
  await page.getByLabel('Email or user name', { exact: true }).fill(upn);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A form POST that trusts this tenantbox's own CA (the script is not started with NODE_EXTRA_CA_CERTS). */
function postForm(tb: Tenantbox, path: string, fields: Record<string, string>): Promise<Record<string, string>> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolvePromise, reject) => {
    const req = request(new URL(path, tb.url), { method: 'POST', ca: readFileSync(tb.caCertPath), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolvePromise(JSON.parse(text)) : reject(new Error(`${path} → ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
