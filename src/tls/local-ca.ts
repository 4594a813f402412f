// The local certificate authority: created once in <dataDir>/tls and reused on every later start,
// so a ca.pem handed to apps through NODE_EXTRA_CA_CERTS stays valid across restarts.
//
// Keys are ECDSA P-256 (CA and leaves): every Node TLS client accepts them and a leaf costs a
// millisecond to make, so leaves are issued in memory on each start and never written to disk.
import { randomBytes, webcrypto, createPrivateKey, X509Certificate as NodeX509, KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { loadX509 } from './x509.js';

export interface LocalCa {
  certPem: string;
  keyPem: string;
  certPath: string;
  issueLeaf(hosts: string[]): Promise<{ certPem: string; keyPem: string }>;
}

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_MS = 10 * 365 * DAY_MS;
// 397 days is the longest lifetime browsers accept for a server certificate; Node has no limit.
const LEAF_LIFETIME_MS = 397 * DAY_MS;
// Tolerates a client clock that runs a little behind ours.
const BACKDATE_MS = 60 * 60 * 1000;
const DNS_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

export async function ensureLocalCa(dataDir: string): Promise<LocalCa> {
  const dir = path.join(path.resolve(dataDir), 'tls');
  const certPath = path.join(dir, 'ca.pem');
  const keyPath = path.join(dir, 'ca-key.pem');
  await mkdir(dir, { recursive: true, mode: 0o700 });

  let existing = await readPair(certPath, keyPath);
  if (existing === 'partial') {
    // Another tenantbox may be writing the pair right now (key first, then cert): look once more.
    await new Promise((resolve) => setTimeout(resolve, 250));
    existing = await readPair(certPath, keyPath);
  }
  if (existing === 'partial') {
    throw new Error(
      `tenantbox: the local CA in ${dir} is incomplete (one of ca.pem / ca-key.pem is missing). ` +
        `Delete that folder to create a new CA; apps that trust the old ca.pem must then be given the new one.`,
    );
  }
  if (existing === 'none') {
    const created = await createCa();
    try {
      // 'wx' never overwrites: if two processes race on a fresh data dir, one CA wins for both.
      await writeFile(keyPath, created.keyPem, { flag: 'wx', mode: 0o600 });
      await writeFile(certPath, created.certPem, { flag: 'wx', mode: 0o644 });
      // The certificate is public (apps read it through NODE_EXTRA_CA_CERTS), whatever the umask.
      await chmod(certPath, 0o644);
      existing = created;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
      const other = await readPair(certPath, keyPath);
      if (typeof other === 'string') throw new Error(`tenantbox: could not create or read the local CA in ${dir}`);
      existing = other;
    }
  }
  // A key copied around (backups, archives) can lose its mode; it signs certificates every app trusts.
  if (((await stat(keyPath)).mode & 0o077) !== 0) await chmod(keyPath, 0o600);
  return openCa(existing, certPath, keyPath);
}

async function readPair(certPath: string, keyPath: string): Promise<{ certPem: string; keyPem: string } | 'none' | 'partial'> {
  const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  if (certPem === undefined && keyPem === undefined) return 'none';
  if (certPem === undefined || keyPem === undefined) return 'partial';
  return { certPem, keyPem };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function createCa(): Promise<{ certPem: string; keyPem: string }> {
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
  const now = Date.now();
  // A short random tag tells two tenantbox CAs apart in a trust store or an error message.
  const tag = randomBytes(4).toString('hex');
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=tenantbox local CA ${tag}, O=tenantbox`,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + CA_LIFETIME_MS),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: exportPkcs8(keys.privateKey) };
}

async function openCa(pair: { certPem: string; keyPem: string }, certPath: string, keyPath: string): Promise<LocalCa> {
  const x509 = await loadX509();
  const nodeCert = new NodeX509(pair.certPem);
  const keyObject = createPrivateKey(pair.keyPem);
  if (keyObject.asymmetricKeyType !== 'ec' || keyObject.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`tenantbox: ${keyPath} is not an ECDSA P-256 key; delete ${path.dirname(keyPath)} to create a new local CA`);
  }
  if (!nodeCert.checkPrivateKey(keyObject)) {
    throw new Error(`tenantbox: ${keyPath} does not belong to ${certPath}; delete ${path.dirname(keyPath)} to create a new local CA`);
  }
  const notAfter = new Date(nodeCert.validTo);
  if (notAfter.getTime() <= Date.now() + DAY_MS) {
    throw new Error(`tenantbox: the local CA ${certPath} expires ${notAfter.toISOString()}; delete ${path.dirname(certPath)} to create a new one`);
  }
  const caCert = new x509.X509Certificate(pair.certPem);
  const signingKey = await webcrypto.subtle.importKey(
    'pkcs8',
    keyObject.export({ type: 'pkcs8', format: 'der' }),
    EC_KEY,
    false,
    ['sign'],
  );
  const authorityKeyId = await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey);

  async function issueLeaf(hosts: string[]): Promise<{ certPem: string; keyPem: string }> {
    if (hosts.length === 0) throw new Error('tenantbox: issueLeaf needs at least one host name or IP address');
    const names = hosts.map(sanEntry);
    const keys = await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
    const now = Date.now();
    const firstName = names[0].value;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      // Clients check the SAN, never the CN; the CN only makes the certificate readable.
      subject: `CN=${firstName.length <= 64 && names[0].type === 'dns' ? firstName : 'tenantbox'}, O=tenantbox`,
      issuer: caCert.subject,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(Math.min(now + LEAF_LIFETIME_MS, notAfter.getTime())),
      publicKey: keys.publicKey,
      signingKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(names),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        authorityKeyId,
      ],
    });
    return { certPem: cert.toString('pem') + '\n', keyPem: exportPkcs8(keys.privateKey) };
  }

  return { certPem: pair.certPem, keyPem: pair.keyPem, certPath, issueLeaf };
}

function sanEntry(host: string): { type: 'dns' | 'ip'; value: string } {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare)) return { type: 'ip', value: bare };
  const name = bare.toLowerCase().replace(/\.$/, '');
  if (name.length > 253 || !DNS_NAME.test(name)) throw new Error(`tenantbox: cannot issue a certificate for "${host}": not a host name or IP address`);
  return { type: 'dns', value: name };
}

// Positive 128-bit serial (top bit clear so the DER INTEGER needs no sign byte).
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function exportPkcs8(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}
