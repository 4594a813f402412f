import { constants, sign, verify, type KeyObject } from 'node:crypto';

// Compact JWS with node:crypto directly. jose's async API costs a promise and a WebCrypto round trip
// per token; the token endpoint and the Graph verifier both sit on hot paths (bench/token-issuance.ts).
// Issuing signs with node:crypto's callback form, which runs the RSA operation on libuv's thread
// pool: the event loop keeps serving TLS, HTTP and Graph while signatures (~0.3 ms each, several
// times the rest of a client-credentials request) are computed on other cores. Measured in
// bench/token-issuance.ts against the synchronous call: more tokens per second and no more CPU per
// token (the event loop is never stalled behind an RSA operation).

export type JwtAlg = 'RS256' | 'PS256';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `<header>.<payload>` as received: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

export const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs with RS256. `header` may be given pre-encoded (the per-key access-token header never changes). */
export function signJwt(header: Record<string, unknown> | string, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${typeof header === 'string' ? header : b64url(header)}.${b64url(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** signJwt, with the signature computed on the thread pool. */
export function signJwtAsync(header: Record<string, unknown> | string, payload: Record<string, unknown>, key: KeyObject): Promise<string> {
  const input = `${typeof header === 'string' ? header : b64url(header)}.${b64url(payload)}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key, (err, sig) => (err ? reject(err) : resolve(`${input}.${sig.toString('base64url')}`)));
  });
}

/** RS256 on the thread pool over a pre-encoded header and a payload already serialized to JSON text. */
export function signJwtJsonAsync(header: string, payloadJson: string, key: KeyObject): Promise<string> {
  const input = `${header}.${Buffer.from(payloadJson).toString('base64url')}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input, 'latin1'), key, (err, sig) => (err ? reject(err) : resolve(`${input}.${sig.toString('base64url')}`)));
  });
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Splits and parses a compact JWS; undefined when it is not one (never throws). */
export function decodeJwt(token: string): DecodedJwt | undefined {
  if (typeof token !== 'string' || token.length > 64 * 1024) return undefined;
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 1 || second < 0 || token.indexOf('.', second + 1) !== -1) return undefined;
  const h = token.slice(0, first);
  const p = token.slice(first + 1, second);
  const s = token.slice(second + 1);
  if (!B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: token.slice(0, second), signature: Buffer.from(s, 'base64url') };
  } catch {
    return undefined;
  }
}

export function verifySignature(alg: string, jwt: DecodedJwt, key: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  try {
    if (alg === 'RS256') return verify('sha256', data, key, jwt.signature);
    if (alg === 'PS256') {
      return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
    }
  } catch {
    return false;
  }
  return false;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
