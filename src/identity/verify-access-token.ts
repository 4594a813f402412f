import type { Services } from '../shared/services.js';
import { v1Issuer } from './discovery-document.js';
import { decodeJwt, verifySignature } from './keys/jwt.js';
import { keyRingFor } from './keys/signing-keys.js';
import { GRAPH_AUDIENCE } from './consent/resources.js';
import { GRAPH_APP_ID } from '../store/types.js';

// The bearer check in front of Graph (and any resource tenantbox serves): RS256 signature against
// the issuing tenant's keys (node:crypto, KeyObjects held by the KeyRing), `iss`, `aud`, and lifetime
// on the injected clock. Verified tokens are cached by their exact string until they expire, so the
// hot path verifies a token once and afterwards pays a Map lookup. What the token does not say
// (service principal enabled, user still there) is for the caller to check per request.

export interface VerifiedToken {
  ok: true;
  claims: Readonly<Record<string, unknown>>;
  tenantId: string;
  appId: string;
  /** Delegated: the user's object id. App-only: the client service principal's object id. */
  oid: string;
  idtyp: 'user' | 'app';
  /** `scp`, split (delegated tokens). */
  scopes: readonly string[];
  /** `roles` (app-only tokens: the granted app roles). */
  roles: readonly string[];
  /** Role template ids of the user's directory roles. */
  wids: readonly string[];
  audience: string;
  /** 0 public client, 1 secret, 2 certificate. */
  appidacr: string;
  expiresAtMs: number;
}

export type AuthFailureReason = 'malformed' | 'unsupported_algorithm' | 'unknown_key' | 'invalid_signature' | 'invalid_issuer' | 'invalid_audience' | 'expired' | 'not_yet_valid';

export interface IdentityAuthFailure {
  ok: false;
  reason: AuthFailureReason;
  /** What Graph says in its InvalidAuthenticationToken error for this case. */
  message: string;
}

export interface AccessTokenVerifier {
  verify(token: string): VerifiedToken | IdentityAuthFailure;
  /** Drops cached verifications (tests; key rotation never needs it since old keys stay valid). */
  clear(): void;
}

export interface VerifierOptions {
  /** Accepted `aud` values; default Microsoft Graph (its URL and appId). */
  audiences?: readonly string[];
  maxCachedTokens?: number;
}

const SKEW_S = 300;

const fail = (reason: AuthFailureReason, message: string): IdentityAuthFailure => ({ ok: false, reason, message });
const MALFORMED = fail('malformed', 'IDX14100: JWT is not well formed, there are no dots (.) or the token is not a JWS in compact serialization.');
const INVALID = (detail: string, reason: AuthFailureReason) => fail(reason, `Access token validation failure. ${detail}`);
const EXPIRED = fail('expired', 'Lifetime validation failed, the token is expired.');
const NOT_YET = fail('not_yet_valid', 'Lifetime validation failed, the token is not yet valid.');

export function createAccessTokenVerifier(s: Pick<Services, 'stores' | 'clock'>, opts: VerifierOptions = {}): AccessTokenVerifier {
  const keys = keyRingFor(s);
  const audiences = new Set((opts.audiences ?? [GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, GRAPH_APP_ID]).map((a) => a.toLowerCase()));
  const max = opts.maxCachedTokens ?? 50_000;
  const cache = new Map<string, VerifiedToken>();

  function verifyUncached(token: string): VerifiedToken | IdentityAuthFailure {
    const jwt = decodeJwt(token);
    if (!jwt) return MALFORMED;
    const { header, payload: p } = jwt;
    if (header.alg !== 'RS256') return INVALID(`The token algorithm '${String(header.alg)}' is not supported.`, 'unsupported_algorithm');
    const tid = typeof p.tid === 'string' ? p.tid : '';
    const kid = typeof header.kid === 'string' ? header.kid : '';
    const key = keys.publicKey(tid, kid);
    if (!key) {
      if (tid) keys.warm(tid);
      return INVALID('The signing key was not found.', 'unknown_key');
    }
    if (!verifySignature('RS256', jwt, key)) return INVALID('Invalid signature.', 'invalid_signature');
    if (p.iss !== v1Issuer(tid)) return INVALID('Invalid issuer.', 'invalid_issuer');
    const aud = typeof p.aud === 'string' ? p.aud : '';
    if (!audiences.has(aud.toLowerCase())) return INVALID('Invalid audience.', 'invalid_audience');
    if (typeof p.exp !== 'number' || typeof p.appid !== 'string' || typeof p.oid !== 'string') return MALFORMED;
    const idtyp = p.idtyp === 'app' ? 'app' : 'user';
    return {
      ok: true,
      claims: Object.freeze(p),
      tenantId: tid,
      appId: p.appid,
      oid: p.oid,
      idtyp,
      scopes: Object.freeze(typeof p.scp === 'string' ? p.scp.split(' ').filter(Boolean) : []),
      roles: Object.freeze(Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : []),
      wids: Object.freeze(Array.isArray(p.wids) ? p.wids.filter((r): r is string => typeof r === 'string') : []),
      audience: aud,
      appidacr: String(p.appidacr ?? ''),
      expiresAtMs: p.exp * 1000,
    };
  }

  return {
    verify(token) {
      const now = s.clock.now();
      let v = cache.get(token);
      if (!v) {
        const r = verifyUncached(token);
        if (!r.ok) return r;
        v = r;
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(token, v);
      }
      if (now >= v.expiresAtMs + SKEW_S * 1000) {
        cache.delete(token);
        return EXPIRED;
      }
      const nbf = v.claims.nbf;
      if (typeof nbf === 'number' && now + SKEW_S * 1000 < nbf * 1000) return NOT_YET;
      return v;
    },
    clear: () => cache.clear(),
  };
}
