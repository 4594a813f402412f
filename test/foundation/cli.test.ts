import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TENANT_FILE, newDataDir } from '../harness/tenantbox.js';
import { httpsGet } from '../harness/https-get.js';

// The CLI as a user runs it: the built bin in a child process.
const BIN = new URL('../../bin/tenantbox.js', import.meta.url).pathname;
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

async function up(dataDir: string, extra: string[] = []) {
  const child = spawn(process.execPath, [BIN, 'up', '--json', '--port', '0', '--data-dir', dataDir, '--tenant-file', EXAMPLE_TENANT_FILE, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`tenantbox up exited ${code}: ${stderr}`)));
  });
  const extraLines: string[] = [];
  lines.on('line', (l) => extraLines.push(l));
  return { child, ready: JSON.parse(first), extraLines };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('tenantbox CLI', () => {
  it('up --json prints exactly one JSON line once ready; env and status find it; SIGTERM stops it', async () => {
    const dataDir = newDataDir();
    dirs.push(dataDir);
    const { child, ready, extraLines } = await up(dataDir);
    try {
      expect(Object.keys(ready)).toEqual(expect.arrayContaining(['url', 'proxyUrl', 'caCertPath', 'dataDir', 'tenants']));
      expect(ready.tenants[0]).toMatchObject({ domain: 'contoso.test', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const res = await httpsGet(`${ready.url}/${ready.tenants[0].id}/v2.0/.well-known/openid-configuration`, readFileSync(ready.caCertPath));
      expect(res.status).toBe(200);

      const env = run(['env', '--data-dir', dataDir]);
      expect(env.status).toBe(0);
      expect(env.stdout).toContain(`export NODE_EXTRA_CA_CERTS=${ready.caCertPath}`);
      expect(env.stdout).toContain(`export HTTPS_PROXY=${ready.proxyUrl}`);
      expect(env.stdout).toContain(`export TENANTBOX_URL=${ready.url}`);

      const status = run(['status', '--json', '--data-dir', dataDir]);
      expect(status.status).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ running: true, url: ready.url });

      const second = run(['up', '--json', '--port', '0', '--data-dir', dataDir, '--tenant-file', EXAMPLE_TENANT_FILE]);
      expect(second.status).toBe(5);
      expect(second.stderr).toContain('already running');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(extraLines).toEqual([]);
    const after = run(['status', '--data-dir', dataDir]);
    expect(after.status).toBe(4);
    expect(after.stderr).toContain('not running');
  });

  it('a bad tenant file gets one message per problem with file:line, and nothing starts (exit 3)', () => {
    const dataDir = newDataDir();
    dirs.push(dataDir);
    const file = join(dataDir, 'bad.yaml');
    writeFileSync(file, ['tenant:', '  domain: contoso.test', '  displayName: Contoso', 'users:', '  - { upn: adele@contoso.test, displayName: Adele, roles: [Supreme Leader] }', '  - { upn: megan@contoso.test, dispayName: Megan }', ''].join('\n'));
    const r = run(['up', '--json', '--port', '0', '--data-dir', dataDir, '--tenant-file', file]);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.yaml:5:.*users\[0\]\.roles/);
    expect(r.stderr).toMatch(/bad\.yaml:6:.*users\[1\]/);
  });

  it('--help works for every command, and usage errors exit 2', () => {
    const main = run(['--help']);
    expect(main.status).toBe(0);
    for (const cmd of ['up', 'env', 'status', 'reset']) {
      expect(main.stdout).toContain(cmd);
      const h = run([cmd, '--help']);
      expect(h.status, cmd).toBe(0);
      expect(h.stdout).toContain(`Usage: tenantbox ${cmd}`);
    }
    expect(run(['frobnicate']).status).toBe(2);
    const badFlag = run(['up', '--colour']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain('tenantbox up --help');
    expect(run(['up', '--port', 'eighty']).status).toBe(2);
  });

  it('reset works on a stopped data dir', async () => {
    const dataDir = newDataDir();
    dirs.push(dataDir);
    const { child, ready } = await up(dataDir);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const r = run(['reset', '--data-dir', dataDir]);
    expect(r.status, r.stderr).toBe(0);
    const again = await up(dataDir);
    try {
      expect(again.ready.tenants[0].id).toBe(ready.tenants[0].id);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((res) => again.child.once('exit', res));
    }
  });

  it('SIGKILL during writes loses nothing that was acknowledged', async () => {
    const dataDir = newDataDir();
    dirs.push(dataDir);
    const { child, ready } = await up(dataDir);
    const key = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
    const ca = readFileSync(ready.caCertPath);
    const { adminRequest } = await import('../../src/cli/admin-client.js');
    const snap: any = await adminRequest(ready.url, ca, key, 'GET', '/tenants/contoso.test/export');
    const template = snap.users[0];
    const empty = { groups: [], applications: [], servicePrincipals: [], oauth2PermissionGrants: [], appRoleAssignments: [], mailboxPermissions: [], applicationAccessPolicies: [], teamsAccessPolicies: [], calendars: [], events: [] };
    const acknowledged: string[] = [];
    let killed = false;
    // Writers run concurrently; the kill lands while requests are in flight.
    const writer = async (w: number) => {
      for (let i = 0; !killed && i < 400; i++) {
        const id = crypto.randomUUID();
        const u = { ...template, id, userPrincipalName: `w${w}-${i}@contoso.test`, mail: null };
        try {
          await adminRequest(ready.url, ca, key, 'POST', '/tenants/import', { ...snap, ...empty, users: [u] });
          acknowledged.push(id);
        } catch {
          return; // the process died under this request: not acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    await new Promise((r) => child.once('exit', r));
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    const again = await up(dataDir);
    try {
      const key2 = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
      const after: any = await adminRequest(again.ready.url, readFileSync(again.ready.caCertPath), key2, 'GET', '/tenants/contoso.test/export');
      const ids = new Set(after.users.map((u: { id: string }) => u.id));
      const lost = acknowledged.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((res) => again.child.once('exit', res));
    }
  });
});
