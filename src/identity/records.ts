import type { TokenGrantRecord } from '../store/types.js';

// The `data` of the TokenStore records the identity platform writes. These are the contract between
// the authorize / device-login pages (which write codes and approve device codes) and the token
// endpoint (which redeems them). Every record is stored under `hashSecret(<the secret the client
// holds>)`; the secret itself is never stored.

/** Authorization codes live about 10 minutes (entra-docs v2-oauth2-auth-code-flow). */
export const AUTH_CODE_LIFETIME_MS = 10 * 60_000;
/** Device codes: `expires_in` 900 s by default (entra-docs v2-oauth2-device-code). */
export const DEVICE_CODE_LIFETIME_MS = 15 * 60_000;
export const DEVICE_CODE_INTERVAL_S = 5;

/**
 * kind 'authorization_code', written by /authorize: `hash = hashSecret(code)`, `userId` = the user's
 * object id, `clientId` = the client appId, `tenantId` = the tenant the user signed in to,
 * `expiresAt = createdAt + AUTH_CODE_LIFETIME_MS`, `consumedAt = null`.
 */
export interface AuthorizationCodeData {
  /** Exactly as sent to /authorize; the token request must repeat it. */
  redirectUri: string;
  /** The `scope` parameter as requested (space-separated, unmodified). */
  scope: string;
  codeChallenge?: string;
  /** Absent means `plain` (as Entra assumes when `code_challenge_method` is omitted). */
  codeChallengeMethod?: 'S256' | 'plain';
  nonce?: string;
  /** The redirect URI is registered as a SPA one: 24 h refresh token, cross-origin redemption only. */
  spa: boolean;
  /** When the user authenticated, epoch seconds (the `auth_time` / sign-in session start). */
  authTime: number;
  /** The client sent `client_info=1`: answer with `client_info` on redemption. */
  clientInfo: boolean;
  /** The browser session had passed MFA (Conditional Access). */
  mfa?: boolean;
  [k: string]: unknown;
}

export type DeviceCodeStatus = 'pending' | 'approved' | 'declined';

/**
 * kind 'device_code', written by /devicecode: `hash = hashSecret(device_code)`, `userId = null` until
 * approved. The device login page finds it with `TokenStore.findByUserCode(userCode)` and approves it
 * with `update(hash, { data: { ...data, status: 'approved', userId, authTime } })` after sign-in and
 * consent (or `status: 'declined'`). The token endpoint marks it consumed on redemption.
 */
export interface DeviceCodeData {
  userCode: string;
  /** The `scope` parameter as requested. */
  scope: string;
  status: DeviceCodeStatus;
  interval: number;
  userId?: string;
  /** Epoch seconds of the sign-in on the device login page. */
  authTime?: number;
  /**
   * The user's tenant, set on approval when the code was requested on /common or /organizations
   * (the record's own tenantId is then that alias).
   */
  tenantId?: string;
  /** The device-login sign-in passed MFA (Conditional Access approve step): set on approval. */
  mfa?: boolean;
  [k: string]: unknown;
}

/**
 * kind 'refresh_token', written by the token endpoint only. Bound to (user, client), not to a resource.
 * `expiresAt` is the inactivity deadline (90 days sliding) or, for SPAs, the fixed 24 h deadline.
 */
export interface RefreshTokenData {
  /** The scopes of the grant that first produced this token family, as requested. */
  scope: string;
  spa: boolean;
  /** When the family started (first sign-in), epoch ms: compared with signInSessionsValidFromDateTime. */
  issuedAt: number;
  /** Epoch seconds of the original authentication. */
  authTime: number;
  clientInfo: boolean;
  /** The family was obtained with a client credential: redeeming it needs one too. */
  confidential?: boolean;
  /** OBO refresh tokens remember the middle tier's assertion hash, so MSAL's cache keys line up. */
  oboAssertionHash?: string;
  /** The family's sign-in passed MFA (amr pwd+mfa); Conditional Access MFA policies stay satisfied. */
  mfa?: boolean;
  [k: string]: unknown;
}

export type AuthorizationCodeRecord = TokenGrantRecord & { kind: 'authorization_code'; data: AuthorizationCodeData; userId: string };
export type DeviceCodeRecord = TokenGrantRecord & { kind: 'device_code'; data: DeviceCodeData };
export type RefreshTokenRecord = TokenGrantRecord & { kind: 'refresh_token'; data: RefreshTokenData; userId: string };
