import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { ApplicationRecord, KeyCredential } from '../../store/types.js';
import { identityErrors } from '../errors.js';
import { decodeJwt, verifySignature } from '../keys/jwt.js';
import type { ClientAuthContext } from './authenticate-client.js';

// Certificate credentials (private_key_jwt): the JWT msal-node builds from `clientCertificate`
// (client-compat §1.4): PS256 with `x5t#S256`, or RS256 with the legacy SHA-1 `x5t`; `aud` is the
// token endpoint as the client used it; iss = sub = client id; nbf/exp around now.

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CLOCK_SKEW_S = 300;

// Certificates are parsed once per PEM: the assertion check sits on the client-credentials hot path.
const keyCache = new Map<string, KeyObject>();

function certificateKey(pem: string): KeyObject {
  let k = keyCache.get(pem);
  if (!k) {
    k = createPublicKey(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'pem' }));
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(pem, k);
  }
  return k;
}

export function verifyClientAssertion(ctx: ClientAuthContext, app: ApplicationRecord, assertion: string): void {
  const jwt = decodeJwt(assertion);
  if (!jwt) throw identityErrors.assertionMalformed('The client_assertion is not a JWS in compact serialization.');
  const alg = String(jwt.header.alg ?? '');
  if (alg !== 'RS256' && alg !== 'PS256') throw identityErrors.assertionMalformed(`The client_assertion algorithm '${alg}' is not supported: use RS256 or PS256.`);
  const x5tS256 = typeof jwt.header['x5t#S256'] === 'string' ? (jwt.header['x5t#S256'] as string) : undefined;
  const x5t = typeof jwt.header.x5t === 'string' ? (jwt.header.x5t as string) : undefined;
  const thumb = x5tS256 ?? x5t;
  const cred: KeyCredential | undefined = app.keyCredentials.find((k) => (x5tS256 && sameThumb(k.thumbprintSha256, x5tS256)) || (x5t && sameThumb(k.thumbprintSha1, x5t)));
  if (!cred) throw identityErrors.assertionSignatureInvalid('The key was not found.', thumbHex(thumb), app.appId);
  const now = ctx.s.clock.now();
  if (Date.parse(cred.endDateTime) <= now) throw identityErrors.assertionSignatureInvalid('The key used is expired.', thumbHex(thumb), app.appId);
  if (!verifySignature(alg, jwt, certificateKey(cred.pem))) {
    throw identityErrors.assertionSignatureInvalid('The provided signature value did not match the expected signature value.', thumbHex(thumb), app.appId);
  }

  const p = jwt.payload;
  if (p.iss !== app.appId || p.sub !== app.appId) throw identityErrors.assertionMalformed(`The client_assertion's 'iss' and 'sub' must both be the client id '${app.appId}'.`);
  const auds = Array.isArray(p.aud) ? p.aud : [p.aud];
  if (!auds.some((a) => typeof a === 'string' && ctx.acceptedAudiences(a))) {
    throw identityErrors.assertionMalformed(`The client_assertion's audience '${String(p.aud)}' is not this token endpoint.`);
  }
  const nowS = Math.floor(now / 1000);
  const exp = typeof p.exp === 'number' ? p.exp : undefined;
  const nbf = typeof p.nbf === 'number' ? p.nbf : undefined;
  if (exp === undefined || nowS > exp + CLOCK_SKEW_S || (nbf !== undefined && nowS + CLOCK_SKEW_S < nbf)) {
    throw identityErrors.assertionOutsideValidity(now, nbf === undefined ? undefined : nbf * 1000, exp === undefined ? undefined : exp * 1000);
  }
}

function sameThumb(stored: string, given: string): boolean {
  const norm = (v: string) => v.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return norm(stored) === norm(given);
}

/** Entra quotes thumbprints as upper-case hex. */
function thumbHex(b64: string | undefined): string | undefined {
  if (!b64) return undefined;
  try {
    return Buffer.from(b64, 'base64url').toString('hex').toUpperCase();
  } catch {
    return b64;
  }
}
