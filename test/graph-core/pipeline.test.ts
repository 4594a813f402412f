import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64url, signJwt } from '../../src/identity/keys/jwt.js';
import { createGraphFixture, ids, TID, type GraphFixture } from './fixture.js';

// Pipeline stages 0-4 (semantics doc §4.1): token, tenant and service principal, /me with an
// app-only token, unknown and not-emulated paths; Graph's error envelope and headers.

let f: GraphFixture;
beforeAll(async () => {
  f = await createGraphFixture();
});
afterAll(() => f.close());

const expectGraphError = (r: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string, message?: string) => {
  expect(r.status).toBe(status);
  expect(r.body.error.code).toBe(code);
  if (message) expect(r.body.error.message).toBe(message);
  expect(r.body.error.innerError['request-id']).toBe(r.headers['request-id']);
  expect(r.body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
};

describe('stage 1: the bearer token', () => {
  it('no Authorization header, or an empty bearer → 401 "Access token is empty."', async () => {
    expectGraphError(await f.call('GET', '/me', null), 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    expectGraphError(await f.call('GET', '/me', null, { headers: { authorization: 'Bearer ' } }), 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  });

  it('a string that is not a JWT → 401 IDX14100', async () => {
    const r = await f.call('GET', '/me', 'not-a-token');
    expectGraphError(r, 401, 'InvalidAuthenticationToken');
    expect(r.body.error.message).toMatch(/^IDX14100/);
  });

  it('an expired token (emulated clock advanced past exp) → 401 "Lifetime validation failed, the token is expired."', async () => {
    const token = await f.userToken(ids.alice, ['User.Read'], { exp: f.clock.nowSeconds() + 600 });
    expect((await f.call('GET', '/me', token)).status).toBe(200);
    f.clock.advance(2 * 3600_000);
    expectGraphError(await f.call('GET', '/me', token), 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  });

  it('a token for another audience → 401 "Invalid audience."', async () => {
    const token = await f.userToken(ids.alice, ['User.Read'], { aud: 'api://some-other-api' });
    expectGraphError(await f.call('GET', '/me', token), 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  });

  it("a token signed with a key that is not the tenant's (same kid) → 401 invalid signature", async () => {
    const good = await f.userToken(ids.alice, ['User.Read']);
    const header = good.split('.')[0]!;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const payload = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString());
    const forged = signJwt(header, payload, privateKey);
    expectGraphError(await f.call('GET', '/me', forged), 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid signature.');
    // Changing the payload of a genuine token breaks its signature too.
    const tampered = `${header}.${b64url({ ...payload, scp: 'Directory.ReadWrite.All' })}.${good.split('.')[2]}`;
    expect((await f.call('GET', '/users', tampered)).status).toBe(401);
  });

  it('a token from another issuer → 401 "Invalid issuer."', async () => {
    const token = await f.userToken(ids.alice, ['User.Read'], { iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/' });
    expectGraphError(await f.call('GET', '/me', token), 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.');
  });
});

describe('stage 2: tenant and service principal', () => {
  it("a disabled service principal's unexpired token still works (access tokens live until exp)", async () => {
    const sp = (await f.stores.apps.getServicePrincipal(TID, ids.clientSp))!;
    await f.stores.apps.putServicePrincipal({ ...sp, accountEnabled: false });
    try {
      expect((await f.call('GET', '/me', await f.userToken(ids.alice, ['User.Read']))).status).toBe(200);
    } finally {
      await f.stores.apps.putServicePrincipal(sp);
    }
  });

  it('a deleted service principal → 401 Authorization_IdentityNotFound', async () => {
    const sp = (await f.stores.apps.getServicePrincipal(TID, ids.clientSp))!;
    const token = await f.appToken(['User.Read.All']);
    await f.stores.apps.deleteServicePrincipal(TID, sp.id);
    try {
      expectGraphError(await f.call('GET', '/users', token), 401, 'Authorization_IdentityNotFound', 'The identity of the calling application could not be established.');
    } finally {
      await f.stores.apps.putServicePrincipal(sp);
    }
  });
});

describe('stage 3: /me needs a user', () => {
  it.each(['/me', '/me/memberOf', '/me/manager', '/beta/me', '/me/events'])('app-only %s → 400 Request_BadRequest', async (path) => {
    const r = await f.call('GET', path, await f.appToken(['User.Read.All', 'Calendars.Read']));
    expectGraphError(r, 400, 'Request_BadRequest', '/me request is only valid with delegated authentication flow.');
  });
});

describe('stage 4: routing', () => {
  it('an unknown segment → 400 BadRequest "Resource not found for the segment"', async () => {
    const r = await f.call('GET', '/usres', await f.userToken(ids.alice, ['User.Read']));
    expectGraphError(r, 400, 'BadRequest', "Resource not found for the segment 'usres'.");
  });

  it('an endpoint Graph has but tenantbox does not emulate → 501 naming it', async () => {
    const r = await f.call('GET', `/users/${ids.alice}/photo`, await f.userToken(ids.alice, ['User.Read']));
    expectGraphError(r, 501, 'NotImplemented');
    expect(r.body.error.message).toBe('tenantbox does not emulate GET /users/{id}/photo yet.');
  });

  it('serves /beta like /v1.0, with links in the version asked for', async () => {
    const r = await f.call('GET', '/beta/me', await f.userToken(ids.alice, ['User.Read']));
    expect(r.status).toBe(200);
    expect(r.body['@odata.context']).toBe('https://127.0.0.1:8443/beta/$metadata#users/$entity');
  });

  it('on the intercepted host graph.microsoft.com, links use that origin', async () => {
    const r = await f.call('GET', '/me', await f.userToken(ids.alice, ['User.Read']), { headers: { host: 'graph.microsoft.com' } });
    expect(r.status).toBe(200);
    expect(r.body['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#users/$entity');
  });

  it('/v1.0 on login.microsoftonline.com is not Graph', async () => {
    const r = await f.call('GET', '/me', await f.userToken(ids.alice, ['User.Read']), { headers: { host: 'login.microsoftonline.com' } });
    expect(r.status).toBe(404);
    expect(r.body.error).toBeTypeOf('string'); // the identity surface's shape
  });
});

describe('error envelope and headers', () => {
  it('echoes client-request-id and sets request-id, on success and on error', async () => {
    const token = await f.userToken(ids.alice, ['User.Read']);
    const ok = await f.call('GET', '/me', token, { headers: { 'client-request-id': 'abc-123' } });
    expect(ok.headers['client-request-id']).toBe('abc-123');
    expect(ok.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const err = await f.call('GET', '/users', token, { headers: { 'client-request-id': 'abc-456' } });
    expect(err.status).toBe(403);
    expect(err.body.error.innerError['client-request-id']).toBe('abc-456');
    expect(err.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers CORS preflight and exposes Graph headers to browser callers', async () => {
    const pre = await f.app.inject({ method: 'OPTIONS', url: '/v1.0/me', headers: { host: '127.0.0.1:8443', origin: 'http://localhost:3000', 'access-control-request-headers': 'authorization' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(String(pre.headers['access-control-allow-headers'])).toContain('authorization');
    const r = await f.call('GET', '/me', await f.userToken(ids.alice, ['User.Read']), { headers: { origin: 'http://localhost:3000' } });
    expect(String(r.headers['access-control-expose-headers'])).toContain('Retry-After');
  });

  it('a POST without a body → "Empty Payload. JSON content expected."; a body that is not JSON → 400', async () => {
    const token = await f.userToken(ids.admin, ['Group.ReadWrite.All']);
    const empty = await f.app.inject({ method: 'POST', url: '/v1.0/groups', headers: { host: '127.0.0.1:8443', authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    expect(JSON.parse(empty.payload).error.message).toBe('Empty Payload. JSON content expected.');
    const bad = await f.app.inject({ method: 'POST', url: '/v1.0/groups', headers: { host: '127.0.0.1:8443', authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{nope' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.payload).error.code).toBe('BadRequest');
  });
});

describe('a route that forgets authorize()', () => {
  it('has its answer withheld with a 500 instead of serving data unchecked', async () => {
    const { forgetfulArea } = await import('./test-areas.js');
    const g = await createGraphFixture({ areas: [forgetfulArea] });
    try {
      const r = await g.call('GET', '/forgot', await g.userToken(ids.alice, ['User.Read']));
      expect(r.status).toBe(500);
      expect(r.body.error.code).toBe('generalException');
      expect(JSON.stringify(r.body)).not.toContain('should never be served');
    } finally {
      await g.close();
    }
  });
});
