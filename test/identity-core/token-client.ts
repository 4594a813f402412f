import { createHash, createPrivateKey, randomUUID, sign, constants } from 'node:crypto';
import { hashSecret } from '../../src/shared/ids.js';
import type { AuthorizationCodeData } from '../../src/identity/records.js';
import type { TestTenantbox } from '../harness/tenantbox.js';
import type { TestCertificate } from './tenant.js';

// Raw token-endpoint calls for the refusal suites (fetch, no client library in between), and the
// few records those suites plant directly (authorization codes, as /authorize writes them).

export interface TokenAnswer {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

export async function postToken(tb: TestTenantbox, tenant: string, params: Record<string, string>, init: { headers?: Record<string, string>; path?: string } = {}): Promise<TokenAnswer> {
  const res = await tb.fetch(init.path ?? `/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  let body: Record<string, any>;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, headers: res.headers };
}

/** The AADSTS code of an error answer (from error_codes and error_description, which must agree). */
export function aadsts(a: TokenAnswer): number | undefined {
  const code = a.body.error_codes?.[0];
  const fromText = /^AADSTS(\d+):/.exec(a.body.error_description ?? '')?.[1];
  return code !== undefined && Number(fromText) === code ? code : undefined;
}

export function clientAssertion(cert: TestCertificate, clientId: string, aud: string, o: { alg?: 'PS256' | 'RS256'; iat?: number; exp?: number; iss?: string } = {}): string {
  const alg = o.alg ?? 'PS256';
  const der = Buffer.from(cert.der, 'base64');
  const header = alg === 'PS256' ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') } : { alg, typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  const payload = { aud, iss: o.iss ?? clientId, sub: clientId, jti: randomUUID(), iat, nbf: iat, exp: o.exp ?? iat + 600 };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const key = createPrivateKey(cert.privateKeyPem);
  const sig = alg === 'PS256' ? sign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }) : sign('sha256', Buffer.from(input), key);
  return `${input}.${sig.toString('base64url')}`;
}

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Plants an authorization code the way /authorize writes it (records.ts). */
export async function plantCode(tb: TestTenantbox, o: { tenantId: string; clientId: string; userId: string; data: Partial<AuthorizationCodeData>; ageMs?: number }): Promise<string> {
  const code = `1.A${randomUUID()}${randomUUID()}`;
  const now = tb.clock.now() - (o.ageMs ?? 0);
  const data: AuthorizationCodeData = { redirectUri: 'http://localhost:3000/auth', scope: 'User.Read offline_access openid profile', spa: false, authTime: Math.floor(now / 1000), clientInfo: true, ...o.data };
  await tb.stores.tokens.put({ hash: hashSecret(code), kind: 'authorization_code', tenantId: o.tenantId, clientId: o.clientId, userId: o.userId, data, createdAt: now, expiresAt: now + 10 * 60_000, consumedAt: null });
  return code;
}

export function pkce(verifier = `v-${randomUUID()}-${randomUUID()}`): { verifier: string; challenge: string } {
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
