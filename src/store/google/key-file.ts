import { createHash, createPrivateKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoogleKeyRecord, GoogleKeyStore, GoogleServiceAccountRecord } from './types.js';

// Service-account JSON key files, in Google's exact format (what "Create key > JSON" downloads),
// written to <dataDir>/google/<name>.json. The RSA key is made once per service account and kept
// (in google_key_material, which reset does not clear), so a key file handed to an app stays valid
// across restarts and resets. A data dir whose database lost the key but kept the file adopts the
// file's key rather than breaking the apps that use it.

export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

export function keyFilePath(dataDir: string, name: string): string {
  return join(dataDir, 'google', `${name}.json`);
}

export function keyFileJson(sa: Pick<GoogleServiceAccountRecord, 'projectId' | 'clientEmail' | 'clientId'>, key: GoogleKeyRecord): ServiceAccountKeyFile {
  return {
    type: 'service_account',
    project_id: sa.projectId,
    private_key_id: key.privateKeyId,
    private_key: key.privateKeyPem,
    client_email: sa.clientEmail,
    client_id: sa.clientId,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(sa.clientEmail)}`,
    universe_domain: 'googleapis.com',
  };
}

const generateRsaKey = promisify(generateKeyPair);

/** The key of a service account: kept, adopted from an existing key file, or made now. */
export async function ensureServiceAccountKey(keys: GoogleKeyStore, sa: Pick<GoogleServiceAccountRecord, 'clientEmail'>, file: string, now: Date): Promise<GoogleKeyRecord> {
  const kept = await keys.get(sa.clientEmail);
  if (kept) return kept;
  const adopted = readExistingKey(file, sa.clientEmail);
  const key: GoogleKeyRecord = adopted ?? {
    clientEmail: sa.clientEmail,
    privateKeyId: createHash('sha1').update(randomBytes(32)).digest('hex'),
    // On the thread pool: the event loop goes on seeding while the key is made.
    privateKeyPem: (await generateRsaKey('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })).privateKey,
    createdTime: now.toISOString(),
  };
  await keys.put(key);
  return key;
}

/** Writes the key file if it is missing or different (so an unchanged file keeps its mtime). */
export function writeKeyFile(file: string, content: ServiceAccountKeyFile): void {
  const text = `${JSON.stringify(content, null, 2)}\n`;
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function readExistingKey(file: string, clientEmail: string): GoogleKeyRecord | undefined {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceAccountKeyFile>;
    if (j.client_email?.toLowerCase() !== clientEmail || typeof j.private_key !== 'string' || typeof j.private_key_id !== 'string') return undefined;
    createPrivateKey(j.private_key); // throws on a damaged key
    return { clientEmail, privateKeyId: j.private_key_id, privateKeyPem: j.private_key, createdTime: new Date().toISOString() };
  } catch {
    return undefined;
  }
}
