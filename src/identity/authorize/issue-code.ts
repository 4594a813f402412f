import { hashSecret } from '../../shared/ids.js';
import type { Services } from '../../shared/services.js';
import type { UserRecord } from '../../store/types.js';
import { AUTH_CODE_LIFETIME_MS, type AuthorizationCodeData, type AuthorizationCodeRecord } from '../records.js';
import type { AuthorizeRequest } from './authorize-request.js';

// The end of a successful /authorize: a one-time code stored by hash for the token endpoint to
// redeem (records.ts is the contract), and the parameters sent back to the app.

export async function issueAuthorizationCode(s: Services, ar: AuthorizeRequest, user: UserRecord, authTime: number, mfa = false): Promise<Record<string, string>> {
  const code = s.ids.token(48);
  const now = s.clock.now();
  const data: AuthorizationCodeData = {
    redirectUri: ar.redirect.uri,
    scope: ar.scope,
    spa: ar.redirect.platform === 'spa',
    // Which registration matched (loopback URIs match on any port, so the token endpoint cannot
    // find the platform by comparing strings): 'publicClient' and 'spa' codes are redeemed without a secret.
    platform: ar.redirect.platform,
    authTime,
    clientInfo: ar.clientInfo,
    ...(mfa ? { mfa: true } : {}),
    ...(ar.codeChallenge !== undefined ? { codeChallenge: ar.codeChallenge, codeChallengeMethod: ar.codeChallengeMethod ?? 'plain' } : {}),
    ...(ar.nonce !== undefined ? { nonce: ar.nonce } : {}),
  };
  const record: AuthorizationCodeRecord = {
    hash: hashSecret(code),
    kind: 'authorization_code',
    tenantId: user.tenantId,
    clientId: ar.app.appId,
    userId: user.id,
    data,
    createdAt: now,
    expiresAt: now + AUTH_CODE_LIFETIME_MS,
    consumedAt: null,
  };
  await s.stores.tokens.put(record);
  // Entra's order: code, client_info, state, session_state.
  return {
    code,
    ...(ar.clientInfo ? { client_info: clientInfo(user) } : {}),
    ...(ar.state !== undefined ? { state: ar.state } : {}),
  };
}

/** base64url(JSON {uid, utid}): MSAL's home account id is `uid.utid`. */
export function clientInfo(user: Pick<UserRecord, 'id' | 'tenantId'>): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString('base64url');
}
