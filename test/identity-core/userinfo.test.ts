import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsGetViaProxy } from '../harness/https-get.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';

// The UserInfo endpoint (GET/POST /oidc/userinfo, learn.microsoft.com/entra/identity-platform/userinfo)
// as openid-client 6 calls it: discovery on <url>/<tid>/v2.0 names it, tokens come from real ROPC and
// client-credentials requests, and fetchUserInfo checks the answer's `sub` against the ID token's.

const PASSWORD = 'Passw0rd!';
const TID = '5eed0000-0000-4000-8000-0000000015e0';
const APPS = {
  full: '5eedc0de-0000-4000-8000-0000000015e1', // openid profile email User.Read
  bare: '5eedc0de-0000-4000-8000-0000000015e2', // openid User.Read
  noOpenid: '5eedc0de-0000-4000-8000-0000000015e3', // profile email User.Read
  daemon: '5eedc0de-0000-4000-8000-0000000015e4', // app-only User.Read.All
} as const;

const YAML = `
tenant:
  id: ${TID}
  domain: userinfo.test
  displayName: Userinfo Test
users:
  - { upn: megan@userinfo.test, displayName: Megan Bowen, password: "${PASSWORD}", givenName: Megan, surname: Bowen }
  - { upn: alex@userinfo.test, displayName: Alex Wilber, password: "${PASSWORD}" }
apps:
  - appId: ${APPS.full}
    displayName: Sign-in Full
    publicClient: true
    requiredResourceAccess: { graph: { delegated: [openid, profile, email, User.Read] } }
  - appId: ${APPS.bare}
    displayName: Sign-in Bare
    publicClient: true
    requiredResourceAccess: { graph: { delegated: [openid, User.Read] } }
  - appId: ${APPS.noOpenid}
    displayName: No OpenID
    publicClient: true
    requiredResourceAccess: { graph: { delegated: [profile, email, User.Read] } }
  - appId: ${APPS.daemon}
    displayName: Userinfo Daemon
    secrets: ["daemon-secret"]
    requiredResourceAccess: { graph: { application: [User.Read.All] } }
consents:
  - { app: Sign-in Full, adminConsent: true }
  - { app: Sign-in Bare, adminConsent: true }
  - { app: No OpenID, adminConsent: true }
  - { app: Userinfo Daemon, adminConsent: true }
`;

let tb: TestTenantbox;

beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: YAML });
});
afterAll(() => tb?.cleanup());

const publicClient = (appId: string) => oidc.discovery(new URL(`${tb.url}/${TID}/v2.0`), appId, undefined, oidc.None());

async function ropc(appId: string, username: string, scope: string) {
  const config = await publicClient(appId);
  const tokens = await oidc.genericGrantRequest(config, 'password', { username, password: PASSWORD, scope });
  return { config, tokens };
}

/** The HTTP answer behind openid-client's error (it throws on any status but 200). */
async function refusal(p: Promise<unknown>): Promise<{ status: number; body: any; wwwAuthenticate: string | null }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'fetchUserInfo should have thrown').toBeInstanceOf(Error);
  const res = (err as { cause?: unknown }).cause;
  expect(res).toBeInstanceOf(Response);
  const r = res as Response;
  return { status: r.status, body: await r.json(), wwwAuthenticate: r.headers.get('www-authenticate') };
}

