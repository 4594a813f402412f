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

// identity-core's verifier, loaded lazily so the Graph surface builds while it is being written.
// Its result is either the verified token (with `claims`) or a failure naming why.
interface IdentityVerifierModule {
  createAccessTokenVerifier(s: Services): { verify(token: string): unknown };
}

export async function createGraphTokenVerifier(s: Services): Promise<GraphTokenVerifier> {
  const path = '../../identity/verify-access-token.js';
  let mod: IdentityVerifierModule;
  try {
    mod = (await import(path)) as IdentityVerifierModule;
  } catch (e) {
    throw new Error(`graph: the identity platform's access-token verifier is not available (${(e as Error).message})`);
  }
  const inner = mod.createAccessTokenVerifier(s);
  return {
    async verify(token) {
      return adaptIdentityResult(await inner.verify(token));
    },
  };
}

/** Accepts the shapes identity-core's verifier may return and reduces them to a TokenCheck. */
export function adaptIdentityResult(result: unknown): TokenCheck {
  const r = result as Record<string, unknown> | undefined;
  if (r && typeof r === 'object') {
    if (r.ok === false || typeof r.reason === 'string' || typeof r.failure === 'string') {
      return { ok: false, reason: normalizeReason(String(r.reason ?? r.failure ?? r.error ?? 'malformed')) };
    }
    const claims = (r.claims ?? r.payload ?? r) as AccessTokenClaims;
    if (claims && typeof claims.tid === 'string' && typeof claims.appid === 'string') return { ok: true, claims };
  }
  return { ok: false, reason: 'malformed' };
}

function normalizeReason(reason: string): TokenFailure {
  const r = reason.toLowerCase();
  if (r.includes('expire')) return 'expired';
  if (r.includes('nbf') || r.includes('not-yet') || r.includes('notyet') || r.includes('not yet')) return 'not-yet-valid';
  if (r.includes('aud')) return 'audience';
  if (r.includes('iss')) return 'issuer';
  if (r.includes('sig') || r.includes('kid') || r.includes('key')) return 'signature';
  return 'malformed';
}
