import { hashSecret } from '../../shared/ids.js';
import type { GoogleTokenRecord } from '../../store/google/types.js';
import type { GoogleContext } from '../context.js';
import type { Principal } from '../principal.js';

// Opaque access tokens (ya29.-prefixed like Google's, so apps that sniff the prefix are happy),
// stored by hash with the scopes and subject they carry. Lifetime: 3599 s of the emulated clock,
// which is what Google answers in expires_in. Refresh tokens (user flow only: the JWT-bearer grant
// never returns one) are long-lived and stored the same way.

export const ACCESS_TOKEN_SECONDS = 3599;
const REFRESH_TOKEN_MS = 2 * 365 * 86_400_000;

export interface TokenSubject {
  tenantId: string;
  clientId: string;
  subject: string;
  subjectKind: 'user' | 'serviceAccount';
  scopes: string[];
}

export async function issueAccessToken(g: GoogleContext, s: TokenSubject, data: Record<string, unknown> = {}): Promise<{ token: string; expiresIn: number }> {
  const token = `ya29.${g.ids.token(32)}${g.ids.token(32)}`;
  const now = g.clock.now();
  await g.stores.tokens.put({ hash: hashSecret(token), kind: 'access', ...s, createdAt: now, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000, consumedAt: null, data });
  return { token, expiresIn: ACCESS_TOKEN_SECONDS };
}

export async function issueRefreshToken(g: GoogleContext, s: TokenSubject): Promise<string> {
  const token = `1//${g.ids.token(32)}${g.ids.token(16)}`;
  const now = g.clock.now();
  await g.stores.tokens.put({ hash: hashSecret(token), kind: 'refresh', ...s, createdAt: now, expiresAt: now + REFRESH_TOKEN_MS, consumedAt: null, data: {} });
  return token;
}

/** The live access token record, or undefined (unknown, expired, not an access token). */
export async function findAccessToken(g: GoogleContext, token: string): Promise<GoogleTokenRecord | undefined> {
  const rec = await g.stores.tokens.get(hashSecret(token));
  if (!rec || rec.kind !== 'access' || rec.expiresAt <= g.clock.now()) return undefined;
  return rec;
}

/** Who an access token acts for, or undefined when the subject no longer exists or is suspended. */
export async function principalOf(g: GoogleContext, rec: GoogleTokenRecord): Promise<Principal | undefined> {
  if (!rec.subject || !rec.subjectKind) return undefined;
  const customer = await g.stores.directory.getCustomer(rec.tenantId);
  if (!customer) return undefined;
  const client = await clientName(g, rec.clientId);
  if (rec.subjectKind === 'user') {
    const user = await g.stores.directory.getUser(rec.tenantId, rec.subject);
    if (!user || user.suspended) return undefined;
    return { tenantId: rec.tenantId, email: user.primaryEmail, kind: 'user', isAdmin: user.isAdmin, clientId: rec.clientId, clientName: client, scopes: rec.scopes, domain: customer.domain };
  }
  const sa = await g.stores.directory.findServiceAccount(rec.subject);
  if (!sa) return undefined;
  return { tenantId: rec.tenantId, email: sa.clientEmail, kind: 'serviceAccount', isAdmin: false, clientId: rec.clientId, clientName: client, scopes: rec.scopes, domain: customer.domain };
}

export async function clientName(g: GoogleContext, clientId: string): Promise<string> {
  const sa = /^\d+$/.test(clientId) ? await g.stores.directory.findServiceAccount(clientId) : undefined;
  if (sa) return sa.displayName;
  return (await g.stores.directory.findOAuthClient(clientId))?.name ?? clientId;
}
