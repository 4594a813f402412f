import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { aadsts, ASSERTION_TYPE, clientAssertion, pkce, plantCode, postToken, type TokenAnswer } from './token-client.js';
import { APPS, FABRIKAM, identityTenantYaml, makeCertificate, MIDDLE_URI, PASSWORD, TID, type TestCertificate } from './tenant.js';

// Every refusal of the token endpoint with Entra's HTTP status, `error` and AADSTS code
// (permission-semantics §3.7; docs/errors-identity.md), driven with raw requests.

let tb: TestTenantbox;
let cert: TestCertificate;
let expiredCert: TestCertificate;
let strangerCert: TestCertificate;
let megan: string;

const GRAPH = 'https://graph.microsoft.com/.default';

beforeAll(async () => {
  cert = await makeCertificate();
  expiredCert = await makeCertificate('expired.contoso.test', new Date(Date.now() - 3600_000));
  strangerCert = await makeCertificate('stranger.test');
  tb = await startTestTenantbox({ yaml: identityTenantYaml(cert, expiredCert) });
  megan = (await tb.stores.directory.getUser(TID, 'megan@contoso.test'))!.id;
});
afterAll(async () => {
  await tb?.cleanup();
});

function expectRefusal(a: TokenAnswer, status: number, error: string, code: number) {
  expect({ status: a.status, error: a.body.error, code: aadsts(a) }, JSON.stringify(a.body)).toEqual({ status, error, code });
  expect(a.body).toMatchObject({ error_codes: [code], trace_id: expect.any(String), correlation_id: expect.any(String), timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/), error_uri: `https://login.microsoftonline.com/error?code=${code}` });
  expect(a.body.error_description).toMatch(/\r\nTrace ID: [\w-]+\r\nCorrelation ID: [\w-]+\r\nTimestamp: /);
  expect(a.headers.get('retry-after')).toBeNull();
  expect(a.headers.get('access-control-allow-origin')).toBe('*');
}

const cc = (clientId: string, extra: Record<string, string> = {}) => ({ grant_type: 'client_credentials', client_id: clientId, scope: GRAPH, ...extra });
const ropc = (clientId: string, username: string, password: string, scope = 'User.Read offline_access openid profile') => ({ grant_type: 'password', client_id: clientId, username, password, scope });
const tokenUrl = () => `${tb.url}/${TID}/oauth2/v2.0/token`;

