import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_RESOURCE } from '../../src/identity/consent/resources.js';
import { signJwt } from '../../src/identity/keys/jwt.js';
import { keyRingFor } from '../../src/identity/keys/signing-keys.js';
import { appAccessClaims } from '../../src/identity/tokens/claims.js';
import { createAccessTokenVerifier } from '../../src/identity/verify-access-token.js';
import type { Services } from '../../src/shared/services.js';
import { memoryServices, TID, tenantRecord } from './fixtures.js';

let s: Services;
beforeAll(async () => {
  s = await memoryServices();
  await s.stores.directory.putTenant(tenantRecord());
});
afterAll(() => s.stores.close());

async function appToken(over: Record<string, unknown> = {}, lifetime = 3599): Promise<string> {
  const key = await keyRingFor(s).active(TID);
  const iat = s.clock.nowSeconds();
  const claims = { ...appAccessClaims({ tenantId: TID, client: { appId: 'app-1', displayName: 'App' }, clientSp: { id: 'sp-1' }, appidacr: '1', resource: GRAPH_RESOURCE, roles: ['Calendars.Read'], iat, exp: iat + lifetime }), ...over };
  return signJwt(key.accessTokenHeader, claims, key.privateKey);
}

describe('createAccessTokenVerifier', () => {
  it('verifies a Graph token and answers what Graph needs', async () => {
    const v = createAccessTokenVerifier(s).verify(await appToken());
    expect(v).toMatchObject({ ok: true, tenantId: TID, appId: 'app-1', oid: 'sp-1', idtyp: 'app', roles: ['Calendars.Read'], scopes: [], audience: 'https://graph.microsoft.com' });
  });

  it('serves a token it has seen from its cache (same object, no second verification)', async () => {
    const verifier = createAccessTokenVerifier(s);
    const t = await appToken();
    expect(verifier.verify(t)).toBe(verifier.verify(t));
  });

  it('refuses a token past exp on the emulated clock (5 minutes of skew), even from the cache', async () => {
    const verifier = createAccessTokenVerifier(s);
    const t = await appToken({}, 600);
    expect(verifier.verify(t).ok).toBe(true);
    s.clock.advance(600_000 + 299_000);
    expect(verifier.verify(t).ok).toBe(true);
    s.clock.advance(2_000);
    expect(verifier.verify(t)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it.each([
    ['another audience', { aud: 'api://other' }, 'invalid_audience'],
    ['another issuer', { iss: 'https://sts.windows.net/evil/' }, 'invalid_issuer'],
    ['an unknown tenant (no key)', { tid: '00000000-0000-4000-8000-000000000000' }, 'unknown_key'],
  ])('refuses %s', async (_what, over, reason) => {
    expect(createAccessTokenVerifier(s).verify(await appToken(over))).toMatchObject({ ok: false, reason });
  });

  it('refuses a tampered token and garbage', async () => {
    const t = await appToken();
    const [h, p, sig] = t.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), roles: ['Directory.ReadWrite.All'] })).toString('base64url')}.${sig}`;
    const v = createAccessTokenVerifier(s);
    expect(v.verify(forged)).toMatchObject({ ok: false, reason: 'invalid_signature' });
    expect(v.verify('not-a-token')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(v.verify(`${h}.e30.`)).toMatchObject({ ok: false });
  });

  it('keeps verifying tokens signed before a key rotation; new tokens use the new key', async () => {
    const before = await appToken();
    const rotated = await keyRingFor(s).rotate(TID);
    const after = await appToken();
    const v = createAccessTokenVerifier(s);
    expect(v.verify(before).ok).toBe(true);
    expect(v.verify(after).ok).toBe(true);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated.active);
    const jwks = await keyRingFor(s).jwks(TID);
    expect(jwks.keys.map((k) => k.kid)).toEqual([rotated.active, ...rotated.previous]);
  });
});
