import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { pkcePair } from './helpers.js';
import { appId, BROWSER_TENANTS, tenantId } from './tenant.js';

// /authorize refusals that need no browser: what Entra shows on its own page (the redirect URI
// cannot be trusted) and what it sends back to the app before anyone signs in.

let tb: TestTenantbox;
beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: BROWSER_TENANTS });
});
afterAll(async () => {
  await tb?.cleanup();
});

const NATIVE = 'http://127.0.0.1:53124/native';

async function authorize(params: Record<string, string>, tenant = tenantId(tb, 'contoso.test'), init: RequestInit = {}): Promise<Response> {
  return tb.fetch(`/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams(params)}`, { redirect: 'manual', headers: { accept: 'text/html' }, ...init });
}

async function roomDisplay(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const { challenge } = await pkcePair();
  return { client_id: appId(tb, 'Room Display'), response_type: 'code', redirect_uri: NATIVE, scope: 'User.Read openid profile', code_challenge: challenge, code_challenge_method: 'S256', state: 's-1', ...extra };
}

/** The parameters of a redirect back to the app (query or fragment). */
function answer(res: Response): URLSearchParams {
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get('location')!);
  return loc.hash ? new URLSearchParams(loc.hash.slice(1)) : loc.searchParams;
}

describe('errors shown on the page, never redirected', () => {
  it('redirect URI not registered → AADSTS50011', async () => {
    const res = await authorize(await roomDisplay({ redirect_uri: 'https://evil.example/cb' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('AADSTS50011');
    expect(html).toContain('https://evil.example/cb');
  });

  it("another app's redirect URI does not count", async () => {
    // Booking SPA registered http://localhost/spa; Room Display only has its native URI.
    const res = await authorize(await roomDisplay({ redirect_uri: 'http://localhost:3000/spa' }));
    expect(await res.text()).toContain('AADSTS50011');
  });

  it('unknown client → AADSTS700016', async () => {
    const res = await authorize(await roomDisplay({ client_id: '0b7c0c5e-0000-4000-8000-00000000dead' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('AADSTS700016');
  });

  it('single-tenant app on /common → AADSTS50194', async () => {
    const res = await authorize(await roomDisplay(), 'common');
    expect(await res.text()).toContain('AADSTS50194');
  });

  it('unknown tenant → AADSTS90002', async () => {
    const res = await authorize(await roomDisplay(), 'nowhere.test');
    expect(await res.text()).toContain('AADSTS90002');
  });

  it('missing client_id → AADSTS900144', async () => {
    const p = await roomDisplay();
    delete (p as Partial<typeof p>).client_id;
    expect(await (await authorize(p)).text()).toContain('AADSTS900144');
  });
});

describe('errors sent back to the app', () => {
  it('prompt=none without a session → login_required, state echoed', async () => {
    const q = answer(await authorize(await roomDisplay({ prompt: 'none', state: 'a b+c/=' })));
    expect(q.get('error')).toBe('login_required');
    expect(q.get('error_description')).toMatch(/^AADSTS50058: /);
    expect(q.get('state')).toBe('a b+c/=');
  });

  it('fragment mode answers in the fragment', async () => {
    const q = answer(await authorize(await roomDisplay({ prompt: 'none', response_mode: 'fragment' })));
    expect(q.get('error')).toBe('login_required');
  });

  it('form_post mode answers with a page that posts the fields', async () => {
    const res = await authorize(await roomDisplay({ prompt: 'none', response_mode: 'form_post' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="http:\/\/127\.0\.0\.1:53124\/native"/);
    expect(html).toContain('name="error" value="login_required"');
  });

  it('a public client without PKCE → AADSTS9002325', async () => {
    const p = await roomDisplay();
    delete (p as Partial<typeof p>).code_challenge;
    delete (p as Partial<typeof p>).code_challenge_method;
    const q = answer(await authorize(p));
    expect(q.get('error')).toBe('invalid_request');
    expect(q.get('error_description')).toMatch(/^AADSTS9002325: /);
  });

  it('a SPA without PKCE → AADSTS9002325', async () => {
    const q = answer(await authorize({ client_id: appId(tb, 'Booking SPA'), response_type: 'code', redirect_uri: 'http://localhost:5173/spa', scope: 'User.Read', response_mode: 'fragment' }));
    expect(q.get('error_description')).toMatch(/^AADSTS9002325: /);
  });

  it('unknown scope → invalid_scope AADSTS70011, before any sign-in', async () => {
    const q = answer(await authorize(await roomDisplay({ scope: 'User.Read Calendars.Teleport' })));
    expect(q.get('error')).toBe('invalid_scope');
    expect(q.get('error_description')).toMatch(/^AADSTS70011: /);
  });

  it('.default mixed with a named scope → invalid_scope AADSTS70011', async () => {
    const q = answer(await authorize(await roomDisplay({ scope: 'https://graph.microsoft.com/.default User.Read' })));
    expect(q.get('error')).toBe('invalid_scope');
    expect(q.get('error_description')).toMatch(/^AADSTS70011: /);
  });

  it('response_type other than code → unsupported (no implicit grant on tenantbox apps)', async () => {
    const q = answer(await authorize(await roomDisplay({ response_type: 'code id_token' })));
    expect(q.get('error_description')).toMatch(/response_type 'id_token' is not enabled for the application/);
  });

  it('ignores parameters it does not know (MSAL telemetry, claims)', async () => {
    const q = answer(await authorize(await roomDisplay({ prompt: 'none', 'x-client-SKU': 'msal.js.node', clidata: '1', pocd: '1', claims: '{"id_token":{}}' })));
    expect(q.get('error')).toBe('login_required');
  });
});

describe('the sign-in form', () => {
  it('escapes what the request puts on the page (login_hint, state)', async () => {
    const res = await authorize(await roomDisplay({ login_hint: '"><script>alert(1)</script>', state: '<img src=x onerror=alert(2)>' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a POST without the form token (CSRF) and does not sign in', async () => {
    const ctx = new URLSearchParams(await roomDisplay()).toString();
    const res = await tb.fetch(`/${tenantId(tb, 'contoso.test')}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ctx, step: 'password', loginfmt: 'megan@contoso.test', passwd: 'Passw0rd!' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('tenantbox_session=');
    expect(await res.text()).toContain('id="loginfmt"');
  });
});
