import { OAuth2Client } from 'google-auth-library';
import { google } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signageYaml, startGoogleTenantbox, type GoogleTestbox } from './harness.js';
import { SCOPE } from './helpers.js';

// The user OAuth flow for apps acting as a signed-in Workspace user, driven by unmodified
// google-auth-library (OAuth2Client's documented `endpoints` option points it at tenantbox) and
// googleapis: authorize → sign in → consent → code → tokens → API → tokeninfo → refresh.

let tb: GoogleTestbox;
let client: OAuth2Client;
const REDIRECT = 'http://localhost:3999/callback';
const SCOPES = [SCOPE('calendar.events'), SCOPE('calendar.calendarlist.readonly')];

beforeAll(async () => {
  tb = await startGoogleTenantbox(signageYaml());
  const oc = tb.file.tenants[0]!.google!.oauthClients[0]!;
  client = new OAuth2Client({
    clientId: oc.clientId,
    clientSecret: 'booking-secret',
    redirectUri: REDIRECT,
    endpoints: { oauth2AuthBaseUrl: `${tb.url}/o/oauth2/v2/auth`, oauth2TokenUrl: `${tb.url}/token`, tokenInfoUrl: `${tb.url}/tokeninfo` },
  });
});
afterAll(async () => tb?.cleanup());

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

async function post(action: string, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL(action, tb.url), { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** Runs the browser part: returns the redirect the app receives, or the page shown instead. */
async function signIn(authUrl: string, email: string, password: string, decision?: 'allow' | 'deny'): Promise<{ redirect?: URL; page?: string }> {
  const start = await fetch(authUrl);
  expect(start.status).toBe(200);
  const flow = hidden(await start.text(), 'flow')!;
  const action = new URL(authUrl).pathname;
  const signed = await post(action, { flow, step: 'signin', email, password });
  if (signed.status === 302) return { redirect: new URL(signed.headers.get('location')!) };
  const page = await signed.text();
  if (!decision) return { page };
  const consented = await post(action, { flow, step: 'consent', decision });
  return { redirect: new URL(consented.headers.get('location')!) };
}

describe('user OAuth flow', () => {
  it('signs in, asks consent, and the code gets access and refresh tokens that work', async () => {
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({ access_type: 'offline', scope: SCOPES, state: 'xyz', code_challenge: codeChallenge, code_challenge_method: 'S256' as never });
    expect(url.startsWith(`${tb.url}/o/oauth2/v2/auth?`)).toBe(true);

    const start = await fetch(url);
    const consentPage = await (await post('/o/oauth2/v2/auth', { flow: hidden(await start.text(), 'flow')!, step: 'signin', email: 'robin@contoso.test', password: 'Robin-pass1' })).text();
    expect(consentPage).toContain('Allow access?');
    expect(consentPage).toContain('Booking Web');
    expect(consentPage).toContain(SCOPE('calendar.events'));
    const back = await post('/o/oauth2/v2/auth', { flow: hidden(consentPage, 'flow')!, step: 'consent', decision: 'allow' });
    expect(back.status).toBe(302);
    const redirect = new URL(back.headers.get('location')!);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('xyz');
    expect(redirect.searchParams.get('scope')).toBe(SCOPES.join(' '));

    const { tokens } = await client.getToken({ code: redirect.searchParams.get('code')!, codeVerifier });
    expect(tokens).toMatchObject({ access_token: expect.stringMatching(/^ya29\./), refresh_token: expect.stringMatching(/^1\/\//), scope: SCOPES.join(' '), token_type: 'Bearer' });
    // A code is good once.
    await expect(client.getToken({ code: redirect.searchParams.get('code')!, codeVerifier })).rejects.toThrow(/invalid_grant/);

    client.setCredentials(tokens);
    const calendar = google.calendar({ version: 'v3', auth: client as never, rootUrl: `${tb.url}/` });
    const list = await calendar.calendarList.list();
    expect(list.data.items!.map((c) => c.id)).toContain('robin@contoso.test');
    // A scope the user did not grant: Google's 403.
    const acl = await calendar.acl.list({ calendarId: 'primary' }).catch((e) => e);
    expect(acl.status).toBe(403);

    const info = await client.getTokenInfo(tokens.access_token!);
    expect(info).toMatchObject({ email: 'robin@contoso.test', scopes: SCOPES, aud: client._clientId, access_type: 'offline' });

    await tb.admin('POST', '/clock', { advance: '2h' });
    expect(await calendar.calendarList.list().catch((e) => e.status)).toBe(401);
    const refreshed = new OAuth2Client({ clientId: client._clientId, clientSecret: 'booking-secret', endpoints: { oauth2TokenUrl: `${tb.url}/token` } });
    refreshed.setCredentials({ refresh_token: tokens.refresh_token });
    const { token } = await refreshed.getAccessToken();
    expect(token).toMatch(/^ya29\./);
    expect(token).not.toBe(tokens.access_token);
  });

  it('skips consent once granted, and reports a denied consent to the app', async () => {
    const again = await signIn(client.generateAuthUrl({ scope: SCOPES, state: 's2' }), 'robin@contoso.test', 'Robin-pass1');
    expect(again.redirect?.searchParams.get('code')).toBeTruthy();
    const megan = await signIn(client.generateAuthUrl({ scope: SCOPES, state: 's3' }), 'megan@contoso.test', 'Passw0rd!', 'deny');
    expect(Object.fromEntries(megan.redirect!.searchParams)).toEqual({ error: 'access_denied', state: 's3' });
  });

  it('refuses a wrong password, an unknown client and an unregistered redirect URI', async () => {
    const wrong = await signIn(client.generateAuthUrl({ scope: SCOPES }), 'robin@contoso.test', 'nope');
    expect(wrong.page).toContain('Wrong email or password');
    const unknown = await fetch(`${tb.url}/o/oauth2/v2/auth?client_id=nobody&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&scope=openid`);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('invalid_client');
    const mismatch = await fetch(client.generateAuthUrl({ scope: SCOPES, redirect_uri: 'http://evil.test/cb' }));
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('redirect_uri_mismatch');
  });
});