describe('client refusals', () => {
  it.each([
    ['unknown app', () => cc('00000000-0000-4000-8000-00000000dead', { client_secret: 'x' }), 400, 'unauthorized_client', 700016],
    ['wrong secret', () => cc(APPS.daemon, { client_secret: 'wrong' }), 401, 'invalid_client', 7000215],
    ['expired secret', () => cc(APPS.daemon, { client_secret: 'old-daemon-secret' }), 401, 'invalid_client', 7000222],
    ['no credential on a confidential flow', () => cc(APPS.daemon), 401, 'invalid_client', 7000218],
    ['a public client sending a secret', () => ({ ...ropc(APPS.roomDisplay, 'megan@contoso.test', PASSWORD), client_secret: 'x' }), 401, 'invalid_client', 700025],
    ['a multi-tenant app with no service principal in this tenant', () => cc(APPS.saas, { client_secret: 'saas-secret' }), 400, 'unauthorized_client', 700016],
  ])('%s → %i %s AADSTS%i', async (_what, params, status, error, code) => {
    expectRefusal(await postToken(tb, TID, params()), status, error, code);
  });

  it('client_secret_basic with a wrong secret is refused the same way', async () => {
    const basic = Buffer.from(`${APPS.daemon}:wrong`).toString('base64');
    expectRefusal(await postToken(tb, TID, { grant_type: 'client_credentials', scope: GRAPH }, { headers: { authorization: `Basic ${basic}` } }), 401, 'invalid_client', 7000215);
  });

  describe('certificate assertions', () => {
    const withAssertion = (a: string) => cc(APPS.certDaemon, { client_assertion_type: ASSERTION_TYPE, client_assertion: a });
    it('accepts PS256 + x5t#S256 and RS256 + x5t, with aud = the token endpoint as served', async () => {
      for (const alg of ['PS256', 'RS256'] as const) {
        const a = await postToken(tb, TID, withAssertion(clientAssertion(cert, APPS.certDaemon, tokenUrl(), { alg })));
        expect(a.status, JSON.stringify(a.body)).toBe(200);
      }
      const byDomain = await postToken(tb, 'contoso.test', withAssertion(clientAssertion(cert, APPS.certDaemon, `${tb.url}/contoso.test/oauth2/v2.0/token`)));
      expect(byDomain.status).toBe(200);
    });
    it.each([
      ['an unregistered certificate', () => clientAssertion(strangerCert, APPS.certDaemon, tokenUrl()), 700027],
      ['an expired certificate', () => clientAssertion(expiredCert, APPS.certDaemon, tokenUrl()), 700027],
      ['a bad signature', () => clientAssertion(cert, APPS.certDaemon, tokenUrl()).replace(/.{8}$/, 'AAAAAAAA'), 700027],
      ['an expired assertion', () => clientAssertion(cert, APPS.certDaemon, tokenUrl(), { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }), 700024],
      ['another audience', () => clientAssertion(cert, APPS.certDaemon, 'https://login.microsoftonline.com/other-tenant/oauth2/v2.0/token'), 50027],
      ['garbage', () => 'not.a.jwt', 50027],
    ])('refuses %s with 401 invalid_client AADSTS%i', async (_what, assertion, code) => {
      expectRefusal(await postToken(tb, TID, withAssertion(assertion())), 401, 'invalid_client', code);
    });
  });

  it('a disabled service principal gets AADSTS7000112 in every flow, until re-enabled', async () => {
    await tb.admin('PATCH', `/tenants/${TID}/service-principals/${APPS.daemon}`, { accountEnabled: false });
    await tb.admin('PATCH', `/tenants/${TID}/service-principals/${APPS.roomDisplay}`, { accountEnabled: false });
    try {
      expectRefusal(await postToken(tb, TID, cc(APPS.daemon, { client_secret: 'daemon-secret' })), 400, 'unauthorized_client', 7000112);
      expectRefusal(await postToken(tb, TID, ropc(APPS.roomDisplay, 'megan@contoso.test', PASSWORD)), 400, 'unauthorized_client', 7000112);
    } finally {
      await tb.admin('PATCH', `/tenants/${TID}/service-principals/${APPS.daemon}`, { accountEnabled: true });
      await tb.admin('PATCH', `/tenants/${TID}/service-principals/${APPS.roomDisplay}`, { accountEnabled: true });
    }
    expect((await postToken(tb, TID, cc(APPS.daemon, { client_secret: 'daemon-secret' }))).status).toBe(200);
  });
});

