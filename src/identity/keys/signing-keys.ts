import { createHash, createPrivateKey, createPublicKey, randomBytes, webcrypto, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Services } from '../../shared/services.js';
import type { SigningKeyRecord } from '../../store/types.js';
import { loadX509 } from '../../tls/x509.js';
import { b64url } from './jwt.js';

// Per-tenant RSA 2048 signing keys. Created on first use, kept in the KeyStore (a reset keeps them, so
// tokens an app cached stay verifiable), and held in memory as KeyObjects: signing and verifying never
// touch the store. Rotation makes a new active key and keeps the old one in JWKS as `previous`, the way
// Entra publishes upcoming and past keys side by side. `kid` = `x5t` = SHA-1 thumbprint of a
// self-signed certificate for the key, as in Entra's JWKS.

export interface LoadedKey {
  record: SigningKeyRecord;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** base64url of the access-token header `{typ, alg, x5t, kid}`: encoded once per key. */
  accessTokenHeader: string;
  /** base64url of the id-token header `{typ, alg, kid}`. */
  idTokenHeader: string;
}

interface TenantKeys {
  active: LoadedKey | undefined;
  byKid: Map<string, LoadedKey>;
}

const CERT_LIFETIME_MS = 5 * 365 * 24 * 3600_000;

export class KeyRing {
  private readonly tenants = new Map<string, TenantKeys>();
  private readonly pending = new Map<string, Promise<TenantKeys>>();

  constructor(private readonly s: Pick<Services, 'stores' | 'clock'>) {}

  /** Loads every tenant's keys, so `publicKey` answers synchronously from the first request. */
  async loadAll(): Promise<void> {
    const tenants = await this.s.stores.directory.listTenants();
    await Promise.all(tenants.map((t) => this.load(t.id)));
  }

  /** The key that signs now; created on first use. */
  async active(tenantId: string): Promise<LoadedKey> {
    const cached = this.tenants.get(tenantId)?.active;
    if (cached) return cached;
    const keys = await this.load(tenantId);
    if (keys.active) return keys.active;
    return this.create(tenantId, keys);
  }

  /** Synchronous lookup for verification (undefined when not loaded or unknown). */
  publicKey(tenantId: string, kid: string): KeyObject | undefined {
    return this.tenants.get(tenantId)?.byKid.get(kid)?.publicKey;
  }

  /** Starts loading a tenant that has not been seen yet (a verifier met its kid before any signing). */
  warm(tenantId: string): void {
    if (!this.tenants.has(tenantId)) void this.load(tenantId).catch(() => undefined);
  }

  async jwks(tenantId: string, issuer?: string): Promise<{ keys: Record<string, unknown>[] }> {
    await this.active(tenantId);
    const keys = [...(this.tenants.get(tenantId)?.byKid.values() ?? [])]
      .filter((k) => k.record.status !== 'retired')
      // Active first, then previous (newest first): what clients that pick the first key expect.
      .sort((a, b) => rank(a) - rank(b) || b.record.createdDateTime.localeCompare(a.record.createdDateTime))
      .map((k) => ({
        kty: 'RSA',
        use: 'sig',
        kid: k.record.kid,
        x5t: k.record.x5t,
        n: k.record.publicJwk.n,
        e: k.record.publicJwk.e,
        x5c: [k.record.x5c],
        ...(issuer ? { issuer } : {}),
      }));
    return { keys };
  }

  /** Makes a new active key; the old active one stays published as `previous`. */
  async rotate(tenantId: string): Promise<{ active: string; previous: string[] }> {
    const keys = await this.load(tenantId);
    const old = keys.active;
    if (old) {
      const demoted: SigningKeyRecord = { ...old.record, status: 'previous' };
      await this.s.stores.keys.putKey(demoted);
      keys.byKid.set(demoted.kid, { ...old, record: demoted });
      keys.active = undefined;
    }
    const created = await this.create(tenantId, keys);
    return { active: created.record.kid, previous: [...keys.byKid.values()].filter((k) => k.record.status === 'previous').map((k) => k.record.kid) };
  }