describe('UserInfo endpoint', () => {
  it('is the userinfo_endpoint discovery names, on tenantbox’s own origin', async () => {
    const config = await publicClient(APPS.full);
    expect(config.serverMetadata().userinfo_endpoint).toBe(`${tb.url}/oidc/userinfo`);
  });

  it('returns the ID token’s sub and, with profile and email, the name claims, picture and email', async () => {
    const { config, tokens } = await ropc(APPS.full, 'megan@userinfo.test', 'openid profile email User.Read');
    const idClaims = tokens.claims()!;
    expect(idClaims.sub).toMatch(/^[\w-]{43}$/);

    // fetchUserInfo itself fails unless `sub` equals the ID token's.
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    expect(info).toEqual({
      sub: idClaims.sub,
      name: 'Megan Bowen',
      family_name: 'Bowen',
      given_name: 'Megan',
      picture: `${tb.url}/v1.0/me/photo/$value`,
      email: 'megan@userinfo.test',
    });
    // "These values are the same values included in an ID token."
    expect(info.name).toBe(idClaims.name);
    expect(info.email).toBe(idClaims.email);
  });

  it('is JSON, answers POST as well as GET, and is audited like any Graph call', async () => {
    const { tokens } = await ropc(APPS.full, 'megan@userinfo.test', 'openid profile email User.Read');
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const get = await tb.fetch('/oidc/userinfo', { headers: auth });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toMatch(/^application\/json/);
    const post = await tb.fetch('/oidc/userinfo', { method: 'POST', headers: auth });
    expect(post.status).toBe(200);
    expect(await post.json()).toEqual(await get.json());

    const records = (await tb.stores.audit.query({ appId: APPS.full, tenantId: TID })).filter((r) => r.path === '/oidc/userinfo');
    const methods = records.map((r) => `${r.method} ${r.status} ${r.template} ${r.permission}`);
    expect(methods).toContain('GET 200 /oidc/userinfo openid');
    expect(methods).toContain('POST 200 /oidc/userinfo openid');
  });

  it('gives a different sub to another app for the same user (pairwise), each matching its ID token', async () => {
    const full = await ropc(APPS.full, 'megan@userinfo.test', 'openid User.Read');
    const bare = await ropc(APPS.bare, 'megan@userinfo.test', 'openid User.Read');
    const a = await oidc.fetchUserInfo(full.config, full.tokens.access_token, full.tokens.claims()!.sub);
    const b = await oidc.fetchUserInfo(bare.config, bare.tokens.access_token, bare.tokens.claims()!.sub);
    expect(a.sub).not.toBe(b.sub);
  });

  it('returns only sub without profile and email in the token', async () => {
    const { config, tokens } = await ropc(APPS.bare, 'megan@userinfo.test', 'openid User.Read');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info).toEqual({ sub: tokens.claims()!.sub });
  });

  it('leaves out name parts the user does not have', async () => {
    const { config, tokens } = await ropc(APPS.full, 'alex@userinfo.test', 'openid profile User.Read');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info.name).toBe('Alex Wilber');
    expect(info).not.toHaveProperty('given_name');
    expect(info).not.toHaveProperty('family_name');
  });

  it('refuses a token without openid (403, the missing scope in details)', async () => {
    const { config, tokens } = await ropc(APPS.noOpenid, 'megan@userinfo.test', 'profile email User.Read');
    expect(tokens.id_token).toBeUndefined();
    const r = await refusal(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Authorization_RequestDenied');
    expect(r.body.error.message).toBe('Insufficient privileges to complete the operation.');
    expect(r.body.error.details).toEqual([expect.objectContaining({ code: 'tenantbox.missingPermission', target: 'openid' })]);

    const records = (await tb.stores.audit.query({ appId: APPS.noOpenid, tenantId: TID })).filter((x) => x.path === '/oidc/userinfo');
    expect(records.map((x) => [x.status, x.missing])).toEqual([[403, ['openid']]]);
  });

  it('refuses an app-only token (Application: not applicable)', async () => {
    const config = await oidc.discovery(new URL(`${tb.url}/${TID}/v2.0`), APPS.daemon, 'daemon-secret');
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'https://graph.microsoft.com/.default' });
    const r = await refusal(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('Authorization_RequestDenied');
    expect(r.body.error.details).toEqual([expect.objectContaining({ code: 'tenantbox.schemeNotSupported' })]);
  });

  it('answers 401 InvalidAuthenticationToken for a garbage or missing token', async () => {
    const config = await publicClient(APPS.full);
    const garbage = await refusal(oidc.fetchUserInfo(config, 'not-a-token', oidc.skipSubjectCheck));
    expect(garbage.status).toBe(401);
    expect(garbage.body.error.code).toBe('InvalidAuthenticationToken');

    const missing = await tb.fetch('/oidc/userinfo');
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
  });

  it('through the proxy: answers on graph.microsoft.com, not on login.microsoftonline.com', async () => {
    const { tokens } = await ropc(APPS.full, 'megan@userinfo.test', 'openid profile User.Read');
    const ca = readFileSync(tb.caCertPath);
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const graph = await httpsGetViaProxy(tb.proxyUrl, 'https://graph.microsoft.com/oidc/userinfo', ca, auth);
    expect(graph.status).toBe(200);
    expect(JSON.parse(graph.body)).toMatchObject({ sub: tokens.claims()!.sub, picture: 'https://graph.microsoft.com/v1.0/me/photo/$value' });
    const login = await httpsGetViaProxy(tb.proxyUrl, 'https://login.microsoftonline.com/oidc/userinfo', ca, auth);
    expect(login.status).toBe(404);
  });

  // Last: the emulated clock only moves forward, and openid-client checks ID tokens against real time.
  it('answers 401 InvalidAuthenticationToken once the token has expired', async () => {
    const config = await publicClient(APPS.full);
    const { tokens } = await ropc(APPS.full, 'megan@userinfo.test', 'openid User.Read');
    tb.clock.advance(3 * 3600_000);
    const expired = await refusal(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck));
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' });
  });
});
