import { createAccessTokenVerifier, type AuthFailureReason } from '../../identity/verify-access-token.js';
import type { Services } from '../../shared/services.js';
import { graphErrors, type GraphError } from '../errors.js';
import type { AccessTokenClaims } from './principal.js';

// The seam between the Graph pipeline and the identity platform's access-token verifier
// (src/identity/verify-access-token.ts: signature and kid, `aud` = Graph, `iss` = the tenant's v1
// issuer, lifetime by the injected clock, a cache of verified token strings). The pipeline only
// needs "claims or the reason why not"; tests inject a verifier that maps fixed strings to claims.

export type TokenFailure = 'malformed' | 'signature' | 'audience' | 'issuer' | 'expired' | 'not-yet-valid';

export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: TokenFailure };

export interface GraphTokenVerifier {
  verify(token: string): TokenCheck | Promise<TokenCheck>;
}

/** The 401 Graph answers for each failure (semantics doc §4.1 step 1). */
export function tokenFailureError(reason: TokenFailure): GraphError {
  switch (reason) {
    case 'malformed':
      return graphErrors.tokenMalformed();
    case 'signature':
      return graphErrors.tokenSignatureInvalid();
    case 'audience':
      return graphErrors.tokenAudienceInvalid();
    case 'issuer':
      return graphErrors.tokenIssuerInvalid();
    case 'expired':
      return graphErrors.tokenExpired();
    case 'not-yet-valid':
      return graphErrors.tokenNotYetValid();
  }
}

/** The identity platform's verifier (one per Services: it caches verified token strings). */
export function createGraphTokenVerifier(s: Services): GraphTokenVerifier {
  const inner = createAccessTokenVerifier(s);
  return {
    verify(token) {
      const r = inner.verify(token);
      if (!r.ok) return { ok: false, reason: REASONS[r.reason] };
      return { ok: true, claims: r.claims as AccessTokenClaims };
    },
  };
}

const REASONS: Record<AuthFailureReason, TokenFailure> = {
  malformed: 'malformed',
  unsupported_algorithm: 'signature',
  unknown_key: 'signature',
  invalid_signature: 'signature',
  invalid_issuer: 'issuer',
  invalid_audience: 'audience',
  expired: 'expired',
  not_yet_valid: 'not-yet-valid',
};