  private load(tenantId: string): Promise<TenantKeys> {
    const have = this.tenants.get(tenantId);
    if (have) return Promise.resolve(have);
    let p = this.pending.get(tenantId);
    if (!p) {
      p = (async () => {
        const records = await this.s.stores.keys.listKeys(tenantId);
        const keys: TenantKeys = { active: undefined, byKid: new Map() };
        for (const r of records) {
          const k = loadKey(r);
          keys.byKid.set(r.kid, k);
          if (r.status === 'active' && (!keys.active || r.createdDateTime > keys.active.record.createdDateTime)) keys.active = k;
        }
        this.tenants.set(tenantId, keys);
        this.pending.delete(tenantId);
        return keys;
      })();
      p.catch(() => this.pending.delete(tenantId));
      this.pending.set(tenantId, p);
    }
    return p;
  }

  private creating = new Map<string, Promise<LoadedKey>>();

  private create(tenantId: string, keys: TenantKeys): Promise<LoadedKey> {
    let p = this.creating.get(tenantId);
    if (!p) {
      p = (async () => {
        const record = await newSigningKey(tenantId, this.s.clock.now());
        await this.s.stores.keys.putKey(record);
        const k = loadKey(record);
        keys.byKid.set(record.kid, k);
        keys.active = k;
        return k;
      })().finally(() => this.creating.delete(tenantId));
      this.creating.set(tenantId, p);
    }
    return p;
  }
}

const rank = (k: LoadedKey) => (k.record.status === 'active' ? 0 : 1);

function loadKey(record: SigningKeyRecord): LoadedKey {
  const privateKey = createPrivateKey({ key: record.privateJwk as unknown as JsonWebKey, format: 'jwk' });
  const publicKey = createPublicKey({ key: record.publicJwk as unknown as JsonWebKey, format: 'jwk' });
  return {
    record,
    privateKey,
    publicKey,
    accessTokenHeader: b64url({ typ: 'JWT', alg: 'RS256', x5t: record.x5t, kid: record.kid }),
    idTokenHeader: b64url({ typ: 'JWT', alg: 'RS256', kid: record.kid }),
  };
}

/** RSA 2048 + a self-signed certificate (for `x5c` / `x5t`), as a KeyStore record. */
export async function newSigningKey(tenantId: string, nowMs: number): Promise<SigningKeyRecord> {
  const x509 = await loadX509();
  const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
  const pair = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    name: 'CN=accounts.accesscontrol.windows.net',
    notBefore: new Date(nowMs - 3600_000),
    notAfter: new Date(nowMs + CERT_LIFETIME_MS),
    keys: pair as unknown as CryptoKeyPair,
    signingAlgorithm: alg,
  });
  const der = Buffer.from(cert.rawData);
  const x5t = createHash('sha1').update(der).digest('base64url');
  const privateJwk = (await webcrypto.subtle.exportKey('jwk', pair.privateKey)) as Record<string, unknown>;
  const publicJwk = (await webcrypto.subtle.exportKey('jwk', pair.publicKey)) as Record<string, unknown>;
  // WebCrypto stamps alg/key_ops/ext; node's KeyObject import wants a plain RSA JWK.
  for (const j of [privateJwk, publicJwk]) {
    delete j.alg;
    delete j.key_ops;
    delete j.ext;
  }
  return {
    tenantId,
    kid: x5t,
    privateJwk,
    publicJwk,
    x5c: der.toString('base64'),
    x5t,
    status: 'active',
    createdDateTime: new Date(nowMs).toISOString(),
  };
}

const rings = new WeakMap<object, KeyRing>();

/**
 * The one KeyRing of a running tenantbox (keyed by its Services object): the token endpoint signs
 * with it and the Graph verifier (verify-access-token.ts) reads the same in-memory keys.
 */
export function keyRingFor(s: Pick<Services, 'stores' | 'clock'>): KeyRing {
  const key = s.stores as object;
  let ring = rings.get(key);
  if (!ring) {
    ring = new KeyRing(s);
    rings.set(key, ring);
  }
  return ring;
}