describe('scope refusals', () => {
  it.each([
    ['client credentials naming a scope', () => cc(APPS.daemon, { client_secret: 'daemon-secret', scope: 'https://graph.microsoft.com/Calendars.Read' }), 'invalid_scope', 1002012],
    ['client credentials naming two resources', () => cc(APPS.daemon, { client_secret: 'daemon-secret', scope: `${GRAPH} ${MIDDLE_URI}/.default` }), 'invalid_scope', 700022],
    ['an unknown scope', () => ropc(APPS.roomDisplay, 'megan@contoso.test', PASSWORD, 'Not.A.Permission'), 'invalid_scope', 70011],
    ['.default mixed with a named scope', () => ropc(APPS.roomDisplay, 'megan@contoso.test', PASSWORD, `${GRAPH} User.Read`), 'invalid_scope', 70011],
    ['scopes of two resources', () => ropc(APPS.tablet, 'megan@contoso.test', PASSWORD, `User.Read ${MIDDLE_URI}/access_as_user`), 'invalid_scope', 28000],
    ['an unknown resource', () => ropc(APPS.roomDisplay, 'megan@contoso.test', PASSWORD, 'api://nowhere.test/read'), 'invalid_resource', 500011],
    ['no scope at all', () => ({ grant_type: 'password', client_id: APPS.roomDisplay, username: 'megan@contoso.test', password: PASSWORD }), 'invalid_scope', 70011],
  ])('%s → 400 %s AADSTS%i', async (_what, params, error, code) => {
    expectRefusal(await postToken(tb, TID, params()), 400, error, code);
  });

  it('no consent for the app → 65001 with suberror consent_required', async () => {
    const a = await postToken(tb, TID, ropc(APPS.unconsented, 'megan@contoso.test', PASSWORD));
    expectRefusal(a, 400, 'invalid_grant', 65001);
    expect(a.body.suberror).toBe('consent_required');
  });

  it('a scope the app was never granted → 65001', async () => {
    expectRefusal(await postToken(tb, TID, ropc(APPS.roomDisplay, 'megan@contoso.test', PASSWORD, 'Mail.Read')), 400, 'invalid_grant', 65001);
  });

  it('client credentials on /common → AADSTS9001023', async () => {
    expectRefusal(await postToken(tb, 'common', cc(APPS.daemon, { client_secret: 'daemon-secret' })), 400, 'invalid_request', 9001023);
  });
});

describe('user refusals (ROPC)', () => {
  it.each([
    ['an unknown user', 'nobody@contoso.test', PASSWORD, 50034],
    ['a wrong password', 'megan@contoso.test', 'wrong', 50126],
    ['a user without a password', 'nopass@contoso.test', 'anything', 50126],
    ['a disabled user', 'ian@contoso.test', PASSWORD, 50057],
  ])('%s → 400 invalid_grant AADSTS%i', async (_what, upn, password, code) => {
    expectRefusal(await postToken(tb, TID, ropc(APPS.roomDisplay, upn, password)), 400, 'invalid_grant', code);
  });

  it('on /organizations the tenant comes from the user name', async () => {
    const a = await postToken(tb, 'organizations', ropc(APPS.roomDisplay, 'megan@contoso.test', PASSWORD));
    expect(a.status, JSON.stringify(a.body)).toBe(200);
  });
});

