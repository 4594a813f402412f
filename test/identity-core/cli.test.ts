import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consent } from '../../src/cli/commands/consent.js';
import { user } from '../../src/cli/commands/user.js';
import { startTestTenantbox, type TestTenantbox } from '../harness/tenantbox.js';
import { postToken, aadsts } from './token-client.js';
import { APPS, identityTenantYaml, makeCertificate, PASSWORD, TID } from './tenant.js';

// `tenantbox consent grant|revoke|list` and `tenantbox user revoke-sessions`, talking to a running
// tenantbox through the admin API exactly as the CLI does (the command functions, called in-process).

let tb: TestTenantbox;
beforeAll(async () => {
  tb = await startTestTenantbox({ yaml: identityTenantYaml(await makeCertificate(), await makeCertificate('x', new Date(Date.now() - 3600_000))) });
});
afterAll(async () => {
  await tb?.cleanup();
});

async function cli(fn: (argv: string[]) => Promise<number>, ...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    const code = await fn([...argv, '--data-dir', tb.dataDir, '--tenant', 'contoso.test']);
    return { code, out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

const ropc = () => postToken(tb, TID, { grant_type: 'password', client_id: APPS.unconsented, username: 'megan@contoso.test', password: PASSWORD, scope: 'User.Read offline_access' });

describe('tenantbox consent', () => {
  it('grant → list → revoke, with the token endpoint following along', async () => {
    expect(aadsts(await ropc())).toBe(65001);
    const granted = await cli(consent, 'grant', '--app', 'Unconsented', '--user', 'megan@contoso.test', '--scopes', 'User.Read offline_access');
    expect(granted.code).toBe(0);
    expect(granted.out).toMatch(/delegated\s+Unconsented\s+megan@contoso.test\s+User.Read offline_access/);
    const signedIn = await ropc();
    expect(signedIn.status).toBe(200);

    const listed = await cli(consent, 'list', '--app', APPS.unconsented, '--json');
    const grants = JSON.parse(listed.out).oauth2PermissionGrants;
    expect(grants).toHaveLength(1);

    const revoked = await cli(consent, 'revoke', '--app', 'Unconsented', '--user', 'megan@contoso.test');
    expect(revoked.out).toContain(grants[0].id);
    expect(aadsts(await ropc())).toBe(65001);
    const refreshed = await postToken(tb, TID, { grant_type: 'refresh_token', client_id: APPS.unconsented, refresh_token: signedIn.body.refresh_token, scope: 'User.Read' });
    expect(aadsts(refreshed)).toBe(65001);
  });

  it('application permissions for the organization, and usage errors', async () => {
    const r = await cli(consent, 'grant', '--app', 'No Roles Daemon', '--organization', '--roles', 'Calendars.Read');
    expect(r.out).toMatch(/application\s+No Roles Daemon\s+organization\s+Calendars.Read on Microsoft Graph/);
    await expect(cli(consent, 'grant', '--app', 'Daemon')).rejects.toMatchObject({ exitCode: 2 });
    await expect(cli(consent, 'frobnicate')).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('tenantbox user revoke-sessions', () => {
  it('refresh tokens issued before are refused with AADSTS50173', async () => {
    const s = await postToken(tb, TID, { grant_type: 'password', client_id: APPS.roomDisplay, username: 'adele@contoso.test', password: PASSWORD, scope: 'User.Read offline_access' });
    const r = await cli(user, 'revoke-sessions', 'adele@contoso.test');
    expect(r.code).toBe(0);
    expect(r.out).toContain('adele@contoso.test');
    const refreshed = await postToken(tb, TID, { grant_type: 'refresh_token', client_id: APPS.roomDisplay, refresh_token: s.body.refresh_token, scope: 'User.Read' });
    expect(aadsts(refreshed)).toBe(50173);
  });
});
