import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalCa } from '../src/tls/local-ca.js';

// One local CA for the whole test run, trusted by every test worker through NODE_EXTRA_CA_CERTS
// (Node reads it only at process start, so it must be set before vitest forks its workers).
// Each test's data dir gets a copy of it, so every tenantbox a test starts is trusted.
export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'tenantbox-test-ca-'));
  const ca = await ensureLocalCa(dir);
  process.env.TENANTBOX_TEST_CA_DIR = dir;
  process.env.NODE_EXTRA_CA_CERTS = ca.certPath;
  // Removed only when the run's main process exits: workers that are still shutting down after
  // teardown would otherwise print a warning about the missing CA file.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return () => {};
}
