import type { Services } from '../../shared/services.js';
import { hashSecret } from '../../shared/ids.js';
import type { UserRecord } from '../../store/types.js';
import { identityErrors } from '../errors.js';
import type { RefreshTokenData, RefreshTokenRecord } from '../records.js';

// Refresh tokens (permission-semantics §2.3.5-6, §2.4): opaque, stored by hash, bound to (user, client).
// Confidential and public clients: 90 days of inactivity, reset on every use. SPAs: a fixed 24 h from
// the first sign-in, which every token derived from it keeps. Each redemption returns a new token and
// leaves the old one valid (Entra does not revoke it). All times come from the injected clock.

export const REFRESH_INACTIVITY_MS = 90 * 24 * 3600_000;
export const SPA_REFRESH_LIFETIME_MS = 24 * 3600_000;

type S = Pick<Services, 'stores' | 'clock' | 'ids'>;

export interface NewRefreshToken {
  token: string;
  expiresAt: number;
}

export async function issueRefreshToken(
  s: S,
  r: { tenantId: string; clientId: string; userId: string; data: RefreshTokenData; /** SPA family deadline to keep. */ fixedExpiresAt?: number },
): Promise<NewRefreshToken> {
  const now = s.clock.now();
  const token = `1.A${s.ids.token(32)}${s.ids.token(32)}`;
  const expiresAt = r.data.spa ? (r.fixedExpiresAt ?? r.data.issuedAt + SPA_REFRESH_LIFETIME_MS) : now + REFRESH_INACTIVITY_MS;
  await s.stores.tokens.put({ hash: hashSecret(token), kind: 'refresh_token', tenantId: r.tenantId, clientId: r.clientId, userId: r.userId, data: r.data, createdAt: now, expiresAt, consumedAt: null });
  return { token, expiresAt };
}

/**
 * Looks a refresh token up for `clientAppId` and checks it: unknown or another client's → 70000,
 * SPA past 24 h → 700084, inactive 90 days → 700082, the user's sessions revoked after it was issued
 * → 50173, user disabled → 50057, deleted → 50034. Marks the use (sliding window).
 */
export async function redeemRefreshToken(s: S, token: string, clientAppId: string): Promise<{ record: RefreshTokenRecord; user: UserRecord }> {
  const hash = hashSecret(token);
  const rec = (await s.stores.tokens.get(hash)) as RefreshTokenRecord | undefined;
  if (!rec || rec.kind !== 'refresh_token' || !rec.userId) throw identityErrors.invalidGrant();
  if (rec.clientId !== clientAppId) throw identityErrors.invalidGrant('The refresh token was issued to a different client.');
  const now = s.clock.now();
  if (now >= rec.expiresAt) {
    if (rec.data.spa) throw identityErrors.spaRefreshTokenExpired(rec.data.issuedAt);
    throw identityErrors.refreshTokenExpired(rec.createdAt);
  }
  const user = await s.stores.directory.getUser(rec.tenantId, rec.userId);
  if (!user) throw identityErrors.userNotFound(rec.tenantId);
  if (!user.accountEnabled) throw identityErrors.userDisabled();
  const validFrom = user.signInSessionsValidFromDateTime ? Date.parse(user.signInSessionsValidFromDateTime) : NaN;
  if (!Number.isNaN(validFrom) && rec.data.issuedAt < validFrom) throw identityErrors.refreshTokenRevoked(rec.data.issuedAt, validFrom);
  if (!rec.data.spa) await s.stores.tokens.update(hash, { expiresAt: now + REFRESH_INACTIVITY_MS });
  return { record: rec, user };
}
