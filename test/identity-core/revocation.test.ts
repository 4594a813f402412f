import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '../../src/identity/verify-access-token.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { aadsts, plantCode, postToken } from './token-client.js';
import { APPS, decodeJwt, identityTenantYaml, makeCertificate, PASSWORD, TID } from './tenant.js';

// permission-semantics §1.7 and §2.4: what revoking does to the next token request, while access
// tokens already issued keep working until `exp`; refresh-token lifetimes on the emulated clock.

let tb: TestTenantbox;
beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: identityTenantYaml(await makeCertificate(), await makeCertificate('x', new Date(Date.now() - 3600_000))) });
});
afterAll(async () => {
  await tb?.cleanup();
});

const verifier = () => createAccessTokenVerifier({ stores: tb.stores, clock: tb.clock });
const signIn = (upn = 'megan@contoso.test', scope = 'User.Read Calendars.ReadWrite offline_access openid profile') =>
  postToken(tb, TID, { grant_type: 'password', client_id: APPS.roomDisplay, username: upn, password: PASSWORD, scope });
const refresh = (refresh_token: string, scope?: string, headers: Record<string, string> = {}) =>
  postToken(tb, TID, { grant_type: 'refresh_token', client_id: APPS.roomDisplay, refresh_token, ...(scope ? { scope } : {}) }, { headers });

describe('refresh tokens', () => {
  it('rotate on each use; the old one stays valid (as Entra); any consented resource works', async () => {
    const first = await signIn();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await refresh(first.body.refresh_token, 'User.Read offline_access');
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await refresh(first.body.refresh_token, 'User.Read')).status).toBe(200);
    // The token's scp is everything granted on Graph, not just what was named (§1.5.5).
    expect(decodeJwt(second.body.access_token).scp.split(' ')).toEqual(expect.arrayContaining(['User.Read', 'Calendars.ReadWrite']));
  });

  it('refused for another client (70000)', async () => {
    const first = await signIn();
    const other = await postToken(tb, TID, { grant_type: 'refresh_token', client_id: APPS.tablet, refresh_token: first.body.refresh_token, scope: 'User.Read' });
    expect([other.status, aadsts(other)]).toEqual([400, 70000]);
  });

  it('slide: 90 days of inactivity expire them (700082), each use resets the window', async () => {
    const first = await signIn();
    await tb.admin('POST', '/clock', { advance: '80d' });
    const used = await refresh(first.body.refresh_token, 'User.Read offline_access');
    expect(used.status).toBe(200);
    await tb.admin('POST', '/clock', { advance: '80d' });
    expect((await refresh(used.body.refresh_token, 'User.Read')).status).toBe(200);
    await tb.admin('POST', '/clock', { advance: '91d' });
    const expired = await refresh(used.body.refresh_token, 'User.Read');
    expect([expired.status, expired.body.error, aadsts(expired)]).toEqual([400, 'invalid_grant', 700082]);
  });

  it('SPA: a fixed 24 h from sign-in that derived tokens keep (700084); redeemed cross-origin only', async () => {
    const megan = (await tb.stores.directory.getUser(TID, 'megan@contoso.test'))!.id;
    const code = await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: { spa: true } });
    const origin = { origin: 'http://localhost:3000' };
    const signedIn = await postToken(tb, TID, { grant_type: 'authorization_code', client_id: APPS.roomDisplay, code, redirect_uri: 'http://localhost:3000/auth', scope: 'User.Read offline_access' }, { headers: origin });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.refresh_token_expires_in).toBeGreaterThan(86_000);
    expect(aadsts(await refresh(signedIn.body.refresh_token, 'User.Read'))).toBe(9002327);
    await tb.admin('POST', '/clock', { advance: '20h' });
    const derived = await refresh(signedIn.body.refresh_token, 'User.Read offline_access', origin);
    expect(derived.status).toBe(200);
    expect(derived.body.refresh_token_expires_in).toBeLessThan(5 * 3600);
    await tb.admin('POST', '/clock', { advance: '5h' });
    const late = await refresh(derived.body.refresh_token, 'User.Read', origin);
    expect([late.status, aadsts(late)]).toEqual([400, 700084]);
  });
});

