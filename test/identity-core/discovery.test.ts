import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { identityTenantYaml, makeCertificate, TID } from './tenant.js';

// The metadata documents, as MSAL and openid-client read them (client-compat §1.2, §6).

let tb: TestTenantbox;
beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: identityTenantYaml(await makeCertificate(), await makeCertificate('x', new Date(Date.now() - 3600_000))) });
});
afterAll(async () => {
  await tb?.cleanup();
});

const json = async (path: string) => {
  const res = await tb.fetch(path);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return { status: res.status, body: await res.json() };
};

describe('OpenID configuration', () => {
  it.each([TID, TID.toUpperCase(), 'contoso.test', 'CONTOSO.TEST'])('for %s: issuer exactly <origin>/<tenant id>/v2.0, endpoints on the same origin', async (seg) => {
    const { status, body } = await json(`/${seg}/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body.issuer).toBe(`${tb.url}/${TID}/v2.0`);
    for (const k of ['token_endpoint', 'authorization_endpoint', 'device_authorization_endpoint', 'end_session_endpoint', 'jwks_uri']) expect(body[k]).toMatch(new RegExp(`^${tb.url}/${TID}/`));
    expect(body.token_endpoint).toBe(`${tb.url}/${TID}/oauth2/v2.0/token`);
    expect(body.id_token_signing_alg_values_supported).toEqual(['RS256']);
    expect(body.response_modes_supported).toEqual(['query', 'fragment', 'form_post']);
    expect(body.code_challenge_methods_supported).toContain('S256');
  });

  it.each(['common', 'organizations'])('for %s: the {tenantid} issuer template', async (alias) => {
    const { body } = await json(`/${alias}/v2.0/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`${tb.url}/{tenantid}/v2.0`);
    expect(body.token_endpoint).toBe(`${tb.url}/${alias}/oauth2/v2.0/token`);
    expect(body.tenant_region_scope).toBeNull();
  });

  it('v1: issuer https://sts.windows.net/<tid>/ and the v1 endpoints', async () => {
    const { body } = await json(`/${TID}/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`https://sts.windows.net/${TID}/`);
    expect(body.token_endpoint).toBe(`${tb.url}/${TID}/oauth2/token`);
    expect(body.jwks_uri).toBe(`${tb.url}/${TID}/discovery/keys`);
  });

  it('openid-client discovers it without any option (issuer match, TLS via NODE_EXTRA_CA_CERTS)', async () => {
    const config = await client.discovery(new URL(`${tb.url}/${TID}/v2.0`), 'some-client');
    expect(config.serverMetadata().issuer).toBe(`${tb.url}/${TID}/v2.0`);
  });
});

describe('keys and instance discovery', () => {
  it("JWKS in Entra's shape: RSA, kid = x5t, x5c; v2 keys name their issuer", async () => {
    const { body } = await json(`/${TID}/discovery/v2.0/keys`);
    expect(body.keys.length).toBeGreaterThanOrEqual(1);
    const k = body.keys[0];
    expect(k).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB', issuer: `${tb.url}/${TID}/v2.0` });
    expect(k.kid).toBe(k.x5t);
    expect(Buffer.from(k.n, 'base64url').length).toBe(256);
    expect(k.x5c[0]).toMatch(/^MII/);
    const v1 = await json(`/${TID}/discovery/keys`);
    expect(v1.body.keys[0].kid).toBe(k.kid);
    expect(v1.body.keys[0].issuer).toBeUndefined();
    const common = await json(`/common/discovery/v2.0/keys`);
    expect(common.body.keys.map((x: { kid: string }) => x.kid)).toContain(k.kid);
  });

  it('instance discovery names our host:port as the only alias', async () => {
    const host = new URL(tb.url).host;
    const { body } = await json(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${tb.url}/${TID}/oauth2/v2.0/authorize`)}`);
    expect(body).toEqual({
      tenant_discovery_endpoint: `${tb.url}/${TID}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });
});