describe('authorization codes', () => {
  const redeem = (code: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}, tenant = TID) =>
    postToken(tb, tenant, { grant_type: 'authorization_code', client_id: APPS.roomDisplay, code, redirect_uri: 'http://localhost:3000/auth', scope: 'User.Read offline_access openid profile', ...extra }, { headers });

  it('redeems once with the right PKCE verifier (nonce echoed), then 54005', async () => {
    const p = pkce();
    const code = await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: { codeChallenge: p.challenge, codeChallengeMethod: 'S256', nonce: 'n-0S6_WzA2Mj' } });
    const ok = await redeem(code, { code_verifier: p.verifier });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', scope: 'User.Read openid profile', refresh_token: expect.any(String), id_token: expect.any(String), client_info: expect.any(String) });
    expect(JSON.parse(Buffer.from(ok.body.id_token.split('.')[1], 'base64url').toString()).nonce).toBe('n-0S6_WzA2Mj');
    expectRefusal(await redeem(code, { code_verifier: p.verifier }), 400, 'invalid_grant', 54005);
  });

  it('PKCE plain (the method Entra assumes when none is named) works too', async () => {
    const verifier = 'plain-verifier-plain-verifier-plain-verifier-123';
    const code = await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: { codeChallenge: verifier } });
    expect((await redeem(code, { code_verifier: verifier })).status).toBe(200);
  });

  it.each([
    ['a wrong PKCE verifier', { codeChallenge: pkce().challenge, codeChallengeMethod: 'S256' as const }, { code_verifier: 'wrong-verifier-wrong-verifier-wrong-verifier-x' }, 501481],
    ['a missing PKCE verifier', { codeChallenge: pkce().challenge, codeChallengeMethod: 'S256' as const }, {}, 501481],
    ['another redirect URI', {}, { redirect_uri: 'http://localhost:3000/other' }, 50011],
  ])('%s → 400 invalid_grant AADSTS%i', async (_what, data, extra, code) => {
    const c = await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data });
    expectRefusal(await redeem(c, extra), 400, 'invalid_grant', code);
  });

  it('an expired code → 70008; a code for another tenant → 700005; an unknown one → 70000', async () => {
    expectRefusal(await redeem(await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: {}, ageMs: 11 * 60_000 })), 400, 'invalid_grant', 70008);
    expectRefusal(await redeem(await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: {} }), {}, {}, FABRIKAM), 400, 'invalid_grant', 700005);
    expectRefusal(await redeem('made-up-code'), 400, 'invalid_grant', 70000);
  });

  it('a SPA code must be redeemed cross-origin, and a web code must not be', async () => {
    const spa = await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: { spa: true } });
    expectRefusal(await redeem(spa), 400, 'invalid_request', 9002327);
    const native = await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: {} });
    expectRefusal(await redeem(native, {}, { origin: 'http://localhost:3000' }), 400, 'invalid_request', 9002326);
  });

  it('a web app redeeming without its secret → 7000218', async () => {
    const code = await plantCode(tb, { tenantId: TID, clientId: APPS.webApp, userId: megan, data: { redirectUri: 'https://app.contoso.test/callback' } });
    const a = await postToken(tb, TID, { grant_type: 'authorization_code', client_id: APPS.webApp, code, redirect_uri: 'https://app.contoso.test/callback', scope: 'User.Read' });
    expectRefusal(a, 401, 'invalid_client', 7000218);
  });
});

describe('device code', () => {
  async function start(clientId = APPS.roomDisplay) {
    const res = await tb.fetch(`/${TID}/oauth2/v2.0/devicecode`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: clientId, scope: 'User.Read offline_access openid' }) });
    expect(res.status).toBe(200);
    return res.json() as Promise<{ device_code: string; user_code: string; verification_uri: string; expires_in: number; interval: number; message: string }>;
  }
  const poll = (device_code: string, grant_type = 'urn:ietf:params:oauth:grant-type:device_code') => postToken(tb, TID, { grant_type, client_id: APPS.roomDisplay, device_code });
  async function setStatus(userCode: string, patch: Record<string, unknown>) {
    const rec = (await tb.stores.tokens.findByUserCode(userCode))!;
    await tb.stores.tokens.update(rec.hash, { data: { ...rec.data, ...patch } });
  }

  it("answers Entra's device authorization response", async () => {
    const d = await start();
    expect(d).toMatchObject({ user_code: expect.stringMatching(/^[A-Z0-9]{9}$/), expires_in: 900, interval: 5, verification_uri: `${tb.url}/devicelogin` });
    expect(d.message).toContain(d.user_code);
    expect(d).not.toHaveProperty('verification_uri_complete');
  });

  it('pending → 70016, declined → authorization_declined, approved → tokens once, then 90120', async () => {
    const d = await start();
    expectRefusal(await poll(d.device_code), 400, 'authorization_pending', 70016);
    await setStatus(d.user_code, { status: 'approved', userId: megan });
    const ok = await poll(d.device_code, 'device_code');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.refresh_token).toEqual(expect.any(String));
    expectRefusal(await poll(d.device_code), 400, 'invalid_grant', 90120);

    const declined = await start();
    await setStatus(declined.user_code, { status: 'declined' });
    expectRefusal(await poll(declined.device_code), 400, 'authorization_declined', 70000);
  });

  it('expired → 70019 expired_token; unknown → 70018 bad_verification_code', async () => {
    const d = await start();
    await tb.admin('POST', '/clock', { advance: '16m' });
    expectRefusal(await poll(d.device_code), 400, 'expired_token', 70019);
    expectRefusal(await poll('not-a-device-code'), 400, 'bad_verification_code', 70018);
  });
});

