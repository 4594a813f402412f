import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { APPS, decodeHeader, decodeJwt, identityTenantYaml, makeCertificate, MIDDLE_URI, PASSWORD, TID, type TestCertificate } from './tenant.js';

// Unmodified @azure/msal-node 7 against tenantbox, configured the documented way for a local
// authority: knownAuthorities + authorityMetadata (client-compat §1.2), so MSAL never looks for
// Microsoft. Intercept mode (the real Microsoft URLs through HTTPS_PROXY) is in intercept.test.ts.

let tb: TestTenantbox;
let cert: TestCertificate;

beforeAll(async () => {
  cert = await makeCertificate();
  const expired = await makeCertificate('expired.contoso.test', new Date(Date.now() - 3600_000));
  tb = await startTestTenantbox({ yaml: identityTenantYaml(cert, expired) });
});
afterAll(async () => {
  await tb?.cleanup();
});

const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

describe('client credentials', () => {
  it('with a client secret: an app-only Graph token with every granted role, then the cache', async () => {
    const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId: APPS.daemon, clientSecret: 'daemon-secret' }));
    const first = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    expect(first?.tokenType).toBe('Bearer');
    const claims = decodeJwt(first!.accessToken);
    expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${TID}/`, tid: TID, appid: APPS.daemon, appidacr: '1', idtyp: 'app', ver: '1.0' });
    expect([...claims.roles].sort()).toEqual(['Calendars.Read', 'User.Read.All']);
    expect(claims.sub).toBe(claims.oid);
    expect(claims.scp).toBeUndefined();
    const header = decodeHeader(first!.accessToken);
    expect(header).toMatchObject({ typ: 'JWT', alg: 'RS256' });
    expect(header.kid).toBe(header.x5t);
    const again = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    expect(again!.accessToken).toBe(first!.accessToken);
    expect(again!.fromCache).toBe(true);
  });

  it('with a certificate (PS256, x5t#S256): appidacr 2', async () => {
    const cca = new ConfidentialClientApplication(
      msalConfigFor(tb, { appId: APPS.certDaemon, clientCertificate: { thumbprintSha256: cert.thumbprintSha256Hex, privateKey: cert.privateKeyPem, x5c: cert.pem } }),
    );
    const r = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    expect(decodeJwt(r!.accessToken)).toMatchObject({ appid: APPS.certDaemon, appidacr: '2', roles: ['Place.Read.All'] });
  });

  it('with a certificate by its legacy SHA-1 thumbprint (RS256, x5t)', async () => {
    const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId: APPS.certDaemon, clientCertificate: { thumbprint: cert.thumbprintSha1Hex, privateKey: cert.privateKeyPem } }));
    const r = await cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    expect(decodeJwt(r!.accessToken).appidacr).toBe('2');
  });

  it('a wrong secret surfaces in MSAL as invalid_client AADSTS7000215', async () => {
    const cca = new ConfidentialClientApplication(msalConfigFor(tb, { appId: APPS.daemon, clientSecret: 'nope' }));
    await expect(cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT })).rejects.toMatchObject({ errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS7000215') });
  });
});

describe('username and password (ROPC)', () => {
  it('signs in, with an ID token, client_info and a refresh token', async () => {
    const pca = new PublicClientApplication(msalConfigFor(tb, { appId: APPS.roomDisplay }));
    const r = await pca.acquireTokenByUsernamePassword({ scopes: ['User.Read', 'Calendars.ReadWrite'], username: 'megan@contoso.test', password: PASSWORD });
    const at = decodeJwt(r!.accessToken);
    expect(at).toMatchObject({ aud: 'https://graph.microsoft.com', appid: APPS.roomDisplay, appidacr: '0', idtyp: 'user', upn: 'megan@contoso.test', name: 'Megan Bowen', tid: TID, ver: '1.0' });
    expect(at.scp.split(' ')).toEqual(expect.arrayContaining(['User.Read', 'Calendars.ReadWrite']));
    expect(r!.account?.homeAccountId).toBe(`${at.oid}.${TID}`);
    expect(r!.account?.username).toBe('megan@contoso.test');
    expect(r!.idTokenClaims).toMatchObject({ aud: APPS.roomDisplay, iss: `${tb.url}/${TID}/v2.0`, oid: at.oid, tid: TID, preferred_username: 'megan@contoso.test', ver: '2.0' });
    expect((r!.idTokenClaims as { nonce?: string }).nonce).toBeUndefined();
    const cache = JSON.parse(pca.getTokenCache().serialize());
    expect(Object.keys(cache.RefreshToken)).toHaveLength(1);
  });

  it('a room mailbox signs in as itself (the tablet model)', async () => {
    const pca = new PublicClientApplication(msalConfigFor(tb, { appId: APPS.roomDisplay }));
    const r = await pca.acquireTokenByUsernamePassword({ scopes: ['Calendars.ReadWrite'], username: 'orion@contoso.test', password: PASSWORD });
    expect(decodeJwt(r!.accessToken).upn).toBe('orion@contoso.test');
  });

  it('acquireTokenSilent refreshes once the access token has expired on the emulated clock', async () => {
    const pca = new PublicClientApplication(msalConfigFor(tb, { appId: APPS.roomDisplay }));
    const first = await pca.acquireTokenByUsernamePassword({ scopes: ['User.Read'], username: 'megan@contoso.test', password: PASSWORD });
    const account = first!.account!;
    const cached = await pca.acquireTokenSilent({ account, scopes: ['User.Read'] });
    expect(cached.accessToken).toBe(first!.accessToken);

    // tenantbox's clock moves through the admin API; MSAL reads Date, so move that too (tenantbox
    // runs in this process, so it sees both: 2 h + 2 h, still well inside the refresh token's life).
    await tb.admin('POST', '/clock', { advance: '2h' });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3600_000 });
    try {
      const refreshed = await pca.acquireTokenSilent({ account, scopes: ['User.Read'] });
      expect(refreshed.fromCache).toBe(false);
      expect(refreshed.accessToken).not.toBe(first!.accessToken);
      const before = decodeJwt(first!.accessToken);
      const after = decodeJwt(refreshed.accessToken);
      expect(after.iat).toBeGreaterThan(before.exp);
      expect(after.oid).toBe(before.oid);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('on-behalf-of', () => {
  it('the tablet gets a token for the middle tier, which trades it for Graph', async () => {
    const tablet = new PublicClientApplication(msalConfigFor(tb, { appId: APPS.tablet }));
    const forApi = await tablet.acquireTokenByUsernamePassword({ scopes: [`${MIDDLE_URI}/access_as_user`], username: 'megan@contoso.test', password: PASSWORD });
    const apiToken = decodeJwt(forApi!.accessToken);
    expect(apiToken).toMatchObject({ aud: MIDDLE_URI, appid: APPS.tablet, scp: 'access_as_user' });

    const middle = new ConfidentialClientApplication(msalConfigFor(tb, { appId: APPS.middleTier, clientSecret: 'middle-secret' }));
    const graph = await middle.acquireTokenOnBehalfOf({ oboAssertion: forApi!.accessToken, scopes: GRAPH_DEFAULT });
    const g = decodeJwt(graph!.accessToken);
    expect(g).toMatchObject({ aud: 'https://graph.microsoft.com', appid: APPS.middleTier, appidacr: '1', oid: apiToken.oid, upn: 'megan@contoso.test', idtyp: 'user' });
    expect(g.scp.split(' ')).toEqual(expect.arrayContaining(['User.Read', 'Calendars.Read']));
  });

  it('an app-only token cannot be exchanged', async () => {
    const daemon = new ConfidentialClientApplication(msalConfigFor(tb, { appId: APPS.daemon, clientSecret: 'daemon-secret' }));
    const appOnly = await daemon.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    const middle = new ConfidentialClientApplication(msalConfigFor(tb, { appId: APPS.middleTier, clientSecret: 'middle-secret' }));
    await expect(middle.acquireTokenOnBehalfOf({ oboAssertion: appOnly!.accessToken, scopes: GRAPH_DEFAULT })).rejects.toMatchObject({ errorCode: 'invalid_grant', errorMessage: expect.stringContaining('AADSTS50013') });
  });
});
