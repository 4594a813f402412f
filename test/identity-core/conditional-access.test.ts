import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfidentialClientApplication, InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyId } from '../../src/identity/conditional-access/policies.js';
import { TenantFileError } from '../../src/tenant-file/errors.js';
import { parseTenantFile } from '../../src/tenant-file/load.js';
import { msalConfigFor } from '../../src/testing/msal-config.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { aadsts, plantCode, postToken } from './token-client.js';
import { APPS, decodeJwt, identityTenantYaml, makeCertificate, MIDDLE_URI, PASSWORD, TID } from './tenant.js';

// Conditional Access against unmodified msal-node 7: what a grant without UI answers when a policy
// asks for MFA (interaction_required, AADSTS50076 / 50079, suberror basic_action, a capolids claims
// challenge) or blocks (AADSTS53003, suberror message_only); who is left alone (excluded users and
// apps, disabled and report-only policies). The interactive MFA step is in test/identity-browser.

const CA = `
conditionalAccess:
  - name: Block the blocked user
    users: { include: [blocked@contoso.test] }
    apps: { include: [all] }
    grant: block
  - name: MFA for Room Display
    users: { include: [all], exclude: [adele@contoso.test] }
    apps: { include: [Room Display] }
    grant: mfa
  - name: MFA for Megan except on the tablet
    users: { include: [megan@contoso.test] }
    apps: { include: [all], exclude: [Tablet] }
    grant: mfa
  - name: Report-only block of the tablet
    state: reportOnly
    users: { include: [all] }
    apps: { include: [Tablet] }
    grant: block
  - name: Disabled block of the tablet
    state: disabled
    users: { include: [all] }
    apps: { include: [Tablet] }
    grant: block
`;

let tb: TestTenantbox;

beforeAll(async () => {
  const cert = await makeCertificate();
  const expired = await makeCertificate('expired.contoso.test', new Date(Date.now() - 3600_000));
  const base = identityTenantYaml(cert, expired)
    .replace(
      '  - { upn: ian@contoso.test',
      `  - { upn: blocked@contoso.test, displayName: Blocked User, password: "${PASSWORD}" }\n  - { upn: nomfa@contoso.test, displayName: No Method, password: "${PASSWORD}", mfaRegistered: false }\n  - { upn: ian@contoso.test`,
    )
    .replace('\n---\n', `${CA}---\n`);
  tb = await startTestTenantbox({ yaml: base });
});
afterAll(async () => {
  await tb?.cleanup();
});

const roomDisplay = () => new PublicClientApplication(msalConfigFor(tb, { appId: APPS.roomDisplay }));
const ropc = (pca: PublicClientApplication, username: string, scopes = ['User.Read']) => pca.acquireTokenByUsernamePassword({ scopes, username, password: PASSWORD });
const claimsFor = (...names: string[]) => JSON.stringify({ access_token: { capolids: { essential: true, values: names.map((n) => policyId(TID, n)) } } });

describe('MFA required, grant without UI', () => {
  it('ROPC: InteractionRequiredAuthError, interaction_required AADSTS50076, basic_action, claims', async () => {
    const err = await ropc(roomDisplay(), 'megan@contoso.test').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err).toMatchObject({ errorCode: 'interaction_required', subError: 'basic_action', errorNo: 50076, errorMessage: expect.stringContaining('AADSTS50076: ') });
    expect(JSON.parse((err as InteractionRequiredAuthError).claims)).toEqual(JSON.parse(claimsFor('MFA for Room Display', 'MFA for Megan except on the tablet')));
  });

  it('a user with no method registered: AADSTS50079', async () => {
    const err = await ropc(roomDisplay(), 'nomfa@contoso.test').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err).toMatchObject({ errorCode: 'interaction_required', subError: 'basic_action', errorNo: 50079 });
  });

  it('on-behalf-of: the downstream policy comes back to the middle tier as interaction_required with claims', async () => {
    const tablet = new PublicClientApplication(msalConfigFor(tb, { appId: APPS.tablet }));
    // The tablet is excluded from Megan's policy, so her sign-in to the middle tier gets tokens ...
    const forApi = await ropc(tablet, 'megan@contoso.test', [`${MIDDLE_URI}/access_as_user`]);
    expect(decodeJwt(forApi!.accessToken).amr).toEqual(['pwd']);
    // ... but the middle tier's exchange for Graph is in scope and her token has no MFA.
    const middle = new ConfidentialClientApplication(msalConfigFor(tb, { appId: APPS.middleTier, clientSecret: 'middle-secret' }));
    const err = await middle.acquireTokenOnBehalfOf({ oboAssertion: forApi!.accessToken, scopes: ['https://graph.microsoft.com/.default'] }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err).toMatchObject({ errorCode: 'interaction_required', subError: 'basic_action', errorNo: 50076 });
    expect((err as InteractionRequiredAuthError).claims).toBe(claimsFor('MFA for Megan except on the tablet'));
  });
});

describe('not in scope: tokens', () => {
  it('an excluded user', async () => {
    const r = await ropc(roomDisplay(), 'adele@contoso.test');
    expect(decodeJwt(r!.accessToken)).toMatchObject({ upn: 'adele@contoso.test', amr: ['pwd'] });
  });

  it('an excluded app, with report-only and disabled block policies on it', async () => {
    const tablet = new PublicClientApplication(msalConfigFor(tb, { appId: APPS.tablet }));
    const r = await ropc(tablet, 'megan@contoso.test', [`${MIDDLE_URI}/access_as_user`]);
    expect(decodeJwt(r!.accessToken).upn).toBe('megan@contoso.test');
  });
});

