import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureLocalCa } from './local-ca.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tenantbox-ca-')), 'data');
});
afterEach(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

describe('ensureLocalCa', () => {
  it('creates the CA in <dataDir>/tls with a private key only the owner can read', async () => {
    const ca = await ensureLocalCa(dataDir);
    expect(ca.certPath).toBe(path.join(dataDir, 'tls', 'ca.pem'));
    expect(await readFile(ca.certPath, 'utf8')).toBe(ca.certPem);
    expect(await readFile(path.join(dataDir, 'tls', 'ca-key.pem'), 'utf8')).toBe(ca.keyPem);
    expect((await stat(path.join(dataDir, 'tls', 'ca-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(ca.certPath)).mode & 0o777).toBe(0o644);
    expect((await stat(path.join(dataDir, 'tls'))).mode & 0o777).toBe(0o700);
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toMatch(/CN=tenantbox local CA/);
    expect(cert.checkIssued(cert)).toBe(true);
  });

  it('reuses the same CA on later starts', async () => {
    const first = await ensureLocalCa(dataDir);
    const second = await ensureLocalCa(dataDir);
    expect(second.certPem).toBe(first.certPem);
    expect(second.keyPem).toBe(first.keyPem);
    // A leaf from the reopened CA verifies against the ca.pem written on the first start.
    const leaf = new X509Certificate((await second.issueLeaf(['localhost'])).certPem);
    expect(leaf.verify(new X509Certificate(first.certPem).publicKey)).toBe(true);
  });

  it('tightens a key file that lost its 0600 mode', async () => {
    await ensureLocalCa(dataDir);
    const keyPath = path.join(dataDir, 'tls', 'ca-key.pem');
    await chmod(keyPath, 0o644);
    await ensureLocalCa(dataDir);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
  });

  it('refuses a half-present CA instead of silently replacing it', async () => {
    const ca = await ensureLocalCa(dataDir);
    await unlink(path.join(dataDir, 'tls', 'ca-key.pem'));
    await expect(ensureLocalCa(dataDir)).rejects.toThrow(/incomplete.*Delete that folder/);
    expect(await readFile(ca.certPath, 'utf8')).toBe(ca.certPem);
  });

  it('issues server leaves with the SANs, EKU and issuer Node clients check', async () => {
    const ca = await ensureLocalCa(dataDir);
    const { certPem, keyPem } = await ca.issueLeaf(['localhost', '127.0.0.1', '::1', 'Graph.Microsoft.com.']);
    const leaf = new X509Certificate(certPem);
    const caCert = new X509Certificate(ca.certPem);
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:graph.microsoft.com');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkHost('graph.microsoft.com')).toBe('graph.microsoft.com');
    expect(leaf.checkHost('example.com')).toBeUndefined();
    expect(new Date(leaf.validTo).getTime()).toBeLessThanOrEqual(new Date(caCert.validTo).getTime());
    const { createPrivateKey } = await import('node:crypto');
    expect(leaf.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
  });

  it('rejects names that are neither host names nor IP addresses', async () => {
    const ca = await ensureLocalCa(dataDir);
    await expect(ca.issueLeaf(['bad name'])).rejects.toThrow(/not a host name or IP address/);
    await expect(ca.issueLeaf([])).rejects.toThrow(/at least one/);
  });
});