describe('revocation', () => {
  it('revoke-sessions: refresh tokens issued before are refused (50173); the access token lives on; a new sign-in works', async () => {
    const before = await signIn('adele@contoso.test');
    const at = before.body.access_token;
    await tb.admin('POST', `/tenants/${TID}/users/adele@contoso.test/revoke-sessions`);
    const r = await refresh(before.body.refresh_token, 'User.Read');
    expect([r.status, r.body.error, aadsts(r)]).toEqual([400, 'invalid_grant', 50173]);
    expect(verifier().verify(at).ok).toBe(true);
    await tb.admin('POST', '/clock', { advance: '1s' });
    const again = await signIn('adele@contoso.test');
    expect((await refresh(again.body.refresh_token, 'User.Read')).status).toBe(200);
  });

  it('removing a delegated scope: refreshes drop it; naming it again is 65001 consent_required', async () => {
    const s = await signIn();
    expect(decodeJwt(s.body.access_token).scp).toContain('Calendars.ReadWrite');
    const { revoked } = await tb.admin('DELETE', `/tenants/${TID}/consents?app=${APPS.roomDisplay}&organization=true&scopes=Calendars.ReadWrite`);
    expect(revoked).toHaveLength(1);
    try {
      const dropped = await refresh(s.body.refresh_token);
      expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
      expect(decodeJwt(dropped.body.access_token).scp.split(' ')).not.toContain('Calendars.ReadWrite');
      const named = await refresh(s.body.refresh_token, 'Calendars.ReadWrite offline_access');
      expect([named.status, named.body.error, named.body.suberror, aadsts(named)]).toEqual([400, 'invalid_grant', 'consent_required', 65001]);
      expect(verifier().verify(s.body.access_token).ok).toBe(true);
    } finally {
      await tb.admin('POST', `/tenants/${TID}/consents`, { app: APPS.roomDisplay, organization: true, scopes: ['Calendars.ReadWrite'] });
    }
  });

  it('deleting an app role assignment: the next client-credentials token lacks the role', async () => {
    const cc = () => postToken(tb, TID, { grant_type: 'client_credentials', client_id: APPS.daemon, client_secret: 'daemon-secret', scope: 'https://graph.microsoft.com/.default' });
    expect(decodeJwt((await cc()).body.access_token).roles).toContain('User.Read.All');
    const { appRoleAssignments } = await tb.admin('GET', `/tenants/${TID}/consents?app=${APPS.daemon}`);
    const userReadAll = appRoleAssignments.find((a: { appRoleValue: string }) => a.appRoleValue === 'User.Read.All');
    await tb.admin('DELETE', `/tenants/${TID}/consents/${userReadAll.id}`);
    expect(decodeJwt((await cc()).body.access_token).roles).toEqual(['Calendars.Read']);
  });

  it('a multi-tenant app gets a service principal in a second tenant by admin consent there', async () => {
    const cc = () => postToken(tb, TID, { grant_type: 'client_credentials', client_id: APPS.saas, client_secret: 'saas-secret', scope: 'https://graph.microsoft.com/.default' });
    expect(aadsts(await cc())).toBe(700016);
    await tb.admin('POST', `/tenants/${TID}/consents`, { app: APPS.saas, organization: true, scopes: '.default' });
    const ok = await cc();
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(decodeJwt(ok.body.access_token)).toMatchObject({ tid: TID, appid: APPS.saas, roles: ['User.Read.All'] });
  });

  it('consent granted through the admin API lets an unconsented app sign a user in', async () => {
    const ropc = () => postToken(tb, TID, { grant_type: 'password', client_id: APPS.unconsented, username: 'megan@contoso.test', password: PASSWORD, scope: 'User.Read openid' });
    expect(aadsts(await ropc())).toBe(65001);
    await tb.admin('POST', `/tenants/${TID}/consents`, { app: APPS.unconsented, user: 'megan@contoso.test', scopes: ['User.Read', 'openid'] });
    expect((await ropc()).status).toBe(200);
    const { oauth2PermissionGrants } = await tb.admin('GET', `/tenants/${TID}/consents?app=${APPS.unconsented}`);
    expect(oauth2PermissionGrants).toEqual([expect.objectContaining({ consentType: 'Principal', principalUserPrincipalName: 'megan@contoso.test', scope: 'User.Read openid' })]);
  });

  it('key rotation: the previous key stays in JWKS and tokens signed with it still verify', async () => {
    const before = await signIn();
    const rotated = await tb.admin('POST', `/tenants/${TID}/keys/rotate`);
    const jwks = await (await tb.fetch(`/${TID}/discovery/v2.0/keys`)).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([rotated.active, ...rotated.previous]));
    const after = await signIn();
    expect(JSON.parse(Buffer.from(after.body.access_token.split('.')[0], 'base64url').toString()).kid).toBe(rotated.active);
    expect(verifier().verify(before.body.access_token).ok).toBe(true);
    expect(verifier().verify(after.body.access_token).ok).toBe(true);
  });
});