describe('request shape', () => {
  const raw = (body: string | Buffer, contentType?: string, method = 'POST') =>
    tb.fetch(`/${TID}/oauth2/v2.0/token`, { method, headers: contentType ? { 'content-type': contentType } : {}, body: method === 'GET' ? undefined : (body as BodyInit) });

  it.each([
    ['no grant_type', 'client_id=x', 'application/x-www-form-urlencoded', 900144],
    ['an empty body', '', 'application/x-www-form-urlencoded', 900144],
    ['garbage', '%%%\u0000\u00ff&&==&', 'application/x-www-form-urlencoded', 900144],
    ['JSON instead of a form', JSON.stringify({ grant_type: 'client_credentials' }), 'application/json', 900144],
    ['invalid JSON', '{"grant_type":', 'application/json', 900144],
    ['text/plain', 'grant_type=client_credentials', 'text/plain', 900144],
    ['no content type', 'grant_type=client_credentials', undefined, 900144],
    ['multipart', '--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nclient_credentials\r\n--x--', 'multipart/form-data; boundary=x', 900144],
    ['a duplicated parameter', 'grant_type=client_credentials&grant_type=password', 'application/x-www-form-urlencoded', 9000411],
    ['an unsupported grant type', 'grant_type=implicit', 'application/x-www-form-urlencoded', 70003],
    ['a 100 KB parameter', `grant_type=client_credentials&scope=${'a'.repeat(100_000)}`, 'application/x-www-form-urlencoded', 9002313],
  ])('%s → 400 invalid_request-family AADSTS%i, never a 500', async (_what, body, type, code) => {
    const res = await raw(body, type);
    const a = { status: res.status, body: await res.json(), headers: res.headers };
    expect(a.status).toBe(400);
    expect(aadsts(a)).toBe(code);
  });

  it('a body over the size limit → 400, not 500', async () => {
    const res = await raw(`grant_type=client_credentials&x=${'a'.repeat(5 * 1024 * 1024)}`, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('GET → AADSTS900561; OPTIONS → a CORS preflight answer', async () => {
    const get = await raw('', undefined, 'GET');
    expect(get.status).toBe(400);
    expect((await get.json()).error_codes).toEqual([900561]);
    const pre = await tb.fetch(`/${TID}/oauth2/v2.0/token`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('an unknown tenant → 400 invalid_tenant AADSTS90002, for tokens and for discovery', async () => {
    expectRefusal(await postToken(tb, 'nowhere.test', cc(APPS.daemon, { client_secret: 'daemon-secret' })), 400, 'invalid_tenant', 90002);
    const d = await tb.fetch('/nowhere.test/v2.0/.well-known/openid-configuration');
    expect(d.status).toBe(400);
    expect((await d.json()).error_codes).toEqual([90002]);
  });

  it('the v1 endpoint takes `resource` and answers in the v1 shape', async () => {
    const a = await postToken(tb, TID, { grant_type: 'client_credentials', client_id: APPS.daemon, client_secret: 'daemon-secret', resource: 'https://graph.microsoft.com' }, { path: `/${TID}/oauth2/token` });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ token_type: 'Bearer', expires_in: '3599', resource: 'https://graph.microsoft.com', expires_on: expect.stringMatching(/^\d+$/) });
  });

  it('the correlation id is the client-request-id the client sent in the query (as MSAL does)', async () => {
    const a = await postToken(tb, TID, { grant_type: 'nope' }, { path: `/${TID}/oauth2/v2.0/token?client-request-id=7e1d9c1a-0000-4000-8000-000000000001` });
    expect(a.body.correlation_id).toBe('7e1d9c1a-0000-4000-8000-000000000001');
    expect(a.headers.get('client-request-id')).toBe('7e1d9c1a-0000-4000-8000-000000000001');
  });
});