describe('block', () => {
  it('AADSTS53003, interaction_required with suberror message_only, for every app', async () => {
    for (const pca of [roomDisplay(), new PublicClientApplication(msalConfigFor(tb, { appId: APPS.tablet }))]) {
      const err = await ropc(pca, 'blocked@contoso.test', ['User.Read']).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(InteractionRequiredAuthError);
      expect(err).toMatchObject({ errorCode: 'interaction_required', subError: 'message_only', errorNo: 53003, errorMessage: expect.stringContaining('Access has been blocked by Conditional Access policies') });
      expect((err as InteractionRequiredAuthError).claims).toBe('');
    }
  });
});

describe('refresh tokens keep whether their sign-in passed MFA', () => {
  // Codes planted as /authorize writes them: one after the Approve step (mfa), one from a session
  // without it (e.g. signed in before the policy existed; a code redemption does not re-evaluate).
  async function refreshTokenOf(mfa: boolean): Promise<string> {
    const megan = (await tb.stores.directory.getUser(TID, 'megan@contoso.test'))!.id;
    const code = await plantCode(tb, { tenantId: TID, clientId: APPS.roomDisplay, userId: megan, data: { mfa } });
    const r = await postToken(tb, TID, { grant_type: 'authorization_code', client_id: APPS.roomDisplay, code, redirect_uri: 'http://localhost:3000/auth', scope: 'User.Read offline_access' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(decodeJwt(r.body.access_token).amr).toEqual(mfa ? ['pwd', 'mfa'] : ['pwd']);
    return r.body.refresh_token;
  }
  const redeem = (refresh_token: string) => postToken(tb, TID, { grant_type: 'refresh_token', client_id: APPS.roomDisplay, refresh_token, scope: 'User.Read' });

  it('from an MFA session: accepted under the MFA policy, amr still has mfa', async () => {
    const r = await redeem(await refreshTokenOf(true));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(decodeJwt(r.body.access_token)).toMatchObject({ upn: 'megan@contoso.test', amr: ['pwd', 'mfa'] });
    // The rotated refresh token is of the same family: still MFA.
    const again = await redeem(r.body.refresh_token);
    expect(decodeJwt(again.body.access_token).amr).toEqual(['pwd', 'mfa']);
  });

  it('from a session without MFA: interaction_required AADSTS50076 with the claims challenge', async () => {
    const r = await redeem(await refreshTokenOf(false));
    expect([r.status, r.body.error, aadsts(r), r.body.suberror]).toEqual([400, 'interaction_required', 50076, 'basic_action']);
    expect(JSON.parse(r.body.claims)).toEqual(JSON.parse(claimsFor('MFA for Room Display', 'MFA for Megan except on the tablet')));
  });
});

describe('policies come from the store', () => {
  it('editing the tenant file without reset changes nothing, across a restart too', async () => {
    const file = join(tb.dataDir, 'tenant.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      const edited = original.replace(/conditionalAccess:[\s\S]*?---\n/, '---\n');
      expect(edited).not.toContain('Block the blocked user');
      writeFileSync(file, edited);
      tb = await tb.restart();
      expect(tb.tenantFileChanged).toBe(true);
      const err = await ropc(roomDisplay(), 'blocked@contoso.test').then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ errorNo: 53003 });
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('tenant file validation', () => {
  const file = (policy: string) => `tenant: { domain: contoso.test }
users:
  - { upn: megan@contoso.test, displayName: Megan }
groups:
  - { mail: sales@contoso.test, displayName: Sales, members: [megan@contoso.test] }
apps:
  - { displayName: Room Display, publicClient: true }
conditionalAccess:
${policy}`;
  function problems(text: string): string {
    try {
      parseTenantFile(text, 'ca.yaml', { now: new Date('2026-03-28T10:15:00Z') });
    } catch (e) {
      if (e instanceof TenantFileError) return e.message;
      throw e;
    }
    throw new Error('expected the file to be rejected');
  }

  it('accepts users, groups and apps of the tenant, Microsoft Graph and any appId', () => {
    const ok = file(`  - { name: P, users: { include: [megan@contoso.test, sales@contoso.test] }, apps: { include: [Room Display, Microsoft Graph, ${APPS.daemon}] }, grant: mfa }\n`);
    expect(parseTenantFile(ok, 'ca.yaml', { now: new Date('2026-03-28T10:15:00Z') }).tenants[0]!.conditionalAccess).toHaveLength(1);
  });

  it('an unknown user or group: file:line, with a suggestion', () => {
    const msg = problems(file('  - name: P\n    users: { include: [megn@contoso.test] }\n    apps: { include: [all] }\n    grant: mfa\n'));
    expect(msg).toMatch(/ca\.yaml:10:\d+ .*unknown user or group 'megn@contoso\.test'.*did you mean 'megan@contoso\.test'/);
  });

  it('an unknown group in exclude and an unknown app: each at its own line', () => {
    const msg = problems(file('  - name: P\n    users: { include: [all], exclude: [nobody@contoso.test] }\n    apps:\n      include: [Room Dsplay]\n    grant: block\n'));
    expect(msg).toMatch(/ca\.yaml:10:\d+ .*unknown user or group 'nobody@contoso\.test'/);
    expect(msg).toMatch(/ca\.yaml:12:\d+ .*unknown app 'Room Dsplay'.*did you mean 'Room Display'/);
  });
});
