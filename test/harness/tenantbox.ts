import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTenantbox, type StartOptions, type Tenantbox } from '../../src/server.js';

// Starts a real tenantbox on 127.0.0.1:0 in a fresh temp data dir that carries the run's shared
// test CA (see test/global-setup.ts), so fetch, MSAL, the Graph SDKs and googleapis trust it.

export interface TestTenantbox extends Tenantbox {
  /** Calls the admin API; throws with the body on a non-2xx answer. */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  /** fetch relative to tenantbox's URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Restarts on the same data dir (state must survive). */
  restart(): Promise<TestTenantbox>;
  /** Stops and deletes the data dir. */
  cleanup(): Promise<void>;
}

export interface TestStartOptions extends Omit<StartOptions, 'dataDir' | 'tenantFile'> {
  /** An inline tenant file (YAML text). */
  yaml?: string;
  tenantFile?: string;
  dataDir?: string;
}

export function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantbox-test-'));
  const caDir = process.env.TENANTBOX_TEST_CA_DIR;
  if (caDir) {
    mkdirSync(join(dir, 'tls'), { recursive: true, mode: 0o700 });
    copyFileSync(join(caDir, 'tls', 'ca.pem'), join(dir, 'tls', 'ca.pem'));
    copyFileSync(join(caDir, 'tls', 'ca-key.pem'), join(dir, 'tls', 'ca-key.pem'));
  }
  return dir;
}

export async function startTestTenantbox(opts: TestStartOptions = {}): Promise<TestTenantbox> {
  const dataDir = opts.dataDir ?? newDataDir();
  let tenantFile = opts.tenantFile;
  if (opts.yaml !== undefined) {
    tenantFile = join(dataDir, 'tenant.yaml');
    writeFileSync(tenantFile, opts.yaml);
  }
  const tb = await startTenantbox({ ...opts, dataDir, tenantFile, port: opts.port ?? 0 });
  return wrap(tb, { ...opts, dataDir, tenantFile, yaml: undefined });
}

function wrap(tb: Tenantbox, opts: TestStartOptions): TestTenantbox {
  const t = tb as TestTenantbox;
  t.fetch = (path, init) => fetch(new URL(path, tb.url), init);
  t.admin = async (method, path, body) => {
    const res = await fetch(new URL(`/_tenantbox${path}`, tb.url), {
      method,
      headers: { authorization: `Bearer ${tb.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  t.restart = async () => {
    await tb.stop();
    return wrap(await startTenantbox({ ...opts, port: 0 }), opts);
  };
  t.cleanup = async () => {
    await tb.stop();
    rmSync(tb.dataDir, { recursive: true, force: true });
  };
  return t;
}

/** The example tenant file, as written there. */
export const EXAMPLE_TENANT_FILE = new URL('../../examples/minimal.yaml', import.meta.url).pathname;
