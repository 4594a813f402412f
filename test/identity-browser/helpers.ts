import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { BROWSER_TENANTS } from './tenant.js';

// Shared pieces of the browser suites: Debian's Chromium, a tiny "app" server on 127.0.0.1:0 that
// receives redirects (query, fragment via a page, form_post), and the sign-in steps as a user
// performs them on tenantbox's pages.

export const CHROMIUM_PATH = process.env.TENANTBOX_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(opts: { proxy?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(opts.proxy ? [`--proxy-server=${opts.proxy}`] : [])],
  });
}

/** tenantbox's certificate comes from the run's local CA, which Chromium does not know. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
}

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  /** form_post bodies. */
  form: URLSearchParams;
}

/** A stand-in for the app's redirect URI: records every request and answers with a small page. */
export interface AppServer {
  origin: string;
  port: number;
  next(): Promise<Received>;
  close(): Promise<void>;
}

export async function startAppServer(host = '127.0.0.1', pages: Record<string, { type: string; body: string | Buffer }> = {}): Promise<AppServer> {
  const queue: Received[] = [];
  const waiters: ((r: Received) => void)[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // Chromium asks every page's origin for its icon: not a redirect from tenantbox.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    const page = pages[url.pathname];
    if (page && req.method === 'GET') {
      res.writeHead(200, { 'content-type': page.type }).end(page.body);
      return;
    }
    const body = await readBody(req);
    const received: Received = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, form: new URLSearchParams(body) };
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p id="done">Back in the app.</p>');
    const w = waiters.shift();
    if (w) w(received);
    else queue.push(received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host}:${port}`,
    port,
    next: () => {
      const r = queue.shift();
      return r ? Promise.resolve(r) : new Promise((resolve) => waiters.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });
}

/** The user-name and password steps of tenantbox's sign-in page. */
export async function signIn(page: Page, upn: string, password: string): Promise<void> {
  await page.getByLabel('Email or user name', { exact: true }).fill(upn);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The consent page's permission lines, as shown. */
export async function consentLines(page: Page): Promise<string[]> {
  await expect.poll(() => page.locator('h1').textContent()).toMatch(/Permissions requested/);
  return page.locator('.perms code').allTextContents();
}

export function decodeJwt(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const { randomBytes, createHash } = await import('node:crypto');
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface BrowserFixture {
  tb: TestTenantbox;
  browser: Browser;
  appServer: AppServer;
}

/** A tenantbox on the browser tests' tenants (or `yaml`'s), Chromium (through tenantbox's proxy with `proxy`) and an app server. */
export async function startBrowserFixture(opts: { proxy?: boolean; yaml?: string } = {}): Promise<BrowserFixture> {
  const tb = await startTestTenantbox({ yaml: opts.yaml ?? BROWSER_TENANTS });
  const browser = await launchChromium(opts.proxy ? { proxy: tb.proxyUrl } : {});
  const appServer = await startAppServer();
  return { tb, browser, appServer };
}

export async function stopBrowserFixture(f: Partial<BrowserFixture>): Promise<void> {
  await f.browser?.close();
  await f.appServer?.close();
  await f.tb?.cleanup();
}
